package nl.waarborg.register;

import java.time.LocalDate;
import java.util.List;

/**
 * A processing agreement (Art. 28(3)) with a processor or a client organisation.
 *
 * @param present whether a signed agreement exists
 * @param date when it was signed, if known
 * @param reference where the document is, for example a contract number
 * @param until the last day it runs (its term), or null when it runs until ended
 * @param reviewOn when it is looked at again (Waarborg reminds the privacy officer before), or null
 * @param clauses which of the clauses Art. 28(3)(a)–(h) it holds, by letter; empty when not recorded
 * @param subProcessors the recipients (keys) the processor may engage, with this provider's authorisation (Art. 28(2))
 * @param auditRights whether the provider may audit the processor (Art. 28(3)(h)), or null when not recorded
 */
public record Agreement(
        boolean present,
        LocalDate date,
        String reference,
        LocalDate until,
        LocalDate reviewOn,
        List<String> clauses,
        List<String> subProcessors,
        Boolean auditRights) {

    /** The clauses Art. 28(3) requires: (a) instructions … (h) information and audits. */
    public static final List<String> ARTICLE_28_3 = List.of("a", "b", "c", "d", "e", "f", "g", "h");

    public static final Agreement NONE = new Agreement(false, null, null);

    public Agreement {
        clauses = clauses == null ? List.of() : List.copyOf(clauses);
        subProcessors = subProcessors == null ? List.of() : List.copyOf(subProcessors);
    }

    public Agreement(boolean present, LocalDate date, String reference) {
        this(present, date, reference, null, null, List.of(), List.of(), null);
    }

    /** Whether its term ended before {@code day} (the last day of the term is still in it). */
    public boolean endedBy(LocalDate day) {
        return present && until != null && until.isBefore(day);
    }

    /** Whether its review date has come by {@code day}. */
    public boolean reviewDueBy(LocalDate day) {
        return present && reviewOn != null && !reviewOn.isAfter(day);
    }

    /** The Art. 28(3) clauses the agreement is recorded without, when its clauses are recorded at all. */
    public List<String> missingClauses() {
        return clauses.isEmpty()
                ? List.of()
                : ARTICLE_28_3.stream().filter(c -> !clauses.contains(c)).toList();
    }
}
