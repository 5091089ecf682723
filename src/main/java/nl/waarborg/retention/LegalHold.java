package nl.waarborg.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A legal hold: a police or court demand, a dispute or a complaint that suspends deletion of what it covers, in every
 * place. Holds are never deleted; a lifted hold keeps who lifted it, when and why.
 *
 * @param targetId the subject, organisation or service delivered held (those scopes only)
 * @param categoryKey the register category held ({@link Scope#CATEGORY}); for {@link Scope#TIME_RANGE} the one
 *     category it is limited to, or null for all
 * @param from first day of a time range (Amsterdam), inclusive
 * @param to last day of a time range, inclusive
 * @param placedBy, reviewedBy, liftedBy actor references ({@code STAFF:<id>}), never names
 */
public record LegalHold(
        UUID id,
        Scope scope,
        UUID targetId,
        String categoryKey,
        LocalDate from,
        LocalDate to,
        String reason,
        String reference,
        String placedBy,
        Instant placedAt,
        LocalDate reviewOn,
        String reviewedBy,
        Instant reviewedAt,
        String liftedBy,
        Instant liftedAt,
        String liftReason) {

    public enum Scope {
        SUBJECT,
        ORGANISATION,
        SERVICE_DELIVERED,
        CATEGORY,
        TIME_RANGE
    }

    public boolean active() {
        return liftedAt == null;
    }

    /** An active hold whose review date has come: somebody must decide whether it still applies. */
    public boolean reviewDue(LocalDate today) {
        return active() && !reviewOn.isAfter(today);
    }

    /** Whether this hold keeps the whole register category (a category hold, or a time range over it). */
    public boolean coversCategory(String key) {
        return switch (scope) {
            case CATEGORY -> categoryKey.equals(key);
            case TIME_RANGE -> categoryKey == null || categoryKey.equals(key);
            default -> false;
        };
    }
}
