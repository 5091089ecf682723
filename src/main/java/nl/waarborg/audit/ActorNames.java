package nl.waarborg.audit;

import java.util.Collection;
import java.util.Map;

/**
 * Turns actor references into names for people reading the trail. The trail itself keeps references only; the module
 * that owns the accounts (security) answers the names at display time, so a renamed account shows its current name.
 */
public interface ActorNames {

    /** Names by actor id, for the ids of this type the implementation knows; unknown ids are left out. */
    Map<String, String> names(Actor.ActorType type, Collection<String> ids);

    /**
     * The current names for stored references of the form {@code TYPE:id} ({@code STAFF:…}, {@code API_TOKEN:…}), as
     * all sources know them, keyed by the reference; references of another form, or unknown, are left out.
     */
    static Map<String, String> resolve(Collection<ActorNames> sources, Collection<String> references) {
        Map<Actor.ActorType, java.util.Set<String>> ids = new java.util.EnumMap<>(Actor.ActorType.class);
        for (String reference : references) {
            int colon = reference == null ? -1 : reference.indexOf(':');
            if (colon > 0) {
                try {
                    ids.computeIfAbsent(
                                    Actor.ActorType.valueOf(reference.substring(0, colon)),
                                    t -> new java.util.HashSet<>())
                            .add(reference.substring(colon + 1));
                } catch (IllegalArgumentException otherForm) {
                    // Written before actor references, or by hand: shown as stored.
                }
            }
        }
        Map<String, String> names = new java.util.HashMap<>();
        ids.forEach((type, forType) -> sources.forEach(
                source -> source.names(type, forType).forEach((id, name) -> names.put(type + ":" + id, name))));
        return names;
    }
}
