package nl.waarborg.subjects;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.register.DataCategory;

/**
 * A part of the data to count across the places, such as what a breach concerns: items of these register rows whose
 * moment (collection, a call's start) lies in {@code [from, to)}, optionally only of one client organisation and of
 * one service (the register's service key), and only in the named places.
 *
 * @param categories the register rows; each place is asked only for the rows it {@linkplain DataStore#holds holds}
 * @param from inclusive, or null for no lower bound
 * @param to exclusive, or null for no upper bound
 * @param places the places' names to ask; empty for every place
 */
public record Scope(
        Set<DataCategory> categories,
        Instant from,
        Instant to,
        UUID organisationId,
        String serviceKey,
        Set<String> places) {

    public Scope {
        categories = categories == null ? Set.of() : Set.copyOf(categories);
        places = places == null ? Set.of() : Set.copyOf(places);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new SubjectsException(
                    SubjectsException.Kind.INVALID, "to", "to must lie after from: the window would be empty");
        }
    }

    /** The same scope with only these rows: what one place is asked. */
    public Scope only(Set<DataCategory> rows) {
        return new Scope(rows, from, to, organisationId, serviceKey, places);
    }

    /** The rows' keys. */
    public String[] keys() {
        return categories.stream().map(DataCategory::key).sorted().toArray(String[]::new);
    }

    /** Whether the scope narrows to one organisation or one service, which not every place can tell. */
    public boolean perClient() {
        return organisationId != null || serviceKey != null;
    }
}
