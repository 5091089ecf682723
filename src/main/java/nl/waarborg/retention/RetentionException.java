package nl.waarborg.retention;

import nl.waarborg.errors.DomainException;

/** A retention order, a legal hold or a deletion that cannot be done as asked; never repeats a rejected value. */
public class RetentionException extends DomainException {

    public RetentionException(Kind kind, String field, String detail) {
        super(kind, field, detail);
    }

    public RetentionException(Kind kind, String slug, String field, String detail) {
        super(kind, slug, field, detail);
    }
}
