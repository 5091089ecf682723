package nl.waarborg.retention;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.LegalBasis;
import nl.waarborg.register.Registers;
import nl.waarborg.retention.internal.Holds;
import nl.waarborg.subjects.DeletionGuard;
import org.springframework.stereotype.Service;

/**
 * Until when an item must be kept, and why: a legal hold that covers it, or a running legal duty. A category whose
 * legal basis is a legal obligation (invoices under the fiscal duty of seven years) must be kept for its whole
 * period: the period is a minimum as well as a maximum. Other periods are maxima only, and deleting earlier is fine.
 *
 * <p>Asked before one item is deleted by hand (as the subjects module's {@link DeletionGuard}) and by other modules,
 * for example an erasure request that must keep invoices under a running duty.
 */
@Service
public class RetentionDuties implements DeletionGuard {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    private final Holds holds;
    private final Registers registers;
    private final Clock clock;

    RetentionDuties(Holds holds, Registers registers, Clock clock) {
        this.holds = holds;
        this.registers = registers;
        this.clock = clock;
    }

    @Override
    public Optional<Refusal> refusal(Item item) {
        Optional<Refusal> held = heldBy(item);
        return held.isPresent() ? held : duty(item);
    }

    /** The first active legal hold that covers the item. */
    public Optional<Refusal> heldBy(Item item) {
        for (LegalHold hold : holds.active()) {
            if (covers(hold, item)) {
                return Optional.of(new Refusal(
                        "legal-hold",
                        // No reason or reference here: a demand of the police may be confidential, and whoever
                        // tries to delete need not see it; the holds page shows it to retention staff.
                        "kept under legal hold " + hold.id() + " until it is lifted; its review date is "
                                + hold.reviewOn(),
                        null));
            }
        }
        return Optional.empty();
    }

    /** A running legal duty of the item's register category, with the day it may go. */
    public Optional<Refusal> duty(Item item) {
        if (item.category() == null) {
            return Optional.empty();
        }
        Optional<DataCategory> row =
                registers.current().flatMap(v -> v.register().category(item.category()));
        if (row.isEmpty() || row.get().legalBasis() != LegalBasis.LEGAL_OBLIGATION) {
            return Optional.empty();
        }
        DataCategory category = row.get();
        String statute = category.statute() == null || category.statute().isBlank() ? "" : ", " + category.statute();
        LocalDate today = clock.instant().atZone(AMSTERDAM).toLocalDate();
        if (item.dueOn() == null) {
            return Optional.of(new Refusal(
                    "retention-duty",
                    "kept under a legal duty (category " + category.key() + statute + "); its period has not started"
                            + " to run yet",
                    null));
        }
        if (today.isBefore(item.dueOn())) {
            return Optional.of(new Refusal(
                    "retention-duty",
                    "kept under a legal duty (category " + category.key() + statute + ") until " + item.dueOn()
                            + "; it may be deleted from that day",
                    item.dueOn()));
        }
        return Optional.empty();
    }

    private static boolean covers(LegalHold hold, Item item) {
        return switch (hold.scope()) {
            case SUBJECT -> item.subjects().contains(hold.targetId());
            case ORGANISATION -> hold.targetId().equals(item.organisation());
            case SERVICE_DELIVERED -> hold.targetId().equals(item.serviceDelivered());
            case CATEGORY -> hold.categoryKey().equals(item.category());
            // An item whose day is unknown may lie in the range: kept.
            case TIME_RANGE ->
                (hold.categoryKey() == null || hold.categoryKey().equals(item.category()))
                        && (item.anchorDate() == null
                                || !(item.anchorDate().isBefore(hold.from())
                                        || item.anchorDate().isAfter(hold.to())));
        };
    }
}
