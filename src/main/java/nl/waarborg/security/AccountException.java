package nl.waarborg.security;

import nl.waarborg.errors.DomainException;

/** A request about staff accounts or API tokens that cannot be done as asked; the detail names no password or token. */
public class AccountException extends DomainException {

    public AccountException(Kind kind, String field, String detail) {
        super(kind, field, detail);
    }

    /** With a problem type more specific than the kind's, for example {@code last-administrator}. */
    public AccountException(Kind kind, String slug, String field, String detail) {
        super(kind, slug, field, detail);
    }
}
