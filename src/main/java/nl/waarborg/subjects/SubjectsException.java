package nl.waarborg.subjects;

import nl.waarborg.errors.DomainException;

/** A request about people, organisations, records or recordings that cannot be done as asked; the detail names the field and the reason, never the rejected value. */
public class SubjectsException extends DomainException {

    public SubjectsException(Kind kind, String field, String detail) {
        super(kind, field, detail);
    }

    /** With a problem type more specific than the kind's, for example {@code import-interrupted}. */
    public SubjectsException(Kind kind, String slug, String field, String detail) {
        super(kind, slug, field, detail);
    }
}
