package nl.waarborg.connectors.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What one connected system answered; {@link ConnectorStore} turns it into the seam's result. */
record SystemResult(
        String system,
        String type,
        Status status,
        List<ExternalRecord> records,
        long affected,
        String reference,
        String error) {

    enum Status {
        /** Done now; {@code records} or {@code affected} say what. */
        DONE,
        /** Handed to staff or to the external system, which finishes later ({@code reference} says where). */
        PENDING,
        /** The system could not be reached or refused; {@code error} says why, without personal data. */
        FAILED
    }

    /** One piece of data in an external system; {@code data} is empty for find. */
    record ExternalRecord(String category, String location, String key, Instant timestamp, Map<String, Object> data) {}

    static SystemResult done(String system, String type, List<ExternalRecord> records, long affected) {
        return new SystemResult(system, type, Status.DONE, List.copyOf(records), affected, null, null);
    }

    static SystemResult pending(String system, String type, String reference) {
        return new SystemResult(system, type, Status.PENDING, List.of(), 0, reference, null);
    }

    static SystemResult failed(String system, String type, String error) {
        return new SystemResult(system, type, Status.FAILED, List.of(), 0, null, error);
    }
}
