package nl.waarborg.audit;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One thing to write into the audit trail. Only references belong here: ids of records and subjects, a purpose or a
 * request number, names of changed fields. Never personal data itself.
 *
 * @param actor who acted; null means "whoever is acting in this thread"
 * @param details extra references, for example {@code fields=email,phone}; keys and values must not hold personal
 *     data
 */
public record AuditRecord(
        AuditAction action,
        String targetType,
        String targetId,
        String subjectId,
        String purpose,
        Map<String, String> details,
        Actor actor) {

    public AuditRecord {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(targetType, "targetType");
        details = details == null ? Map.of() : Map.copyOf(new TreeMap<>(details));
    }

    public static AuditRecord of(AuditAction action, String targetType, Object targetId) {
        return new AuditRecord(
                action, targetType, targetId == null ? null : targetId.toString(), null, null, Map.of(), null);
    }

    public AuditRecord subject(Object subjectId) {
        return new AuditRecord(
                action, targetType, targetId, subjectId == null ? null : subjectId.toString(), purpose, details, actor);
    }

    public AuditRecord purpose(String purpose) {
        return new AuditRecord(action, targetType, targetId, subjectId, purpose, details, actor);
    }

    public AuditRecord detail(String key, String value) {
        Map<String, String> copy = new TreeMap<>(details);
        copy.put(key, value);
        return new AuditRecord(action, targetType, targetId, subjectId, purpose, copy, actor);
    }

    public AuditRecord by(Actor actor) {
        return new AuditRecord(action, targetType, targetId, subjectId, purpose, details, actor);
    }
}
