package nl.waarborg.subjects;

import java.util.List;
import java.util.UUID;

/**
 * What other modules may know of a data subject: who, how to find them, and where their data lives.
 *
 * @param holdings number of records per data category and place: the built-in store and the recordings file store
 *     (the subject overview adds traffic data and external systems)
 */
public record SubjectSummary(
        UUID id,
        String displayName,
        List<Identifier> identifiers,
        List<String> roles,
        List<Holding> holdings,
        String language) {
    /**
     * @param location where the data lives, for example {@code built-in} or a connector's name
     */
    public record Holding(String category, String location, long records) {}
}
