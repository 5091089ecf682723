package nl.waarborg.register;

/**
 * How the provider verifies who asks to exercise a right (Art. 12(6)).
 *
 * @param note optional explanation shown in the statement
 * @param portabilityTransmission whether the provider sends a person's portable data straight to another provider on
 *     request (Art. 20(2)); Waarborg offers the transmission only when the register says so
 */
public record RightsProcedure(Verification verification, Text note, boolean portabilityTransmission) {

    public static final RightsProcedure DEFAULT = new RightsProcedure(Verification.KNOWN_CHANNEL, null, false);

    public RightsProcedure(Verification verification, Text note) {
        this(verification, note, false);
    }

    public enum Verification {
        /** Through what is already known: the portal account, a code to an address on file. */
        KNOWN_CHANNEL("known-channel"),
        /** An ID copy only when there is reasonable doubt (EDPB 01/2022 §73-79). */
        ID_COPY_IF_IN_DOUBT("id-copy-if-in-doubt"),
        /** An ID copy from every requester: disproportionate, the check flags it. */
        ID_COPY_ALWAYS("id-copy-always");

        private final String key;

        Verification(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
