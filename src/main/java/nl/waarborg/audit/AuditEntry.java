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
        String hash) {}
