package nl.waarborg.subjects.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Optional;
import nl.waarborg.subjects.internal.Model.StoredRecord;

/**
 * When a record is due for deletion: its anchor date (in Amsterdam, so a record collected just after midnight on a
 * DST night counts from that day) plus its retention period. Month arithmetic clamps to the month's end (31 January
 * plus one month is 28 or 29 February). No period or no anchor date yet (a service still running): no due date.
 */
public final class RetentionDue {

    public static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    private RetentionDue() {}

    public static Optional<LocalDate> anchorDate(StoredRecord r) {
        if (r.retentionAnchor() == null) {
            return Optional.empty();
        }
        return switch (r.retentionAnchor()) {
            case COLLECTED ->
                Optional.ofNullable(r.collectedAt() != null ? r.collectedAt() : r.createdAt())
                        .map(i -> i.atZone(AMSTERDAM).toLocalDate());
            case LAST_CONTACT ->
                Optional.ofNullable(r.lastContactAt())
                        .map(i -> i.atZone(AMSTERDAM).toLocalDate());
            case INVOICE_DATE -> Optional.ofNullable(r.invoiceDate());
            case END_OF_SERVICE -> Optional.ofNullable(r.serviceEndedOn());
        };
    }

    public static Optional<LocalDate> dueOn(StoredRecord r) {
        if (r.retentionPeriod() == null) {
            return Optional.empty();
        }
        return anchorDate(r).map(d -> d.plus(Period.parse(r.retentionPeriod())));
    }

    /** Due from the first moment of the due day in Amsterdam, whatever zone the clock was given in. */
    public static boolean isOverdue(StoredRecord r, Clock clock) {
        LocalDate today = clock.instant().atZone(AMSTERDAM).toLocalDate();
        return dueOn(r).map(due -> !today.isBefore(due)).orElse(false);
    }
}
