package nl.waarborg.subjects;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The subjects module's facade for other modules (requests, retention): find people by any identifier and learn
 * where their data lives. Reads are audited with the caller's purpose.
 */
public interface SubjectDirectory {

    /** Ids of every subject that carries this identifier (normalised first); audited per subject found. */
    List<UUID> find(Identifier identifier, String purpose);

    /** Every subject matching a raw identifier of any plausible kind, for example what a requester typed. */
    List<UUID> findAny(String rawIdentifier, String purpose);

    Optional<SubjectSummary> summary(UUID subjectId, String purpose);

    /** What a legal hold or a request can point at. */
    enum Target {
        SUBJECT,
        ORGANISATION,
        SERVICE_DELIVERED
    }

    /** Whether a subject, organisation or service delivered with this id exists; reads no personal data. */
    boolean exists(Target target, UUID id);
}
