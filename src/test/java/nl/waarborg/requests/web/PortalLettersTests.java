package nl.waarborg.requests.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import nl.waarborg.mail.MailMessage;
import org.junit.jupiter.api.Test;

/**
 * The portal's status page lists the person's own letters about the request, not the mails that went to recipients
 * (Art. 19), to client organisations or with codes: they are filed under the same request, by key.
 */
class PortalLettersTests {

    static MailMessage message(String key, String recipient) {
        return new MailMessage(
                UUID.randomUUID(),
                "request 2026-0001",
                recipient,
                "s",
                "b",
                "nl",
                Instant.EPOCH,
                MailMessage.State.SENT,
                1,
                Instant.EPOCH,
                null,
                key);
    }

    @Test
    void onlyTheRequestersLettersAreListed() {
        UUID request = UUID.randomUUID();
        assertThat(PortalController.toRequester(message("request:" + request + ":ANSWER:7", "p@example.nl"), request))
                .isTrue();
        assertThat(PortalController.toRequester(message("request:" + request + ":LIFT_NOTICE:9", null), request))
                .as("a letter by post to the person")
                .isTrue();
        for (String other : new String[] {
            "request:" + request + ":art19:hosting:ERASURE:1",
            "request:" + request + ":art19-lifted:hosting:2",
            "request:" + request + ":forward:example-client",
            "request:" + UUID.randomUUID() + ":ANSWER:7",
            "request:" + request + ":code:1"
        }) {
            assertThat(PortalController.toRequester(message(other, null), request))
                    .as(other)
                    .isFalse();
        }
        assertThat(PortalController.toRequester(message(null, "p@example.nl"), request))
                .isFalse();
    }
}
