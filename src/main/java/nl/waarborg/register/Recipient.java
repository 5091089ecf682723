package nl.waarborg.register;

/**
 * A party that receives personal data, referred to by key from the categories.
 *
 * @param country ISO 3166-1 alpha-2 code, for example {@code NL}
 * @param safeguard the transfer ground when the country is outside the EEA, else null
 */
public record Recipient(
        String key,
        String name,
        RecipientKind kind,
        String country,
        Text description,
        Agreement agreement,
        Safeguard safeguard) {}
