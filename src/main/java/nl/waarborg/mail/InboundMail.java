package nl.waarborg.mail;

import java.time.Instant;
import java.util.List;

/**
 * A message read from the configured mailbox, as handed to the modules that take mail in (requests).
 *
 * @param messageId the sender's Message-ID, with angle brackets; the key that makes reading it twice harmless
 * @param inReplyTo the Message-IDs it answers ({@code In-Reply-To} and {@code References}), oldest first
 * @param receivedAt when it reached the mailbox (the server's arrival time), not when it was read
 * @param raw the whole message as received, kept as evidence
 * @param automatic sent by a program, not a person ({@code Auto-Submitted}, {@code Precedence: bulk}, an
 *     out-of-office reply): never a new request, or two systems would answer each other for ever
 */
public record InboundMail(
        String messageId,
        List<String> inReplyTo,
        String from,
        String subject,
        String text,
        Instant receivedAt,
        byte[] raw,
        boolean automatic) {

    public InboundMail {
        inReplyTo = List.copyOf(inReplyTo);
    }

    /** A module that takes mail in. Called inside the transaction that records the message as read. */
    public interface Handler {
        void handle(InboundMail mail);
    }
}
