package nl.waarborg.register.internal;

/**
 * One difference between two register versions.
 *
 * @param scope what changed: {@code organisation}, {@code rights}, {@code service}, {@code category}, {@code recipient}
 *     or {@code client}
 * @param key the key of the service, category, recipient or client; null for organisation and rights
 * @param field the changed field, for example {@code retention.period}; null when the whole item was added or removed
 * @param before the old value, null when added
 * @param after the new value, null when removed
 */
public record RegisterChange(Kind kind, String scope, String key, String field, String before, String after) {

    public enum Kind {
        ADDED,
        REMOVED,
        CHANGED
    }
}
