package nl.waarborg.register;

import nl.waarborg.errors.DomainException;

/** A request about the register that cannot be done as asked; the detail says why, without personal data. */
public class RegisterException extends DomainException {

    public RegisterException(Kind kind, String field, String detail) {
        super(kind, field, detail);
    }

    /** With a problem type more specific than the kind's, for example {@code invalid-register}. */
    public RegisterException(Kind kind, String slug, String field, String detail) {
        super(kind, slug, field, detail);
    }
}
