package nl.waarborg.disclosures;

import nl.waarborg.errors.DomainException;

/** A disclosure that cannot be recorded or changed as asked; the field says which input. */
public class DisclosuresException extends DomainException {

    public DisclosuresException(Kind kind, String field, String detail) {
        super(kind, field, detail);
    }
}
