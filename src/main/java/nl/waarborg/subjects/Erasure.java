package nl.waarborg.subjects;

import java.util.Set;

/**
 * What to erase of a person.
 *
 * @param keep register category keys whose data stays (covered by an exception of Art. 17(3), such as invoices under
 *     the seven-year fiscal duty); everything else is deleted or anonymised
 * @param operationId makes a repeated call (a retry, a second run of the same request) harmless; also the idempotency
 *     key sent to other systems
 */
public record Erasure(Set<String> keep, String operationId) {

    public Erasure {
        keep = keep == null ? Set.of() : Set.copyOf(keep);
        Operations.require(operationId);
    }

    public static Erasure everything(String operationId) {
        return new Erasure(Set.of(), operationId);
    }

    public boolean keeps(String category) {
        return category != null && keep.contains(category);
    }
}
