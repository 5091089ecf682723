package nl.waarborg.register;

/**
 * Where a category lives when it is not (only) digital: on paper, or scanned from paper, with where the paper is kept
 * and how it is destroyed when its retention ends. Waarborg cannot shred paper: the statement says how it is done, and
 * the retention module lists what is due for destruction like any other place it cannot reach itself.
 *
 * @param place where the paper is kept, for example "in a locked cabinet at our office"
 * @param destruction how the paper (for a scan: the original) is destroyed
 */
public record Medium(Kind kind, Text place, Destruction destruction) {

    public enum Kind {
        /** Kept on paper. */
        PAPER("paper"),
        /** Scanned; the paper original is destroyed after scanning. */
        SCANNED("scanned");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    public enum Destruction {
        /** Shredded in-house. */
        SHREDDING("shredding"),
        /** Destroyed by a certified destruction company (NEN 15713). */
        DESTRUCTION_SERVICE("destruction-service");

        private final String key;

        Destruction(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
