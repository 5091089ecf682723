package nl.waarborg.traffic.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.Registers;
import nl.waarborg.subjects.Census;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.DataStore;
import nl.waarborg.subjects.Erasure;
import nl.waarborg.subjects.Expiry;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.Scope;
import nl.waarborg.subjects.StoreOperations;
import nl.waarborg.subjects.StoreResult;
import nl.waarborg.subjects.StoreResult.Holding;
import nl.waarborg.subjects.StoreResult.Item;
import nl.waarborg.subjects.Window;
import nl.waarborg.traffic.TrafficData.CallRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Traffic data as a place behind the seam, searched by phone number, so that a caller who is no customer is found
 * too. Erasure anonymises the person's side of each call (their number, raw number, caller id and channel) and keeps
 * the other party's. Expiry drops each daily (Amsterdam) partition whole on the day it is due, and deletes rows only in
 * a partition that holds calls under a legal hold.
 */
@Component
class TrafficDataStore
        implements DataStore.Finder,
                DataStore.Exporter,
                DataStore.Eraser,
                DataStore.Restrictor,
                DataStore.Expirer,
                DataStore.Counter {

    /** The vocabulary key of traffic data; the register rows covering it govern it. */
    static final String DATA_CATEGORY = "telecom.traffic_data";

    static final String NAME = "traffic";

    /** Calls read per query of an export: the person's calls are streamed, never held whole. */
    static final int PAGE = 5_000;

    private final JdbcClient jdbc;
    private final TrafficStore calls;
    private final TrafficPartitions partitions;
    private final StoreOperations operations;
    private final Registers registers;
    private final TransactionTemplate tx;
    private final Clock clock;

    TrafficDataStore(
            JdbcClient jdbc,
            TrafficStore calls,
            TrafficPartitions partitions,
            StoreOperations operations,
            Registers registers,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.calls = calls;
        this.partitions = partitions;
        this.operations = operations;
        this.registers = registers;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Kind kind() {
        return Kind.TRAFFIC;
    }

    @Override
    public Set<IdentifierKind> searchable() {
        return Set.of(IdentifierKind.PHONE);
    }

    @Override
    public boolean holds(DataCategory category) {
        return category.includes(DATA_CATEGORY);
    }

    /**
     * The calls started in the window (only the partitions it touches are read) and the distinct numbers on either
     * side, the people the calls are about. Calls are not kept per client organisation or service, so a scope that
     * narrows to one is answered skipped rather than counted whole.
     */
    @Override
    public Census.Tally count(Scope scope, int limit) {
        if (scope.perClient()) {
            return Census.Tally.skipped(
                    this, "traffic data is not kept per organisation or service: count it without them");
        }
        // Only the bounds given, as plain comparisons, so that the planner reads only the partitions they touch.
        List<Object> params = new java.util.ArrayList<>();
        StringBuilder where = new StringBuilder("TRUE");
        if (scope.from() != null) {
            where.append(" AND call_start >= ?");
            params.add(Timestamp.from(scope.from()));
        }
        if (scope.to() != null) {
            where.append(" AND call_start < ?");
            params.add(Timestamp.from(scope.to()));
        }
        String with = "WITH scoped AS (SELECT calling_number, called_number FROM traffic_cdr WHERE " + where + "),"
                + " numbers AS (SELECT calling_number AS n FROM scoped WHERE calling_number IS NOT NULL"
                + " UNION SELECT called_number FROM scoped WHERE called_number IS NOT NULL) ";
        long[] counts = jdbc.sql(with + "SELECT (SELECT count(*) FROM scoped), (SELECT count(*) FROM numbers)")
                .params(params)
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .single();
        params.add(limit);
        Set<Identifier> parties = new java.util.LinkedHashSet<>();
        jdbc.sql(with + "SELECT n FROM numbers ORDER BY 1 LIMIT ?")
                .params(params)
                .query(Long.class)
                .list()
                .forEach(n -> parties.add(new Identifier(IdentifierKind.PHONE, CdrForms.e164(n))));
        return Census.Tally.counted(this, counts[1], counts[0], Set.of(), parties);
    }

    private static String[] numbers(DataHolder holder) {
        return holder.values(IdentifierKind.PHONE).toArray(String[]::new);
    }

    @Override
    public StoreResult find(DataHolder holder) {
        TrafficStore.Totals totals = calls.totals(numbers(holder), null, null);
        List<Holding> holdings = totals.total() == 0
                ? List.of()
                : List.of(new Holding(DATA_CATEGORY, NAME, totals.total(), totals.first(), totals.last()));
        return StoreResult.found(this, holdings, List.of());
    }

    /**
     * The calls in the window, page by page from the database; each call as its record (restricted calls too: an
     * export is the person's own copy, and a restricted call says so).
     */
    @Override
    public StoreResult export(DataHolder holder, Window window, Consumer<Item> sink) {
        String[] numbers = numbers(holder);
        TrafficStore.Totals totals = calls.totals(numbers, window.from(), window.to());
        Set<String> restricted = calls.restricted(numbers);
        long wanted = window.limit() == 0 ? Long.MAX_VALUE : window.limit();
        long written = 0;
        int offset = window.offset();
        while (written < wanted && offset < totals.matching()) {
            int size = (int) Math.min(PAGE, wanted - written);
            List<CallRecord> page = calls.page(numbers, window.from(), window.to(), size, offset, window.newestFirst());
            if (page.isEmpty()) {
                break;
            }
            for (CallRecord c : page) {
                sink.accept(item(c, restricted));
            }
            written += page.size();
            offset += page.size();
        }
        List<Holding> holdings = totals.matching() == 0
                ? List.of()
                : List.of(new Holding(DATA_CATEGORY, NAME, totals.matching(), null, null));
        return StoreResult.exported(this, holdings, written);
    }

    private static Item item(CallRecord c, Set<String> restricted) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("calling", c.callingNumber() != null ? c.callingNumber() : c.callingRaw());
        data.put("called", c.calledNumber() != null ? c.calledNumber() : c.calledRaw());
        data.put("callerId", c.callerId());
        data.put("answer", c.answer() == null ? null : c.answer().toString());
        data.put("end", c.end() == null ? null : c.end().toString());
        data.put("durationSeconds", c.durationSeconds());
        data.put("billableSeconds", c.billableSeconds());
        data.put("disposition", c.disposition());
        data.put("accountCode", c.accountCode());
        data.put("sourceFormat", c.sourceFormat());
        data.put("restricted", restricted.contains(c.callingNumber()) || restricted.contains(c.calledNumber()));
        return new Item(DATA_CATEGORY, NAME, c.recordId(), c.start(), data);
    }

    /** Anonymises the person's side of every call; the other party's side is that party's data and stays. */
    @Override
    public StoreResult erase(DataHolder holder, Erasure erasure) {
        boolean kept =
                registers.categories().stream().anyMatch(c -> erasure.keeps(c.key()) && c.includes(DATA_CATEGORY));
        String[] numbers = numbers(holder);
        if (kept || numbers.length == 0) {
            return StoreResult.done(this, 0, 0);
        }
        long changed = tx.execute(status -> {
            int calling = jdbc.sql("""
                            UPDATE traffic_cdr SET calling_number = NULL, calling_raw = NULL, caller_id = NULL,
                                   channel = NULL
                             WHERE calling_number = ANY (traffic_numbers(?::text[]))
                            """).param(numbers).update();
            int called = jdbc.sql("""
                            UPDATE traffic_cdr SET called_number = NULL, called_raw = NULL, dst_channel = NULL
                             WHERE called_number = ANY (traffic_numbers(?::text[]))
                            """).param(numbers).update();
            operations.progressed(erasure.operationId(), NAME, "erase", calling + called, 0);
            return (long) calling + called;
        });
        return StoreResult.done(this, changed, 0);
    }

    @Override
    public StoreResult restrict(DataHolder holder, String operationId) {
        String[] numbers = numbers(holder);
        long added = tx.execute(status -> {
            int n = 0;
            for (String number : numbers) {
                n += jdbc.sql("""
                                INSERT INTO traffic_restriction (number, restricted_at, operation_id)
                                VALUES (?, ?, ?) ON CONFLICT DO NOTHING
                                """)
                        .params(number, Timestamp.from(clock.instant()), operationId)
                        .update();
            }
            operations.progressed(operationId, NAME, "restrict", n, 0);
            return (long) n;
        });
        return StoreResult.done(this, added, 0);
    }

    /** All of this place's data is of one kind: restricted when a row asked for holds it, untouched otherwise. */
    @Override
    public StoreResult restrict(
            DataHolder holder, String operationId, java.util.Set<nl.waarborg.register.DataCategory> categories) {
        return categories.isEmpty() || categories.stream().anyMatch(this::holds)
                ? restrict(holder, operationId)
                : StoreResult.done(this, 0, 0);
    }

    @Override
    public StoreResult lift(
            DataHolder holder, String operationId, java.util.Set<nl.waarborg.register.DataCategory> categories) {
        return categories.isEmpty() || categories.stream().anyMatch(this::holds)
                ? lift(holder, operationId)
                : StoreResult.done(this, 0, 0);
    }

    @Override
    public StoreResult lift(DataHolder holder, String operationId) {
        long removed = tx.execute(status -> {
            int n = jdbc.sql("DELETE FROM traffic_restriction WHERE number = ANY (?::text[])")
                    .param(numbers(holder))
                    .update();
            operations.progressed(operationId, NAME, "lift", n, 0);
            return (long) n;
        });
        return StoreResult.done(this, removed, 0);
    }

    /**
     * A call is due on the day it started (Amsterdam) plus the period, and each partition holds one Amsterdam day, so
     * a partition is due whole and is dropped in one statement. A partition holding a call of a held number is not
     * dropped: its other calls are deleted row by row.
     */
    @Override
    public StoreResult expire(Expiry expiry) {
        if (!expiry.countsFromItem()) {
            return StoreResult.skipped(
                    this, "traffic data is removed by the day of each call; this rule counts from another event");
        }
        if (expiry.organisation() != null) {
            return StoreResult.skipped(this, "calls are not kept per client organisation");
        }
        String[] held = expiry.exclusions().values(IdentifierKind.PHONE).toArray(String[]::new);
        long deleted = 0;
        long excluded = 0;
        for (LocalDate day : partitions.existingDays()) {
            if (day.plus(expiry.period()).isAfter(expiry.asOf())) {
                break;
            }
            // Through the partitioned table, pruned to the day's partition: its triggers keep the day's count.
            String due = "call_start >= '" + TrafficPartitions.startOf(day) + "' AND call_start < '"
                    + TrafficPartitions.startOf(day.plusDays(1)) + "'";
            // An extension has no E.164 number (NULL): it is not held, and NOT (NULL) would keep it for ever.
            String heldRow = "(coalesce(calling_number = ANY (traffic_numbers(?::text[])), false)"
                    + " OR coalesce(called_number = ANY (traffic_numbers(?::text[])), false))";
            long heldHere = held.length == 0
                    ? 0
                    : jdbc.sql("SELECT count(*) FROM traffic_cdr WHERE " + due + " AND " + heldRow)
                            .params(held, held)
                            .query(Long.class)
                            .single();
            excluded += heldHere;
            if (expiry.dryRun()) {
                deleted += partitions.rows(day) - heldHere;
                continue;
            }
            long total = excluded;
            deleted += tx.execute(status -> {
                // The receipt counts what goes: the day's count kept at insert, not a count of a million rows.
                long n = heldHere == 0
                        ? partitions.drop(day)
                        : jdbc.sql("DELETE FROM traffic_cdr WHERE " + due + " AND NOT " + heldRow)
                                .params(held, held)
                                .update();
                operations.progressed(expiry.operationId(), NAME, "expire", n, total);
                return n;
            });
        }
        return StoreResult.done(this, deleted, excluded);
    }
}
