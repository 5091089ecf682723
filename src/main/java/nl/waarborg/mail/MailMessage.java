package nl.waarborg.mail;

import java.time.Instant;
import java.util.UUID;

/**
 * A message in the outbox with where it stands.
 *
 * @param key the sender's key (what the message is, for example {@code request:<id>:ANSWER:7}); never personal data
 */
public record MailMessage(
        UUID id,
        String reference,
        String recipient,
        String subject,
        String body,
        String language,
        Instant createdAt,
        State state,
        int attempts,
        Instant sentAt,
        String lastError,
        String key) {

    public enum State {
        /** Waiting to be sent (or, without a mail server configured, shown in the outbox only). */
        PENDING,
        /** Taken by a sender; back to PENDING if that sender stopped before it finished. */
        SENDING,
        SENT,
        /** Every attempt failed; staff see it in the outbox. */
        FAILED,
        /** No e-mail address: to be printed and posted. */
        POST,
        /** A text message kept because no SMS gateway is configured (the demo); the recipient is the phone number. */
        SMS
    }
}
