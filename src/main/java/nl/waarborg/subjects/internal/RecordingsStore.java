package nl.waarborg.subjects.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.Register;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import nl.waarborg.register.Service;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.DataStore;
import nl.waarborg.subjects.Erasure;
import nl.waarborg.subjects.Exclusions;
import nl.waarborg.subjects.Expiry;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.StoreOperations;
import nl.waarborg.subjects.StoreResult;
import nl.waarborg.subjects.StoreResult.Holding;
import nl.waarborg.subjects.StoreResult.Item;
import nl.waarborg.subjects.Window;
import nl.waarborg.subjects.internal.Model.Recording;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Call recordings as a place behind the seam: found through the subjects they are linked to and through the phone
 * numbers of their parties, so a caller who is no customer is found too. Deleting removes the index row and queues
 * the audio file in the same transaction ({@link Recordings#deleteRows}).
 */
@Component
class RecordingsStore
        implements DataStore.Finder,
                DataStore.Exporter,
                DataStore.Eraser,
                DataStore.Restrictor,
                DataStore.Expirer,
                DataStore.Counter {

    /** The vocabulary key of call recordings; the register rows covering it govern them. */
    static final String DATA_CATEGORY = "telecom.call_recording";

    static final int BATCH = 1_000;

    private static final String OF_HOLDER = """
             (r.id IN (SELECT recording_id FROM call_recording_subject WHERE subject_id = ?)
              OR r.caller = ANY (?::text[]) OR r.callee = ANY (?::text[]))
            """;

    private final JdbcClient jdbc;
    private final Recordings recordings;
    private final StoreOperations operations;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Registers registers;

    RecordingsStore(
            JdbcClient jdbc,
            Recordings recordings,
            StoreOperations operations,
            PlatformTransactionManager transactions,
            Clock clock,
            Registers registers) {
        this.registers = registers;
        this.jdbc = jdbc;
        this.recordings = recordings;
        this.operations = operations;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Override
    public String name() {
        return Directory.RECORDINGS_LOCATION;
    }

    @Override
    public Kind kind() {
        return Kind.RECORDINGS;
    }

    @Override
    public Set<IdentifierKind> searchable() {
        return Set.of(IdentifierKind.PHONE);
    }

    @Override
    public boolean searchesBySubject() {
        return true;
    }

    @Override
    public boolean holds(DataCategory category) {
        return category.includes(DATA_CATEGORY);
    }

    /**
     * The recordings started in the window (of one organisation's or one service's calls, when asked); the people are
     * the parties' numbers, and the subjects linked to the recordings.
     */
    @Override
    public nl.waarborg.subjects.Census.Tally count(nl.waarborg.subjects.Scope scope, int limit) {
        Timestamp start = scope.from() == null ? null : Timestamp.from(scope.from());
        Timestamp end = scope.to() == null ? null : Timestamp.from(scope.to());
        String scoped = """
                SELECT r.id, r.caller, r.callee FROM call_recording r
                  LEFT JOIN service_delivered d ON d.id = r.service_delivered_id
                 WHERE (?::timestamptz IS NULL OR r.started_at >= ?) AND (?::timestamptz IS NULL OR r.started_at < ?)
                   AND (?::uuid IS NULL OR d.organisation_id = ?)
                   AND (?::text IS NULL OR coalesce(d.service_key, r.service_key) = ?)
                """;
        Object[] params = {
            start,
            start,
            end,
            end,
            scope.organisationId(),
            scope.organisationId(),
            scope.serviceKey(),
            scope.serviceKey()
        };
        String with = "WITH scoped AS (" + scoped + ") ";
        String numbers = "SELECT caller AS n FROM scoped WHERE caller IS NOT NULL"
                + " UNION SELECT callee FROM scoped WHERE callee IS NOT NULL";
        long[] counts = jdbc.sql(
                        with + "SELECT (SELECT count(*) FROM scoped), (SELECT count(*) FROM (" + numbers + ") p)")
                .params(params)
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .single();
        Object[] limited = java.util.Arrays.copyOf(params, params.length + 1);
        limited[params.length] = limit;
        Set<UUID> subjects = new java.util.LinkedHashSet<>(jdbc.sql(with
                        + "SELECT DISTINCT l.subject_id FROM scoped JOIN call_recording_subject l"
                        + " ON l.recording_id = scoped.id ORDER BY 1 LIMIT ?")
                .params(limited)
                .query(UUID.class)
                .list());
        Set<nl.waarborg.subjects.Identifier> parties = new java.util.LinkedHashSet<>();
        jdbc.sql(with + numbers + " ORDER BY 1 LIMIT ?")
                .params(limited)
                .query(String.class)
                .list()
                .forEach(n -> parties.add(new nl.waarborg.subjects.Identifier(IdentifierKind.PHONE, n)));
        return nl.waarborg.subjects.Census.Tally.counted(this, counts[1], counts[0], subjects, parties);
    }

    private Object[] holderParams(DataHolder holder) {
        String[] phones = holder.values(IdentifierKind.PHONE).toArray(String[]::new);
        return new Object[] {holder.subjectId(), phones, phones};
    }

    private List<Recording> of(DataHolder holder) {
        return jdbc.sql(Recordings.SELECT + " WHERE " + OF_HOLDER + " ORDER BY r.started_at, r.id")
                .params(holderParams(holder))
                .query(Recordings::row)
                .list();
    }

    @Override
    public StoreResult find(DataHolder holder) {
        List<Holding> holdings = jdbc
                .sql("SELECT count(*), min(r.started_at), max(r.started_at) FROM call_recording r" + " WHERE "
                        + OF_HOLDER)
                .params(holderParams(holder))
                .query((rs, n) -> new Holding(
                        DATA_CATEGORY,
                        name(),
                        rs.getLong(1),
                        Inventory.instant(rs, "min"),
                        Inventory.instant(rs, "max")))
                .list()
                .stream()
                .filter(h -> h.count() > 0)
                .toList();
        return StoreResult.found(this, holdings, List.of());
    }

    /** The index entries; the audio itself is fetched per recording ({@code audio}: its download reference). */
    @Override
    public StoreResult export(DataHolder holder, Window window, Consumer<Item> sink) {
        List<Recording> all = new ArrayList<>(
                of(holder).stream().filter(r -> window.contains(r.startedAt())).toList());
        if (window.newestFirst()) {
            java.util.Collections.reverse(all);
        }
        int end = window.limit() == 0 ? all.size() : Math.min(all.size(), window.offset() + window.limit());
        long written = 0;
        for (int i = window.offset(); i < end; i++) {
            Recording r = all.get(i);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("callId", r.callId());
            data.put("caller", r.caller());
            data.put("callee", r.callee());
            data.put("startedAt", r.startedAt().toString());
            data.put("durationSeconds", r.durationSeconds());
            data.put("serviceKey", r.serviceKey());
            data.put("contentType", r.contentType());
            data.put("sizeBytes", r.sizeBytes());
            data.put("audio", "/api/v1/subjects/recordings/" + r.id() + "/audio");
            data.put("restricted", r.restrictedAt() != null);
            sink.accept(new Item(DATA_CATEGORY, name(), r.id().toString(), r.startedAt(), data));
            written++;
        }
        List<Holding> holdings =
                all.isEmpty() ? List.of() : List.of(new Holding(DATA_CATEGORY, name(), all.size(), null, null));
        return StoreResult.exported(this, holdings, written);
    }

    /** A recording holds the person's voice: erasure deletes it, the audio file with it. */
    @Override
    public StoreResult erase(DataHolder holder, Erasure erasure) {
        long deleted = tx.execute(status -> {
            if (keeps(erasure)) {
                return 0L;
            }
            List<UUID> ids = jdbc.sql("SELECT r.id FROM call_recording r WHERE " + OF_HOLDER + " FOR UPDATE")
                    .params(holderParams(holder))
                    .query(UUID.class)
                    .list();
            int n = recordings.deleteRows(ids);
            operations.progressed(erasure.operationId(), name(), "erase", n, 0);
            return (long) n;
        });
        return StoreResult.done(this, deleted, 0);
    }

    /** Whether the erasure keeps the recordings: it names a register category that covers them. */
    private boolean keeps(Erasure erasure) {
        return registers.categories().stream().anyMatch(c -> erasure.keeps(c.key()) && c.includes(DATA_CATEGORY));
    }

    @Override
    public StoreResult restrict(DataHolder holder, String operationId) {
        return mark(holder, operationId, true);
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
        return mark(holder, operationId, false);
    }

    private StoreResult mark(DataHolder holder, String operationId, boolean restrict) {
        long changed = tx.execute(status -> {
            List<Object> params = new ArrayList<>();
            if (restrict) {
                params.add(Timestamp.from(clock.instant()));
                params.add(operationId);
            }
            params.addAll(List.of(holderParams(holder)));
            int n = jdbc.sql(
                            restrict
                                    ? "UPDATE call_recording r SET restricted_at = ?, restriction_operation = ?"
                                            + " WHERE r.restricted_at IS NULL AND " + OF_HOLDER
                                    : "UPDATE call_recording r SET restricted_at = NULL, restriction_operation = NULL"
                                            + " WHERE r.restricted_at IS NOT NULL AND " + OF_HOLDER)
                    .params(params.toArray())
                    .update();
            operations.progressed(operationId, name(), restrict ? "restrict" : "lift", n, 0);
            return (long) n;
        });
        return StoreResult.done(this, changed, 0);
    }

    /**
     * Deletes the recordings due by the rule, counted from the day (Amsterdam) each call started, or from the end of
     * the recording's service. A recording whose party or subject is held stays.
     */
    @Override
    public StoreResult expire(Expiry expiry) {
        // A closed request is counted by the requests module: never due here (NULL).
        String due = "(CASE WHEN ?::text IN ('END_OF_SERVICE', 'END_OF_CONTRACT') THEN s.ended_on"
                + " WHEN ?::text = 'REQUEST_CLOSED' THEN NULL"
                + " ELSE (r.started_at AT TIME ZONE 'Europe/Amsterdam')::date END + ?::interval)::date <= ?"
                + " AND " + governedBy(expiry.category())
                // One client organisation's recordings only, when the expiry is scoped to it.
                + " AND (?::uuid IS NULL OR s.organisation_id = ?::uuid)";
        // coalesce: a missing service or party is "not held", never NULL (NOT NULL would keep the recording).
        String held = "(EXISTS (SELECT 1 FROM call_recording_subject l WHERE l.recording_id = r.id"
                + " AND l.subject_id = ANY (?::uuid[])) OR coalesce(r.service_delivered_id = ANY (?::uuid[]), false)"
                + " OR coalesce(r.caller = ANY (?::text[]), false) OR coalesce(r.callee = ANY (?::text[]), false)"
                + " OR coalesce(s.organisation_id = ANY (?::uuid[]), false))";
        String from = " FROM call_recording r LEFT JOIN service_delivered s ON s.id = r.service_delivered_id WHERE ";
        Exclusions x = expiry.exclusions();
        String[] heldPhones = x.values(IdentifierKind.PHONE).toArray(String[]::new);
        Object[] dueParams = {
            expiry.anchor().name(),
            expiry.anchor().name(),
            expiry.period().toString(),
            expiry.asOf(),
            expiry.organisation(),
            expiry.organisation()
        };
        Object[] heldParams = {
            x.subjects().toArray(UUID[]::new),
            x.servicesDelivered().toArray(UUID[]::new),
            heldPhones,
            heldPhones,
            x.organisations().toArray(UUID[]::new)
        };
        long excluded = jdbc.sql("SELECT count(*)" + from + due + " AND " + held)
                .params(concat(dueParams, heldParams))
                .query(Long.class)
                .single();
        if (expiry.dryRun()) {
            long count = jdbc.sql("SELECT count(*)" + from + due + " AND NOT " + held)
                    .params(concat(dueParams, heldParams))
                    .query(Long.class)
                    .single();
            return StoreResult.done(this, count, excluded);
        }
        long deleted = 0;
        int batch;
        do {
            batch = tx.execute(status -> {
                List<UUID> ids = jdbc.sql("SELECT r.id" + from + due + " AND NOT " + held + " LIMIT " + BATCH
                                + " FOR UPDATE OF r SKIP LOCKED")
                        .params(concat(dueParams, heldParams))
                        .query(UUID.class)
                        .list();
                int n = recordings.deleteRows(ids);
                operations.progressed(expiry.operationId(), name(), "expire", n, excluded);
                return n;
            });
            deleted += batch;
        } while (batch == BATCH);
        return StoreResult.done(this, deleted, excluded);
    }

    /**
     * The recordings a register row governs. Several rows may cover call recordings (support calls, a recording
     * feature of a service): a recording belongs to the row of its own service, and one without a service (or whose
     * service has no such row) to the first row that covers recordings, as its due date on the subject page says.
     * The condition is built from register keys only, never from input.
     */
    private String governedBy(DataCategory row) {
        Register register = registers.current().map(RegisterVersion::register).orElse(null);
        if (register == null) {
            return "true";
        }
        List<DataCategory> covering =
                register.categories().filter(c -> c.includes(DATA_CATEGORY)).toList();
        List<String> services = covering.stream()
                .map(c -> register.serviceOf(c.key()).map(Service::key).orElse(""))
                .filter(k -> !k.isEmpty())
                .distinct()
                .toList();
        String own = register.serviceOf(row.key()).map(Service::key).orElse(null);
        String mine = own == null ? "false" : "r.service_key = " + literal(own);
        boolean first = !covering.isEmpty() && covering.get(0).key().equals(row.key());
        if (!first) {
            return "(" + mine + ")";
        }
        String others = services.isEmpty()
                ? "true"
                : "r.service_key IS NULL OR r.service_key NOT IN ("
                        + String.join(
                                ", ",
                                services.stream().map(RecordingsStore::literal).toList()) + ")";
        return "(" + mine + " OR " + others + ")";
    }

    /** A register key as an SQL literal; keys are lower-case letters, digits, dash and underscore only. */
    private static String literal(String key) {
        if (!key.matches("[a-z0-9][a-z0-9_.-]*")) {
            throw new IllegalStateException("not a register key");
        }
        return "'" + key + "'";
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
