package nl.waarborg.disclosures.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import nl.waarborg.disclosures.Disclosures;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.SubjectDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Two demands for {@code serve --demo}: a police demand for a demo customer's traffic data, answered and still
 * running (so the customer's data is held), which the customer may know of from next year; and a 112 caller location
 * for a number no customer has, answered and closed.
 */
@Component
@ConditionalOnProperty(name = "waarborg.demo.enabled", havingValue = "true")
class DisclosuresDemoData {

    private static final Logger log = LoggerFactory.getLogger(DisclosuresDemoData.class);

    private final Disclosures disclosures;
    private final nl.waarborg.disclosures.Transfers transfers;
    private final SubjectDirectory directory;
    private final JdbcClient jdbc;
    private final Clock clock;

    DisclosuresDemoData(
            Disclosures disclosures,
            nl.waarborg.disclosures.Transfers transfers,
            SubjectDirectory directory,
            JdbcClient jdbc,
            Clock clock) {
        this.disclosures = disclosures;
        this.transfers = transfers;
        this.directory = directory;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Order(130)
    @EventListener(ApplicationReadyEvent.class)
    public void load() {
        if (jdbc.sql("SELECT count(*) FROM authority_disclosure")
                        .query(Long.class)
                        .single()
                > 0) {
            return;
        }
        List<UUID> jan = directory.find(new Identifier(IdentifierKind.EMAIL, "jan.devries@example.nl"), "demo data");
        if (jan.isEmpty()) {
            return;
        }
        LocalDate today = LocalDate.now(clock.withZone(java.time.ZoneId.of("Europe/Amsterdam")));
        var police = disclosures.record(new Disclosures.NewDisclosure(
                "Politie Eenheid Midden-Nederland",
                "SV_126N",
                null,
                "PL0900-2026-004417",
                clock.instant().minus(Duration.ofDays(6)),
                jan.get(0),
                null,
                List.of("traffic-data"),
                today.minusMonths(2).withDayOfMonth(1),
                today.minusMonths(1).withDayOfMonth(1).minusDays(1),
                null,
                "NOT_YET",
                today.plusYears(1).withDayOfMonth(1)));
        disclosures.answer(
                police.reference(),
                clock.instant().minus(Duration.ofDays(4)),
                "Verkeersgegevens van het mobiele nummer over de gevraagde maand, als CSV via het beveiligde portaal");
        var emergency = disclosures.record(new Disclosures.NewDisclosure(
                "Meldkamer Ambulancezorg",
                "EMERGENCY_112",
                null,
                "112-2026-88412",
                clock.instant().minus(Duration.ofDays(20)),
                null,
                "+31612999001",
                List.of("traffic-data"),
                null,
                null,
                null,
                "YES",
                null));
        disclosures.answer(
                emergency.reference(),
                clock.instant().minus(Duration.ofDays(20)).plusSeconds(40),
                "Nummer en locatie van de beller tijdens het gesprek");
        disclosures.close(emergency.reference(), "Eenmalige opvraging tijdens een 112-gesprek");
        // What the billing platform and the alarm centre reported receiving, so the recipients page has a log to show.
        int sent = 0;
        List<UUID> pieter =
                directory.find(new Identifier(IdentifierKind.EMAIL, "pieter.bakker@example.nl"), "demo data");
        for (int month = 1; month <= 3; month++) {
            sent += transfer("billing", jan.get(0), List.of("invoices"), month, "FACT-DEMO-" + month);
        }
        if (!pieter.isEmpty()) {
            sent += transfer("alarm-centre", pieter.get(0), List.of("keyholders"), 2, "MELDKAMER-DEMO-1");
        }
        log.info("Demo disclosures: 2 demands and {} transfers to recipients added", sent);
    }

    /** One reported transfer; 0 when the register in force does not send that category there. */
    private int transfer(String recipient, UUID subject, List<String> categories, int monthsAgo, String reference) {
        try {
            transfers.record(
                    recipient,
                    new nl.waarborg.disclosures.Transfers.NewTransfer(
                            subject, categories, clock.instant().minus(Duration.ofDays(30L * monthsAgo)), reference));
            return 1;
        } catch (nl.waarborg.errors.DomainException e) {
            log.info("Demo transfer to {} left out: {}", recipient, e.detail());
            return 0;
        }
    }
}
