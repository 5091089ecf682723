package nl.waarborg.statement;

/** The forms the statement is delivered in. */
public enum StatementFormat {
    HTML("html", "text/html;charset=UTF-8"),
    MD("md", "text/markdown;charset=UTF-8"),
    PDF("pdf", "application/pdf"),
    TXT("txt", "text/plain;charset=UTF-8");

    private final String key;
    private final String contentType;

    StatementFormat(String key, String contentType) {
        this.key = key;
        this.contentType = contentType;
    }

    public String key() {
        return key;
    }

    public String contentType() {
        return contentType;
    }

    /** @throws IllegalArgumentException for anything but html, md, pdf and txt */
    public static StatementFormat of(String key) {
        for (StatementFormat f : values()) {
            if (f.key.equalsIgnoreCase(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException("format must be html, md, pdf or txt");
    }
}
