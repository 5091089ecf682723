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
}
