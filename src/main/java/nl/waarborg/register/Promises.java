package nl.waarborg.register;

import java.util.List;

/**
 * What the statement promises beyond the categories: things the provider never does, and whom it tells about a breach.
 * Structured, so that the check can hold the processing against them and the statement renders them in both languages.
 *
 * @param breachNotification whom the provider promises to tell about a personal-data breach, or null when the
 *     statement says nothing about it
 */
public record Promises(List<Commitment> commitments, BreachNotification breachNotification) {

    public static final Promises NONE = new Promises(List.of(), null);

    public Promises {
        commitments = List.copyOf(commitments);
        // Telling nobody is no promise: the statement would show a heading with nothing under it.
        if (breachNotification != null
                && !breachNotification.authority()
                && !breachNotification.people()
                && !breachNotification.police()) {
            breachNotification = null;
        }
    }

    public boolean isEmpty() {
        return commitments.isEmpty() && breachNotification == null;
    }

    /** Something the provider promises never to do. */
    public enum Commitment {
        /** Personal data is never sold. */
        NO_SALE("no-sale"),
        /** No profiling of the people whose data it is. */
        NO_PROFILING("no-profiling"),
        /** No decisions based solely on automated processing (Art. 22). */
        NO_AUTOMATED_DECISIONS("no-automated-decisions"),
        /** Never shared with others for their commercial purposes without consent. */
        NO_COMMERCIAL_SHARING_WITHOUT_CONSENT("no-commercial-sharing-without-consent");

        private final String key;

        Commitment(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /**
     * Whom a breach is told to: the Autoriteit Persoonsgegevens (Art. 33), the people concerned (Art. 34), and the
     * police when a crime lies behind it.
     */
    public record BreachNotification(boolean authority, boolean people, boolean police) {}
}
