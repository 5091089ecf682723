package nl.waarborg.register;

/**
 * A party that receives personal data, referred to by key from the categories.
 *
 * @param country ISO 3166-1 alpha-2 code, for example {@code NL}
 * @param safeguard the transfer ground when the country is outside the EEA, else null
 * @param sccModule with {@link Safeguard#SCC_2021_914}: the module of the clauses (1 controller to controller, 2
 *     controller to processor, 3 processor to processor, 4 processor to controller), else null
 * @param privacyContact where privacy matters go at the recipient (an e-mail address or a web form), or null
 * @param names the name in Dutch and English when it differs per language ("onze telecomaanbieders"), else null
 * @param group a group of recipients as people read it ("our telecom providers"), published elsewhere as a list
 * @param listUrl for a group: where the current list of its members is published
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
        String privacyContact,
        Text names,
        boolean group,
        String listUrl) {

    public Recipient(
            String key,
            String name,
            RecipientKind kind,
            String country,
            Text description,
            Agreement agreement,
            Safeguard safeguard,
            Integer sccModule,
            String privacyContact) {
        this(key, name, kind, country, description, agreement, safeguard, sccModule, privacyContact, null, false, null);
    }

    /** The name as people read it in this language. */
    public String name(java.util.Locale locale) {
        return names == null ? name : names.in(locale);
    }

    public Recipient(
            String key,
            String name,
            RecipientKind kind,
            String country,
            Text description,
            Agreement agreement,
            Safeguard safeguard) {
        this(key, name, kind, country, description, agreement, safeguard, null, null, null, false, null);
    }
}
