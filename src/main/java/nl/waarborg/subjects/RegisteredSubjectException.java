package nl.waarborg.subjects;

import java.util.List;
import java.util.UUID;

/**
 * An identifier asked about as "unregistered" belongs to one or more registered subjects: their overview, not the
 * unregistered one, is the complete answer. Carries the subjects' ids (references, never the identifier).
 */
public class RegisteredSubjectException extends SubjectsException {

    private final List<UUID> subjects;

    public RegisteredSubjectException(List<UUID> subjects) {
        super(
                Kind.CONFLICT,
                "registered-subject",
                "identifier",
                "this identifier belongs to a registered subject; read their overview at /api/v1/subjects/"
                        + subjects.get(0)
                        + (subjects.size() > 1
                                ? " (and " + (subjects.size() - 1) + " more: search by identifier)"
                                : ""));
        this.subjects = List.copyOf(subjects);
    }

    public List<UUID> subjects() {
        return subjects;
    }
}
