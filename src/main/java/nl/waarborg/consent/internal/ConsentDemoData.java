package nl.waarborg.consent.internal;

import java.util.List;
import nl.waarborg.consent.ConsentLedger;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Consents of the demo customers for {@code serve --demo}, so that the console's consent page, a subject's history
 * and the portal's consent page have something to show: one newsletter consent that stands, one withdrawn. Added only
 * to a ledger without events, when the register in force asks consent for the newsletter.
 */
@Component
@ConditionalOnProperty(name = "waarborg.demo.enabled", havingValue = "true")
class ConsentDemoData {

    private static final Logger log = LoggerFactory.getLogger(ConsentDemoData.class);
    static final String WORDING = "Ja, ik wil de nieuwsbrief van Demo Telecom ontvangen: één keer per maand nieuws over"
            + " onze diensten. Afmelden kan altijd, met de link onder elke nieuwsbrief.";

    private final ConsentLedger ledger;
    private final JdbcClient jdbc;

    ConsentDemoData(ConsentLedger ledger, JdbcClient jdbc) {
        this.ledger = ledger;
        this.jdbc = jdbc;
    }

    @Order(110)
    @EventListener(ApplicationReadyEvent.class)
    public void load() {
        if (jdbc.sql("SELECT count(*) FROM consent_event").query(Long.class).single() > 0) {
            return;
        }
        try {
            ledger.purposeOnConsent("newsletter");
        } catch (RuntimeException e) {
            return;
        }
        for (String email : List.of("jan.devries@example.nl", "pieter.bakker@example.nl")) {
            ledger.record(new ConsentLedger.NewEvent(
                    List.of(new Identifier(IdentifierKind.EMAIL, email)),
                    null,
                    "newsletter",
                    ConsentLedger.Event.GIVEN,
                    ConsentLedger.Channel.WEBSITE,
                    WORDING,
                    "demo-signup",
                    "192.0.2.15",
                    null));
        }
        ledger.record(new ConsentLedger.NewEvent(
                List.of(new Identifier(IdentifierKind.EMAIL, "pieter.bakker@example.nl")),
                null,
                "newsletter",
                ConsentLedger.Event.WITHDRAWN,
                ConsentLedger.Channel.PHONE,
                null,
                null,
                null,
                null));
        log.info("Demo consents: 3 events added");
    }
}
