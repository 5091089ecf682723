package nl.waarborg.register;

/** The role of a party that receives personal data from the provider. */
public enum RecipientKind {
    PROCESSOR("processor"),
    SUB_PROCESSOR("sub-processor"),
    INDEPENDENT_CONTROLLER("independent-controller"),
    AUTHORITY("authority");

    private final String key;

    RecipientKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** Processors and sub-processors need a processing agreement (Art. 28(3)). */
    public boolean needsAgreement() {
        return this == PROCESSOR || this == SUB_PROCESSOR;
    }
}
