package nl.waarborg.connectors.internal;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;

/**
 * One external system Waarborg can search and clean; {@link ConnectorStore} makes it a place behind the store seam.
 * Identifiers arrive normalised. An implementation throws {@link ConnectorFailure} (message without personal data)
 * when the system cannot do what was asked.
 */
interface Connector extends AutoCloseable {

    String system();

    String type();

    /** The data categories the system holds. */
    List<String> categories();

    /** The identifier kinds the system can be searched by. */
    Set<IdentifierKind> searchable();

    /**
     * Whether the system can be reached and looks as configured, without asking for anyone's data. Answers a failed
     * check rather than throwing; the detail names no personal data.
     */
    ConnectionCheck check();

    /** Lets go of what the connector holds (connections, pools) once a rebuilt registry replaced it. */
    @Override
    default void close() {}

    /** Whether the system holds data of this category, so that expiry of the category concerns it. */
    boolean holds(String category);

    /** Where the person's data is: categories, locations, keys and times, not the data. */
    SystemResult find(Set<Identifier> identifiers);

    /** The person's data itself. */
    SystemResult export(Set<Identifier> identifiers);

    /**
     * Erases or anonymises, per the system's configuration, except the categories in {@code keep}; repeating it with
     * the same operation id is harmless.
     */
    SystemResult erase(Set<Identifier> identifiers, Set<String> keep, String operationId);

    /**
     * Erases or anonymises the category's records from before {@code cutoff}, except those of the held identifiers;
     * a dry run only counts them.
     */
    SystemResult expire(String category, Instant cutoff, Set<Identifier> held, String operationId, boolean dryRun);

    /**
     * A system that can mark a person's data storage-only and lift that again, and correct one field of it (Art. 16).
     */
    interface Restricting extends Connector {
        SystemResult restrict(Set<Identifier> identifiers, String operationId);

        SystemResult lift(Set<Identifier> identifiers, String operationId);

        SystemResult rectify(
                Set<Identifier> identifiers, String category, String field, String value, String operationId);
    }
}
