package nl.waarborg.register;

import java.util.List;

/**
 * One row of the register: a kind of personal data processed for a service, why, on which basis, for whom and for how
 * long.
 *
 * @param key unique in the whole register, stable across versions (retention and statements refer to it)
 * @param dataCategories fideslang data-category keys and Waarborg's telecom keys
 * @param subjects data-subject types, for example {@code contact_person}, {@code keyholder}
 * @param statute the statute reference; required for {@link LegalBasis#LEGAL_OBLIGATION}
 * @param interest the interest pursued; required for {@link LegalBasis#LEGITIMATE_INTERESTS}
 * @param consent how consent is asked and withdrawn; required for {@link LegalBasis#CONSENT}
 * @param sourceDetail where exactly the data comes from, when not from the person
 * @param recipients keys of {@link Register#recipients()}
 * @param security keys of security measures, for example {@code encryption-at-rest}
 * @param sensitive stored encrypted at rest (secrets, recordings, identity documents)
 * @param portable offered for data portability (Art. 20)
 */
public record DataCategory(
        String key,
        Text description,
        List<String> dataCategories,
        List<String> subjects,
        List<Purpose> purposes,
        LegalBasis legalBasis,
        String statute,
        Text interest,
        Consent consent,
        ControllerRole controller,
        Source source,
        Text sourceDetail,
        List<String> recipients,
        List<Transfer> transfers,
        List<String> security,
        boolean sensitive,
        boolean portable,
        RetentionRule retention,
        Medium medium) {

    /** A category kept digitally only. */
    public DataCategory(
            String key,
            Text description,
            List<String> dataCategories,
            List<String> subjects,
            List<Purpose> purposes,
            LegalBasis legalBasis,
            String statute,
            Text interest,
            Consent consent,
            ControllerRole controller,
            Source source,
            Text sourceDetail,
            List<String> recipients,
            List<Transfer> transfers,
            List<String> security,
            boolean sensitive,
            boolean portable,
            RetentionRule retention) {
        this(
                key,
                description,
                dataCategories,
                subjects,
                purposes,
                legalBasis,
                statute,
                interest,
                consent,
                controller,
                source,
                sourceDetail,
                recipients,
                transfers,
                security,
                sensitive,
                portable,
                retention,
                null);
    }

    public DataCategory {
        dataCategories = List.copyOf(dataCategories);
        subjects = List.copyOf(subjects);
        purposes = List.copyOf(purposes);
        recipients = List.copyOf(recipients);
        transfers = List.copyOf(transfers);
        security = List.copyOf(security);
    }

    /**
     * Whether data of the vocabulary key belongs here: one of the row's keys is the key itself or lies above it (a row
     * of {@code user.contact} includes {@code user.contact.email}).
     */
    public boolean includes(String key) {
        return key != null && dataCategories.stream().anyMatch(k -> key.equals(k) || key.startsWith(k + "."));
    }

    /** Whether one of the keys is {@code key} or lies below it ({@code user.contact} covers {@code user.contact.email}). */
    public boolean covers(String key) {
        return dataCategories.stream().anyMatch(k -> k.equals(key) || k.startsWith(key + "."));
    }
}
