package nl.waarborg.traffic;

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

    /**
     * What a subject page shows of a person's traffic data: how many calls of the numbers there are in all, the first
     * and the last, how many fall between {@code from} and {@code to}, and one page of those, newest first. One audited read,
     * like {@link #callsOf}.
     *
     * @param from inclusive, or null for no lower bound
     * @param to exclusive, or null for no upper bound
     */
    CallHistory history(
            Collection<String> numbers,
            Instant from,
            Instant to,
            int limit,
            int offset,
            String subjectId,
            String purpose);

    /**
     * @param total every call of the numbers
     * @param first start of the oldest call, null when there is none
     * @param last start of the newest call, null when there is none
     * @param matching calls within the asked window
     * @param calls the asked page of the window, newest first
     */
    record CallHistory(long total, Instant first, Instant last, long matching, List<CallRecord> calls) {}

    /** Drops every daily partition whose (Amsterdam) day lies before {@code day}; answers the days dropped. */
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
