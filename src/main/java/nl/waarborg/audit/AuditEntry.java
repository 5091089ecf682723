package nl.waarborg.audit;

import java.time.Instant;
import java.util.Map;

/** A stored audit entry with its place in the hash chain. */
public record AuditEntry(
        long id,
        Instant occurredAt,
        Actor actor,
        AuditAction action,
        String targetType,
        String targetId,
        String subjectId,
        String purpose,
        Map<String, String> details,
        String previousHash,
        String hash) {

    /** The same entry at its place in the chain, once the database has given it an id and its hashes. */
    AuditEntry linked(long id, String previousHash, String hash) {
        return new AuditEntry(
                id, occurredAt, actor, action, targetType, targetId, subjectId, purpose, details, previousHash, hash);
    }
}
