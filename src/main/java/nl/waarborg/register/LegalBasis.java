package nl.waarborg.register;

/** The six lawful bases of GDPR Art. 6(1), (a) to (f). */
public enum LegalBasis {
    /** (a) consent; needs the consent mechanism and how to withdraw. */
    CONSENT("consent", "a"),
    /** (b) performance of a contract. */
    CONTRACT("contract", "b"),
    /** (c) legal obligation; needs the statute reference. */
    LEGAL_OBLIGATION("legal-obligation", "c"),
    /** (d) vital interests. */
    VITAL_INTERESTS("vital-interests", "d"),
    /** (e) public task. */
    PUBLIC_TASK("public-task", "e"),
    /** (f) legitimate interests; needs the interest stated. */
    LEGITIMATE_INTERESTS("legitimate-interests", "f");

    private final String key;
    private final String point;

    LegalBasis(String key, String point) {
        this.key = key;
        this.point = point;
    }

    /** The name in the YAML format, for example {@code legal-obligation}. */
    public String key() {
        return key;
    }

    /** The article reference, for example {@code Art. 6(1)(c) AVG/GDPR}. */
    public String article() {
        return "Art. 6(1)(" + point + ")";
    }
}
