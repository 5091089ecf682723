package nl.waarborg.connectors;

import nl.waarborg.errors.DomainException;

/** A request about connected systems or their staff tasks that cannot be done as asked. */
public class ConnectorsException extends DomainException {

    public ConnectorsException(Kind kind, String field, String detail) {
        super(kind, field, detail);
    }
}
