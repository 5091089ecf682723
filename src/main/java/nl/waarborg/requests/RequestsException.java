package nl.waarborg.requests;

import nl.waarborg.errors.DomainException;

/** A request that cannot be received or moved on as asked; never repeats a rejected value. */
public class RequestsException extends DomainException {

    public RequestsException(Kind kind, String field, String detail) {
        super(kind, field, detail);
    }

    public RequestsException(Kind kind, String slug, String field, String detail) {
        super(kind, slug, field, detail);
    }
}
