package nl.waarborg.register.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nl.waarborg.register.Agreement;
import nl.waarborg.register.Recipient;
import nl.waarborg.register.Register;

/**
 * A recipient as staff look at it: its agreement's state on a day, the Art. 28(3) clauses it lacks, the categories
 * that go to it and what the register check says of it. Everything comes from the register.
 *
 * @param agreementState {@code SIGNED}, {@code MISSING} (a processor without one), {@code NONE} (not needed),
 *     {@code EXPIRED} or {@code REVIEW_DUE}
 */
public record RecipientOverview(
        Recipient recipient,
        String agreementState,
        List<String> missingClauses,
        List<String> categories,
        List<String> findings) {

    public static List<RecipientOverview> of(
            Register register, List<Finding> findings, LocalDate today, Locale locale) {
        List<RecipientOverview> out = new ArrayList<>();
        for (Recipient r : register.recipients()) {
            out.add(new RecipientOverview(
                    r,
                    state(r, today),
                    r.agreement().missingClauses(),
                    register.categories()
                            .filter(c -> c.recipients().contains(r.key()))
                            .map(c -> c.description().in(locale) + " (" + c.key() + ")")
                            .toList(),
                    findings.stream()
                            .filter(f -> r.key().equals(f.recipient()))
                            .map(f -> f.explanation().in(locale))
                            .toList()));
        }
        return out;
    }

    static String state(Recipient r, LocalDate today) {
        Agreement a = r.agreement();
        if (!a.present()) {
            return r.kind().needsAgreement() ? "MISSING" : "NONE";
        }
        if (a.endedBy(today)) {
            return "EXPIRED";
        }
        return a.reviewDueBy(today) ? "REVIEW_DUE" : "SIGNED";
    }
}
