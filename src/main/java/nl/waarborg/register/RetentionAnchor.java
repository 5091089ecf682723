package nl.waarborg.register;

/** The moment a retention period is counted from. */
public enum RetentionAnchor {
    COLLECTION("collection", "na verzameling", "after collection"),
    END_OF_SERVICE("end-of-service", "na einde dienstverlening", "after the service ends"),
    END_OF_CONTRACT("end-of-contract", "na einde overeenkomst", "after the contract ends"),
    LAST_CONTACT("last-contact", "na het laatste contact", "after the last contact"),
    INVOICE_DATE("invoice-date", "na de factuurdatum", "after the invoice date"),
    REQUEST_CLOSED("request-closed", "na afhandeling van het verzoek", "after the request is closed");

    private final String key;
    private final Text after;

    RetentionAnchor(String key, String nl, String en) {
        this.key = key;
        this.after = new Text(nl, en);
    }

    public String key() {
        return key;
    }

    /** "after collection" in both languages, for generated texts. */
    public Text after() {
        return after;
    }
}
