package nl.waarborg.subjects;

import java.time.Instant;

/**
 * Which part of a person's data an export writes: items whose timestamp lies in {@code [from, to)}, one page of them.
 *
 * @param from inclusive, or null for no lower bound
 * @param to exclusive, or null for no upper bound
 * @param limit items to write at most; 0 for all
 * @param offset items to skip first (the next page)
 * @param newestFirst order of the items; oldest first otherwise
 */
public record Window(Instant from, Instant to, int limit, int offset, boolean newestFirst) {

    public Window {
        if (limit < 0 || offset < 0) {
            throw new SubjectsException(
                    SubjectsException.Kind.INVALID, limit < 0 ? "limit" : "offset", "must not be negative");
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new SubjectsException(SubjectsException.Kind.INVALID, "to", "the window ends before it starts");
        }
    }

    /** Everything, oldest first: an access package or a portability export. */
    public static Window all() {
        return new Window(null, null, 0, 0, false);
    }

    public boolean contains(Instant t) {
        return t != null && (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
    }
}
