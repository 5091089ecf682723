package nl.waarborg.statement;

import nl.waarborg.errors.DomainException;

/** A request about the privacy statement that cannot be done as asked (an unknown version, language or format). */
public class StatementException extends DomainException {

    public StatementException(Kind kind, String field, String detail) {
        super(kind, field, detail);
    }
}
