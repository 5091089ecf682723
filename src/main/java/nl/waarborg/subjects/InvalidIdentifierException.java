package nl.waarborg.subjects;

/** An identifier that cannot be normalised; the message says why, without repeating the value. */
public class InvalidIdentifierException extends IllegalArgumentException {
    private final IdentifierKind kind;

    public InvalidIdentifierException(IdentifierKind kind, String reason) {
        super(kind + ": " + reason);
        this.kind = kind;
    }

    public IdentifierKind kind() {
        return kind;
    }
}
