package nl.waarborg.retention.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * What one run did to one register category in one place; the proof retention happened. Never personal data.
 *
 * @param id null in a dry run, which writes no receipt
 * @param organisation the client organisation whose own period this receipt is of; null for everyone else
 * @param rule the rule as executed, for example {@code P6M after collection}
 * @param asOf the day the run counted to; earlier than the run's own when a time-range hold kept newer items
 * @param cutoff for places that compare one timestamp: items from before it went; null for rules counted from an
 *     event (the end of a service)
 * @param status DONE, PENDING (a staff task or another system finishes it; {@code reference}), FAILED (retried at the
 *     next run), SKIPPED (the place cannot expire), HELD (a legal hold keeps the whole category)
 * @param removed items deleted or anonymised (a dry run: that would be)
 * @param held items a legal hold kept although due
 * @param durationMs how long the category's expiry took, over all its places (they are asked one after the other)
 */
public record Receipt(
        UUID id,
        UUID runId,
        String category,
        String store,
        UUID organisation,
        String storeType,
        int registerVersion,
        String rule,
        LocalDate asOf,
        Instant cutoff,
        String status,
        long removed,
        long held,
        String reference,
        String detail,
        long durationMs,
        Instant writtenAt) {}
