package nl.waarborg.subjects;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Asked before one item is deleted by hand (the API, the console): a running legal duty or a legal hold may forbid
 * it. The retention module implements it; the subjects module cannot know holds without depending on it.
 */
public interface DeletionGuard {

    /**
     * @param category the register row's key, or null when the item belongs to no row yet
     * @param anchorDate the day its retention counts from (Amsterdam), when known
     * @param dueOn the day its retention ends, when known
     */
    record Item(
            String category,
            Set<UUID> subjects,
            UUID organisation,
            UUID serviceDelivered,
            LocalDate anchorDate,
            LocalDate dueOn) {
        public Item {
            subjects = subjects == null ? Set.of() : Set.copyOf(subjects);
        }
    }

    /**
     * Why the item must stay.
     *
     * @param slug {@code retention-duty} or {@code legal-hold}
     * @param detail names the duty or the hold and the date it ends; never personal data
     */
    record Refusal(String slug, String detail, LocalDate until) {}

    Optional<Refusal> refusal(Item item);
}
