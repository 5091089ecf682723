package nl.waarborg.breaches.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import nl.waarborg.breaches.Breach;
import nl.waarborg.breaches.Breaches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * One breach for {@code serve --demo}, so that the register shows a clock running: found twenty hours ago, assessed
 * as a risk, the notice to the authority still to send. Added only to an empty register.
 */
@Component
@ConditionalOnProperty(name = "waarborg.demo.enabled", havingValue = "true")
class BreachesDemoData {

    private static final Logger log = LoggerFactory.getLogger(BreachesDemoData.class);

    private final Breaches breaches;
    private final JdbcClient jdbc;
    private final Clock clock;

    BreachesDemoData(Breaches breaches, JdbcClient jdbc, Clock clock) {
        this.breaches = breaches;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Order(120)
    @EventListener(ApplicationReadyEvent.class)
    public void load() {
        if (jdbc.sql("SELECT count(*) FROM breach").query(Long.class).single() > 0) {
            return;
        }
        Breach b = breaches.report(new Breaches.Facts(
                "Klantoverzicht naar verkeerde partner gemaild",
                "Een medewerker stuurde een overzicht met namen, adressen en telefoonnummers van klanten naar een"
                        + " installatiepartner die niet voor deze klanten werkt. De ontvanger is gevraagd het te"
                        + " verwijderen.",
                clock.instant().minus(Duration.ofHours(22)),
                clock.instant().minus(Duration.ofHours(20)),
                false,
                List.of(Breach.Nature.CONFIDENTIALITY),
                List.of("customer-contacts", "service-address"),
                180,
                180,
                false,
                false,
                "Ongewenste post of telefoontjes; bij alarmklanten weet een buitenstaander waar een alarm hangt.",
                "De ontvanger bevestigde per e-mail dat het bestand verwijderd is.",
                "Adresaanvulling in de mailclient uitgezet voor externe adressen."));
        breaches.assess(
                b.reference(),
                new Breaches.Assessment(
                        Breach.Risk.RISK,
                        null,
                        null,
                        null,
                        "Gegevens van 180 klanten bij één bekende ontvanger die verwijdering bevestigde: een risico,"
                                + " geen hoog risico."));
        log.info("Demo breaches: 1 added");
    }
}
