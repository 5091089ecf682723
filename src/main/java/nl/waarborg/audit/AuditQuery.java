package nl.waarborg.audit;

import java.time.Instant;

/**
 * Filter for browsing the audit trail; null fields do not filter. Results come newest first, {@code beforeId} pages
 * backwards.
 */
public record AuditQuery(
        Actor.ActorType actorType,
        String actorId,
        AuditAction action,
        String targetType,
        String targetId,
        String subjectId,
        Instant from,
        Instant to,
        Long beforeId,
        int limit) {

    public AuditQuery {
        limit = Math.max(1, Math.min(limit <= 0 ? 50 : limit, 500));
    }
}
