package nl.waarborg.mail;

/**
 * A message to be sent, as another module hands it to the outbox.
 *
 * @param key unique per message: storing the same key again stores nothing (a step repeated after a crash)
 * @param reference what the message belongs to, for example {@code request 2026-0042}; never personal data
 * @param recipient the e-mail address, or null when there is none: the message is then printed and posted by staff
 */
public record Letter(String key, String reference, String recipient, String subject, String body, String language) {}
