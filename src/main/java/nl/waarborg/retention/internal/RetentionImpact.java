package nl.waarborg.retention.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.Register;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import nl.waarborg.register.RetentionRule;
import org.springframework.stereotype.Service;

/**
 * What applying a register would do to retention, before it is applied: for every category whose rule changes, how many
 * items each place would remove at the next run under the new rule, against the rule in force. Counted by dry runs,
 * so holds are honoured and nothing changes.
 */
@Service
public class RetentionImpact {

    private final Registers registers;
    private final RetentionRuns runs;
    private final Clock clock;

    RetentionImpact(Registers registers, RetentionRuns runs, Clock clock) {
        this.registers = registers;
        this.runs = runs;
        this.clock = clock;
    }

    /**
     * @param now what the next run removes under the rule in force (null for a new category)
     * @param next what it would remove under the new rule
     */
    public record Place(String store, Long now, long next, long held, String status, String detail) {}

    /**
     * @param currentRule null for a category the register in force does not have
     * @param newRule null for a category the new register drops: its data is then enforced by no rule
     * @param enforceable whether the new rule can be executed at all
     */
    public record Change(
            String category, String currentRule, String newRule, boolean enforceable, List<Place> places) {}

    public record Impact(Integer currentVersion, List<Change> changes, int unchanged) {}

    public Impact of(byte[] registerFile) {
        Register candidate = registers.read(registerFile);
        Optional<RegisterVersion> current = registers.current();
        Map<String, DataCategory> before = new LinkedHashMap<>();
        current.ifPresent(v -> v.register().categories().forEach(c -> before.put(c.key(), c)));
        var today = Dates.today(clock);
        List<Change> changes = new ArrayList<>();
        int unchanged = 0;
        for (DataCategory category : candidate.categories().toList()) {
            DataCategory old = before.remove(category.key());
            String oldRule = old == null ? null : rule(old.retention());
            String newRule = rule(category.retention());
            if (newRule.equals(oldRule)) {
                unchanged++;
                continue;
            }
            boolean enforceable =
                    category.retention() != null && category.retention().executable();
            Map<String, Place> places = new LinkedHashMap<>();
            if (enforceable) {
                for (Receipt r : runs.preview(category, today)) {
                    // Client organisations' own periods add up per place.
                    places.merge(
                            r.store(),
                            new Place(r.store(), null, r.removed(), r.held(), r.status(), r.detail()),
                            (a, b) -> new Place(
                                    a.store(), null, a.next() + b.next(), a.held() + b.held(), a.status(), a.detail()));
                }
            }
            if (old != null && old.retention() != null && old.retention().executable()) {
                Map<String, Long> underOld = new LinkedHashMap<>();
                for (Receipt r : runs.preview(old, today)) {
                    underOld.merge(r.store(), r.removed(), Long::sum);
                }
                underOld.forEach((store, count) -> places.merge(
                        store,
                        new Place(store, count, 0, 0, null, null),
                        (a, b) -> new Place(a.store(), b.now(), a.next(), a.held(), a.status(), a.detail())));
            }
            changes.add(new Change(category.key(), oldRule, newRule, enforceable, List.copyOf(places.values())));
        }
        for (DataCategory dropped : before.values()) {
            changes.add(new Change(dropped.key(), rule(dropped.retention()), null, false, List.of()));
        }
        return new Impact(current.map(RegisterVersion::number).orElse(null), changes, unchanged);
    }

    private static String rule(RetentionRule rule) {
        return rule == null || !rule.executable() ? "not enforceable" : RetentionRuns.describe(rule);
    }
}
