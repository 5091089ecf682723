package nl.waarborg.breaches;

import nl.waarborg.errors.DomainException;

/** A breach step that cannot be taken: the field says which part, the detail why. */
public class BreachException extends DomainException {

    public BreachException(Kind kind, String field, String detail) {
        super(kind, field, detail);
    }
}
