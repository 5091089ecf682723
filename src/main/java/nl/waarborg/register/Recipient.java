package nl.waarborg.register;

/**
 * A party that receives personal data, referred to by key from the categories.
 *
 * @param country ISO 3166-1 alpha-2 code, for example {@code NL}
 * @param safeguard the transfer ground when the country is outside the EEA, else null
 * @param sccModule with {@link Safeguard#SCC_2021_914}: the module of the clauses (1 controller to controller, 2
 *     controller to processor, 3 processor to processor, 4 processor to controller), else null
 * @param privacyContact where privacy matters go at the recipient (an e-mail address or a web form), or null
 */
public record Recipient(
        String key,
        String name,
        RecipientKind kind,
        String country,
        Text description,
        Agreement agreement,
        Safeguard safeguard,
        Integer sccModule,
        String privacyContact) {

    public Recipient(
            String key,
            String name,
            RecipientKind kind,
            String country,
            Text description,
            Agreement agreement,
            Safeguard safeguard) {
        this(key, name, kind, country, description, agreement, safeguard, null, null);
    }
}
