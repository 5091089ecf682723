package nl.waarborg.security;

/** A password the policy refuses, with the reason, so that a page can say it in the reader's language. */
public class WeakPasswordException extends AccountException {

    private final String reason;

    WeakPasswordException(PasswordPolicy.Weakness weakness, String detail) {
        super(Kind.INVALID, "weak-password", "password", detail);
        this.reason = weakness.name();
    }

    /** The reason's name: {@code TOO_SHORT}, {@code CONTAINS_USERNAME}, {@code COMMON}, {@code REPETITIVE}, {@code GUESSABLE}. */
    public String reason() {
        return reason;
    }
}
