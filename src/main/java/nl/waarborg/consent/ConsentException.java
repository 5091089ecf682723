package nl.waarborg.consent;

import nl.waarborg.errors.DomainException;

/** A consent event or question that cannot be taken: the field says which part, the detail why. */
public class ConsentException extends DomainException {

    public ConsentException(Kind kind, String field, String detail) {
        super(kind, field, detail);
    }
}
