package nl.waarborg.subjects;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Personal data that lives outside Waarborg, reached through the configured connectors (SQL, HTTP, manual). Every
 * call goes to every system and answers one result per system: a system that fails is reported as failed without
 * losing the others' results. Identifiers are normalised before they are sent.
 */
public interface ExternalSystems {

    /** The configured systems by name, with their connector type. */
    Map<String, String> systems();

    /** What each system holds on the person: where, which category, when; not the data itself. */
    List<SystemResult> find(Collection<Identifier> identifiers, String subjectId, String purpose);

    /** A copy of the person's data in each system. */
    List<SystemResult> export(Collection<Identifier> identifiers, String subjectId, String purpose);

    /**
     * Erases or anonymises (per system's configuration) the person's data. {@code operationId} makes a repeated call
     * (a retry, a second run of the same request) harmless: it is the idempotency key sent to external systems.
     */
    List<SystemResult> erase(Collection<Identifier> identifiers, String operationId, String subjectId, String purpose);

    /** Erases or anonymises a data category's records older than {@code cutoff}, in every system holding it. */
    List<SystemResult> expire(String category, Instant cutoff, String operationId);

    enum Status {
        /** Done now; {@code records} or {@code affected} say what. */
        DONE,
        /** Handed to staff or to the external system, which finishes later ({@code reference} says where). */
        PENDING,
        /** The system could not be reached or refused; {@code error} says why, without personal data. */
        FAILED
    }

    /** One piece of data in an external system; {@code data} is empty for {@code find}. */
    record ExternalRecord(String category, String location, String key, Instant timestamp, Map<String, Object> data) {}

    record SystemResult(
            String system,
            String type,
            Status status,
            List<ExternalRecord> records,
            long affected,
            String reference,
            String error) {

        public static SystemResult done(String system, String type, List<ExternalRecord> records, long affected) {
            return new SystemResult(system, type, Status.DONE, List.copyOf(records), affected, null, null);
        }

        public static SystemResult pending(String system, String type, String reference) {
            return new SystemResult(system, type, Status.PENDING, List.of(), 0, reference, null);
        }

        public static SystemResult failed(String system, String type, String error) {
            return new SystemResult(system, type, Status.FAILED, List.of(), 0, null, error);
        }
    }
}
