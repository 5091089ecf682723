package nl.waarborg.retention.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import nl.waarborg.register.RetentionRule;
import nl.waarborg.register.Text;
import nl.waarborg.retention.LegalHold;
import nl.waarborg.subjects.DataStore;
import nl.waarborg.subjects.DataStores;
import nl.waarborg.subjects.Exclusions;
import nl.waarborg.subjects.Expiry;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Where retention stands per category: its rule, the cut-off today, the places that hold it, the holds over it and the
 * last receipts; on request also what is due now (a dry run). Feeds the Prometheus metrics: items overdue per category
 * (from the latest count; the goal is zero), the last successful run per category and place, and failed places.
 */
@Service
public class RetentionStatus {

    private final Registers registers;
    private final DataStores stores;
    private final Holds holds;
    private final Receipts receipts;
    private final RetentionRuns runs;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<String, Long> overdue = new ConcurrentHashMap<>();
    private final MultiGauge overdueGauge;
    private final MultiGauge lastSuccessGauge;
    private final MultiGauge failedGauge;

    RetentionStatus(
            Registers registers,
            DataStores stores,
            Holds holds,
            Receipts receipts,
            RetentionRuns runs,
            JdbcClient jdbc,
            Clock clock,
            MeterRegistry meters) {
        this.registers = registers;
        this.stores = stores;
        this.holds = holds;
        this.receipts = receipts;
        this.runs = runs;
        this.jdbc = jdbc;
        this.clock = clock;
        this.overdueGauge = MultiGauge.builder("waarborg.retention.overdue.items")
                .description("Items past their retention period at the latest count, per register category")
                .register(meters);
        this.lastSuccessGauge = MultiGauge.builder("waarborg.retention.last.success")
                .description("When a run last finished a category in a place (epoch seconds)")
                .baseUnit("seconds")
                .register(meters);
        this.failedGauge = MultiGauge.builder("waarborg.retention.failed")
                .description("1 when the latest run failed for a category in a place; retried at the next run")
                .register(meters);
    }

    /**
     * @param due what a dry run now would remove, or null when not counted
     * @param heldNow what holds keep now although due, or null when not counted
     * @param cutoff today's cut-off for places that compare one timestamp; null for rules counted from an event
     */
    public record CategoryStatus(
            String key,
            Text description,
            Text rule,
            String executedAs,
            boolean enforceable,
            LocalDate cutoffDay,
            Instant cutoff,
            List<String> places,
            List<LegalHold> holds,
            List<Receipt> lastReceipts,
            Long due,
            Long heldNow) {}

    public record Status(
            Integer registerVersion,
            LocalDate today,
            List<CategoryStatus> categories,
            List<LegalHold> activeHolds,
            List<LegalHold> reviewDue,
            Instant lastRun,
            boolean counted) {

        public long due() {
            return categories.stream()
                    .mapToLong(c -> c.due() == null ? 0 : c.due())
                    .sum();
        }

        public List<CategoryStatus> notEnforceable() {
            return categories.stream().filter(c -> !c.enforceable()).toList();
        }
    }

    /** @param count also count what is due now in every place (a dry run, audited as reads) */
    public Status status(boolean count) {
        LocalDate today = Dates.today(clock);
        RegisterVersion version = registers.current().orElse(null);
        List<LegalHold> active = holds.active();
        Map<String, long[]> counted = new LinkedHashMap<>();
        if (count && version != null) {
            RetentionRuns.Report dry = runs.run(new RetentionRuns.Order(today, null, true, "count"));
            dry.receipts().forEach(r -> {
                long[] c = counted.computeIfAbsent(r.category(), k -> new long[2]);
                c[0] += r.removed();
                c[1] += r.held();
            });
            dry.notEnforceable().forEach(n -> counted.putIfAbsent(n.category(), new long[2]));
            publishOverdue(counted);
        }
        Map<String, List<Receipt>> latest = new LinkedHashMap<>();
        receipts.latest()
                .forEach(r -> latest.computeIfAbsent(r.category(), k -> new ArrayList<>())
                        .add(r));
        List<CategoryStatus> categories = new ArrayList<>();
        if (version != null) {
            for (DataCategory category : version.register().categories().toList()) {
                RetentionRule rule = category.retention();
                boolean enforceable = rule != null && rule.executable();
                Instant cutoff = null;
                LocalDate cutoffDay = null;
                if (enforceable) {
                    Expiry probe = new Expiry(category, today, Exclusions.NONE, "status", true);
                    cutoff = probe.cutoff().orElse(null);
                    cutoffDay = cutoff == null
                            ? null
                            : cutoff.atZone(Dates.AMSTERDAM).toLocalDate();
                }
                List<String> places = stores.stores().stream()
                        .filter(s -> s.holds(category))
                        .map(DataStore::name)
                        .toList();
                List<LegalHold> over = active.stream()
                        .filter(h -> h.coversCategory(category.key()))
                        .toList();
                long[] c = counted.get(category.key());
                categories.add(new CategoryStatus(
                        category.key(),
                        category.description(),
                        rule == null ? new Text("Niet vastgelegd", "Not specified") : rule.text(),
                        enforceable ? RetentionRuns.describe(rule) : "not enforceable",
                        enforceable,
                        cutoffDay,
                        cutoff,
                        places,
                        over,
                        latest.getOrDefault(category.key(), List.of()),
                        c == null || !enforceable ? null : c[0],
                        c == null || !enforceable ? null : c[1]));
            }
        }
        Instant lastRun = jdbc.sql("SELECT max(finished_at) FROM retention_run")
                .query((rs, n) -> Dates.instant(rs.getTimestamp(1)))
                .optional()
                .orElse(null);
        return new Status(
                version == null ? null : version.number(),
                today,
                categories,
                active,
                active.stream().filter(h -> h.reviewDue(today)).toList(),
                lastRun,
                count && version != null);
    }

    /** Counts what is due now and publishes it as the overdue metric. */
    public Status count() {
        Status status = status(true);
        refreshReceiptGauges();
        return status;
    }

    private void publishOverdue(Map<String, long[]> counted) {
        overdue.clear();
        counted.forEach((k, c) -> overdue.put(k, c[0]));
        overdueGauge.register(
                overdue.keySet().stream()
                        .map(k -> MultiGauge.Row.of(Tags.of("category", k), overdue, m -> m.getOrDefault(k, 0L)))
                        .toList(),
                true);
    }

    /** The last success and failure per category and place, from the receipts. */
    @EventListener(ApplicationReadyEvent.class)
    public void refreshReceiptGauges() {
        record Success(String category, String store, Instant at) {}
        List<Success> successes = jdbc.sql("""
                        SELECT category_key, store, max(written_at) AS at FROM retention_receipt
                         WHERE status IN ('DONE', 'HELD') GROUP BY category_key, store
                        """)
                .query((rs, n) -> new Success(
                        rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .list();
        lastSuccessGauge.register(
                successes.stream()
                        .map(s -> MultiGauge.Row.of(
                                Tags.of("category", s.category(), "store", s.store()), s.at().getEpochSecond()))
                        .toList(),
                true);
        failedGauge.register(
                receipts.latest().stream()
                        .map(r -> MultiGauge.Row.of(
                                Tags.of("category", r.category(), "store", r.store()),
                                "FAILED".equals(r.status()) ? 1 : 0))
                        .toList(),
                true);
    }
}
