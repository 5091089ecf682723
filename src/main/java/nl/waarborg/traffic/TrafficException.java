package nl.waarborg.traffic;

import nl.waarborg.errors.DomainException;

/** A request about traffic data that cannot be done as asked: a bad number, format or limit, an interrupted import. */
public class TrafficException extends DomainException {

    public TrafficException(Kind kind, String field, String detail) {
        super(kind, field, detail);
    }

    /** With a problem type more specific than the kind's, for example {@code import-interrupted}. */
    public TrafficException(Kind kind, String slug, String field, String detail) {
        super(kind, slug, field, detail);
    }
}
