package nl.waarborg.requests.internal;

import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Three requests of the demo customers for {@code serve --demo}, so that the queue shows the states a desk meets: one
 * in progress and overdue, one waiting for identity information, one just received with a letter's postmark. Added
 * only to a database without requests, after the demo customers exist.
 */
@Component
@ConditionalOnProperty(name = "waarborg.demo.enabled", havingValue = "true")
class RequestsDemoData {

    private static final Logger log = LoggerFactory.getLogger(RequestsDemoData.class);

    private final RequestDesk desk;
    private final JdbcClient jdbc;

    RequestsDemoData(RequestDesk desk, JdbcClient jdbc) {
        this.desk = desk;
        this.jdbc = jdbc;
    }

    @Order(100)
    @EventListener(ApplicationReadyEvent.class)
    public void load() {
        if (jdbc.sql("SELECT count(*) FROM request").query(Long.class).single() > 0) {
            return;
        }
        LocalDate today = desk.today();
        DataSubjectRequest overdue = desk.submit(new RequestDesk.NewRequest(
                "LETTER",
                today.minusDays(40),
                List.of("ACCESS"),
                "nl",
                "J. de Vries",
                "jan.devries@example.nl",
                null,
                null,
                "Graag een kopie van alle gegevens die u van mij heeft, ook de gesprekken die zijn opgenomen.",
                List.of()));
        desk.verify(overdue.reference(), "KNOWN_CONTACT", "Brief vanaf het bekende adres, bevestigd per e-mail");
        desk.start(overdue.reference());
        DataSubjectRequest waiting = desk.submit(new RequestDesk.NewRequest(
                "PHONE",
                today.minusDays(5),
                List.of("ERASURE"),
                "en",
                "Fatima",
                null,
                "06 12345 001",
                null,
                "Asks to remove her data now that the contract has ended.",
                List.of()));
        desk.requestVerification(waiting.reference(), "One-time code sent to the mobile number on file");
        desk.submit(new RequestDesk.NewRequest(
                "LETTER",
                today.minusDays(2),
                List.of("RECTIFICATION", "RESTRICTION"),
                "nl",
                "P. Bakker",
                "pieter.bakker@example.nl",
                null,
                null,
                "Huisnummer klopt niet; tot het is hersteld geen post meer naar het oude adres.",
                List.of()));
        log.info("Demo requests: 3 added");
    }
}
