package nl.waarborg.connectors.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A task for staff made by a manual connector. */
public record ConnectorTask(
        UUID id,
        String system,
        String action,
        List<IdentifierValue> identifiers,
        String category,
        Instant cutoff,
        String instructions,
        Instant createdAt,
        Instant dueAt,
        String status,
        String outcome,
        String evidence,
        Instant completedAt,
        String completedBy) {

    public record IdentifierValue(String kind, String value) {}
}
