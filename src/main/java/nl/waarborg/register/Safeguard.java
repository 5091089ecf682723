package nl.waarborg.register;

/** The legal ground for a transfer outside the EEA (GDPR Chapter V). */
public enum Safeguard {
    /** An adequacy decision of the European Commission (Art. 45). */
    ADEQUACY("adequacy"),
    /** Standard contractual clauses, Commission decision 2021/914 (Art. 46(2)(c)). */
    SCC_2021_914("scc-2021-914"),
    /**
     * The EU-US Data Privacy Framework (adequacy decision 2023/1795, Art. 45): only for a recipient in the United
     * States that is certified under it.
     */
    EU_US_DPF("eu-us-dpf"),
    /** Binding corporate rules (Art. 47). */
    BCR("bcr"),
    /** A derogation for a specific situation (Art. 49). */
    DEROGATION("art-49-derogation"),
    /** No safeguard: the check flags a transfer outside the EEA with it. */
    NONE("none");

    private final String key;

    Safeguard(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
