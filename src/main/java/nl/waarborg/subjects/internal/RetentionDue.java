package nl.waarborg.subjects.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Optional;
import nl.waarborg.register.RetentionAnchor;
import nl.waarborg.subjects.internal.Model.StoredRecord;

/**
 * When a record is due for deletion: its anchor date (in Amsterdam, so a record collected just after midnight on a
 * DST night counts from that day) plus its retention period. Month arithmetic clamps to the month's end (31 January
 * plus one month is 28 or 29 February). No period or no anchor date yet (a service still running): no due date.
 */
public final class RetentionDue {

    public static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    private RetentionDue() {}

    /**
     * The date a record's own retention period counts from. The last contact and the invoice date fall back to when
     * the record was collected, as the built-in store's expiry does; a service still running, or a closed request
     * (counted by the requests module), gives none.
     */
    public static Optional<LocalDate> anchorDate(StoredRecord r) {
        return anchorDate(r, r.retentionAnchor());
    }

    /** The date the given anchor falls on for this record, for a record counted by its register row's rule. */
    public static Optional<LocalDate> anchorDate(StoredRecord r, RetentionAnchor anchor) {
        if (anchor == null) {
            return Optional.empty();
        }
        Instant collected = r.collectedAt() != null ? r.collectedAt() : r.createdAt();
        return switch (anchor) {
            case COLLECTION -> day(collected);
            case LAST_CONTACT -> day(r.lastContactAt() != null ? r.lastContactAt() : collected);
            case INVOICE_DATE -> r.invoiceDate() != null ? Optional.of(r.invoiceDate()) : day(collected);
            case END_OF_SERVICE, END_OF_CONTRACT -> Optional.ofNullable(r.serviceEndedOn());
            case REQUEST_CLOSED -> Optional.empty();
        };
    }

    private static Optional<LocalDate> day(Instant instant) {
        return Optional.ofNullable(instant).map(i -> i.atZone(AMSTERDAM).toLocalDate());
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
