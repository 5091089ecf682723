package nl.waarborg.mail;

/**
 * A short text message to a mobile number, sent at once through the configured SMS gateway (one-time codes).
 *
 * @param phone the number in E.164 form, {@code +31612345678}
 */
public record TextMessage(String key, String reference, String phone, String text, String language) {}
