package nl.waarborg.mail;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The outbox other modules hand their messages to, inside their own transaction. */
public interface Outbox {

    /**
     * Stores the message in the caller's transaction; it is sent after the commit. A key stored before is left as it
     * is and its message answered.
     */
    MailMessage queue(Letter letter);

    /**
     * Sends a short-lived message now, without storing it (a one-time code must not rest in the database, and is
     * worthless after its minutes: the person asks for a new one if it does not arrive). Without a mail server it is
     * queued instead, so the console's outbox shows it (as in {@code serve --demo}). Answers whether it went out or
     * was queued; false when the mail server refused it.
     */
    boolean sendNow(Letter letter);

    /**
     * Sends a text message now through the SMS gateway, without storing it; without a gateway it is stored in the
     * outbox (state {@code SMS}) so the console shows it, as in {@code serve --demo}. False when the gateway refused.
     */
    boolean sendNow(TextMessage message);

    /**
     * Deletes every message of one reference, whatever its state, in the caller's transaction (the retention of what
     * the messages belong to); answers how many went.
     */
    int forget(String reference);

    /** The messages of one reference, oldest first. */
    List<MailMessage> forReference(String reference);

    /** The newest messages, for the console's outbox. */
    List<MailMessage> recent(int limit);

    Optional<MailMessage> get(UUID id);

    /** Whether a mail server is configured: without one, messages wait in the outbox. */
    boolean sending();
}
