package nl.waarborg.subjects;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

/**
 * Traffic data (call-detail records) as other modules see it: a person's calls by phone number, and whole days
 * dropped for retention.
 */
public interface TrafficData {

    /**
     * The calls from or to any of the given numbers, oldest first. Numbers are normalised to E.164 first; the read is
     * audited with the number's hash (never the number), the subject id and the purpose.
     *
     * @param from inclusive, or null for no lower bound
     * @param to exclusive, or null for no upper bound
     */
    List<CallRecord> callsOf(
            Collection<String> numbers, Instant from, Instant to, int limit, String subjectId, String purpose);

    /** Drops every daily partition whose (UTC) day lies before {@code day}; answers the days dropped. */
    List<LocalDate> dropPartitionsBefore(LocalDate day);

    /** One call-detail record. */
    record CallRecord(
            String recordId,
            String sourceFormat,
            Instant start,
            Instant answer,
            Instant end,
            Integer durationSeconds,
            Integer billableSeconds,
            String disposition,
            String callingNumber,
            String calledNumber,
            String callingRaw,
            String calledRaw,
            String callerId,
            String accountCode,
            String uniqueId) {}
}
