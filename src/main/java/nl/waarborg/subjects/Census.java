package nl.waarborg.subjects;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What the places hold of a {@link Scope}: per place its count, and over all of them the people as far as they can be
 * told apart. A place names the people it can: registered subjects by id, others by identifier (a caller's number).
 * An identifier a registered subject carries counts as that subject, so a customer found in the built-in store and in
 * the traffic data counts once, and an unregistered number found in the recordings and in the traffic data counts
 * once. What a place counted beyond the people it listed (its list stopped at the limit) is added as it counted. The
 * total errs towards too many, never too few: a person a connected system knows by two identifiers and whom Waarborg
 * does not know counts once per identifier.
 *
 * @param people distinct people as described above
 * @param records the items of all places together
 * @param subjects the registered people found, at most the limit asked
 * @param unregistered people found only by identifiers that no registered subject carries, or counted but not listed
 * @param capped more people were found than listed: count narrower windows to list them all
 */
public record Census(
        List<Tally> places, long people, long records, List<UUID> subjects, long unregistered, boolean capped) {

    public Census {
        places = List.copyOf(places);
        subjects = List.copyOf(subjects);
    }

    /**
     * One place's answer.
     *
     * @param people the distinct people the place counted, in the unit it lists them in: identifiers where it lists
     *     any (a number is a person), subjects otherwise
     * @param records the items in the scope
     * @param subjects the registered people it can name by id, at most the limit asked
     * @param identifiers the people it can name only by an identifier, at most the limit asked; normalised
     * @param detail why the place was skipped or failed; never personal data
     */
    public record Tally(
            String store,
            DataStore.Kind kind,
            StoreResult.Status status,
            long people,
            long records,
            Set<UUID> subjects,
            Set<Identifier> identifiers,
            String detail) {

        public Tally {
            subjects = subjects == null ? Set.of() : Set.copyOf(subjects);
            identifiers = identifiers == null ? Set.of() : Set.copyOf(identifiers);
        }

        public static Tally counted(
                DataStore store, long people, long records, Set<UUID> subjects, Set<Identifier> identifiers) {
            return new Tally(
                    store.name(), store.kind(), StoreResult.Status.DONE, people, records, subjects, identifiers, null);
        }

        public static Tally skipped(DataStore store, String detail) {
            return new Tally(store.name(), store.kind(), StoreResult.Status.SKIPPED, 0, 0, null, null, detail);
        }

        public static Tally failed(DataStore store, String detail) {
            return new Tally(store.name(), store.kind(), StoreResult.Status.FAILED, 0, 0, null, null, detail);
        }
    }
}
