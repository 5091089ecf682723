package nl.waarborg.subjects.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import nl.waarborg.register.DataCategory;
import nl.waarborg.subjects.Census;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.DataStore;
import nl.waarborg.subjects.Erasure;
import nl.waarborg.subjects.Exclusions;
import nl.waarborg.subjects.Expiry;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.Scope;
import nl.waarborg.subjects.StoreOperations;
import nl.waarborg.subjects.StoreResult;
import nl.waarborg.subjects.StoreResult.Holding;
import nl.waarborg.subjects.StoreResult.Item;
import nl.waarborg.subjects.Window;
import nl.waarborg.subjects.internal.Model.StoredRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built-in store as a place behind the seam. Records belong to registered subjects, so it is searched by subject.
 * Erasure deletes a person's records (a record shared with others only loses the link to this person); expiry deletes
 * a category's due records in batches, each batch counted in the operation ledger in its own transaction.
 */
@Component
class BuiltInStore
        implements DataStore.Finder,
                DataStore.Exporter,
                DataStore.Eraser,
                DataStore.Restrictor,
                DataStore.Rectifier,
                DataStore.Expirer,
                DataStore.Counter {

    static final int BATCH = 5_000;

    /** Records deleted per transaction of an expiry; tests make it small. */
    int batchSize = BATCH;

    /** Runs after each committed batch of an expiry: tests cut a run off there, as a crash would. */
    Runnable afterBatch = () -> {};

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final RecordStore records;
    private final StoreOperations operations;
    private final TransactionTemplate tx;
    private final Clock clock;

    BuiltInStore(
            JdbcClient jdbc,
            RecordStore records,
            StoreOperations operations,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.records = records;
        this.operations = operations;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Override
    public String name() {
        return RecordStore.LOCATION;
    }

    @Override
    public Kind kind() {
        return Kind.BUILT_IN;
    }

    @Override
    public Set<IdentifierKind> searchable() {
        return Set.of();
    }

    @Override
    public boolean searchesBySubject() {
        return true;
    }

    /**
     * The records of the scope's rows collected (or, without that, created) in the window, optionally of one
     * organisation and one service delivered under the service key; people are the subjects linked to them.
     */
    @Override
    public Census.Tally count(Scope scope, int limit) {
        java.sql.Timestamp start = scope.from() == null ? null : java.sql.Timestamp.from(scope.from());
        java.sql.Timestamp end = scope.to() == null ? null : java.sql.Timestamp.from(scope.to());
        String where = """
                FROM store_record r JOIN store_record_subject s ON s.record_id = r.id
                LEFT JOIN service_delivered d ON d.id = r.service_delivered_id
                WHERE r.assigned AND r.category = ANY (?)
                  AND (?::timestamptz IS NULL OR coalesce(r.collected_at, r.created_at) >= ?)
                  AND (?::timestamptz IS NULL OR coalesce(r.collected_at, r.created_at) < ?)
                  AND (?::uuid IS NULL OR r.organisation_id = ?)
                  AND (?::text IS NULL OR d.service_key = ?)
                """;
        Object[] params = {
            scope.keys(),
            start,
            start,
            end,
            end,
            scope.organisationId(),
            scope.organisationId(),
            scope.serviceKey(),
            scope.serviceKey(),
            limit
        };
        long[] counts = jdbc.sql("SELECT count(DISTINCT s.subject_id), count(DISTINCT r.id) " + where)
                .params(java.util.Arrays.copyOf(params, params.length - 1))
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .single();
        Set<java.util.UUID> subjects =
                new java.util.LinkedHashSet<>(jdbc.sql("SELECT DISTINCT s.subject_id " + where + " ORDER BY 1 LIMIT ?")
                        .params(params)
                        .query(java.util.UUID.class)
                        .list());
        return Census.Tally.counted(this, counts[0], counts[1], subjects, Set.of());
    }

    /** Any row of the register may keep records here. */
    @Override
    public boolean holds(DataCategory category) {
        return true;
    }

    @Override
    public StoreResult find(DataHolder holder) {
        if (!holder.registered()) {
            return StoreResult.found(this, List.of(), List.of());
        }
        List<Holding> holdings = jdbc.sql("""
                        SELECT r.category, count(*), min(coalesce(r.collected_at, r.created_at)),
                               max(coalesce(r.collected_at, r.created_at))
                          FROM store_record r JOIN store_record_subject l ON l.record_id = r.id
                         WHERE l.subject_id = ? GROUP BY r.category ORDER BY r.category
                        """)
                .param(holder.subjectId())
                .query((rs, n) -> new Holding(
                        rs.getString(1),
                        name(),
                        rs.getLong(2),
                        Inventory.instant(rs, "min"),
                        Inventory.instant(rs, "max")))
                .list();
        return StoreResult.found(this, holdings, List.of());
    }

    /** Every record of the person with its payload, opened also when sealed: this is the person's own copy. */
    @Override
    public StoreResult export(DataHolder holder, Window window, Consumer<Item> sink) {
        if (!holder.registered()) {
            return StoreResult.exported(this, List.of(), 0);
        }
        List<StoredRecord> all = records.recordsOf(holder.subjectId()).stream()
                .filter(r -> window.contains(collected(r)))
                .sorted((a, b) -> window.newestFirst()
                        ? collected(b).compareTo(collected(a))
                        : collected(a).compareTo(collected(b)))
                .toList();
        Map<String, long[]> counts = new LinkedHashMap<>();
        long written = 0;
        int end = window.limit() == 0 ? all.size() : Math.min(all.size(), window.offset() + window.limit());
        int begin = Math.min(window.offset(), all.size());
        Map<java.util.UUID, tools.jackson.databind.JsonNode> payloads =
                records.payloads(all.subList(begin, Math.max(begin, end)));
        for (int i = 0; i < all.size(); i++) {
            StoredRecord r = all.get(i);
            counts.computeIfAbsent(r.category(), k -> new long[1])[0]++;
            if (i < window.offset() || i >= end) {
                continue;
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("payload", JSON.convertValue(payloads.get(r.id()), Map.class));
            data.put("sourceSystem", r.sourceSystem());
            data.put("reference", r.reference());
            data.put("serviceKey", r.serviceKey());
            data.put("collectedAt", String.valueOf(collected(r)));
            data.put(
                    "invoiceDate",
                    r.invoiceDate() == null ? null : r.invoiceDate().toString());
            data.put("restricted", r.restrictedAt() != null);
            sink.accept(new Item(r.category(), name(), r.id().toString(), collected(r), data));
            written++;
        }
        List<Holding> holdings = new ArrayList<>();
        counts.forEach((category, n) -> holdings.add(new Holding(category, name(), n[0], null, null)));
        return StoreResult.exported(this, holdings, written);
    }

    private static java.time.Instant collected(StoredRecord r) {
        return r.collectedAt() != null ? r.collectedAt() : r.createdAt();
    }

    @Override
    public StoreResult erase(DataHolder holder, Erasure erasure) {
        if (!holder.registered()) {
            return StoreResult.done(this, 0, 0);
        }
        long affected = tx.execute(status -> {
            String[] keep = erasure.keep().toArray(String[]::new);
            // Records of other people too keep existing for them; this person's link goes.
            int unlinked = jdbc.sql("""
                            DELETE FROM store_record_subject l USING store_record r
                             WHERE l.record_id = r.id AND l.subject_id = ? AND r.category <> ALL (?::text[])
                               AND EXISTS (SELECT 1 FROM store_record_subject o
                                            WHERE o.record_id = r.id AND o.subject_id <> l.subject_id)
                            """).params(holder.subjectId(), keep).update();
            int deleted = jdbc.sql("""
                            DELETE FROM store_record r USING store_record_subject l
                             WHERE l.record_id = r.id AND l.subject_id = ? AND r.category <> ALL (?::text[])
                            """).params(holder.subjectId(), keep).update();
            operations.progressed(erasure.operationId(), name(), "erase", unlinked + deleted, 0);
            return (long) unlinked + deleted;
        });
        return StoreResult.done(this, affected, 0);
    }

    /** Sets the field in each of the person's records of the category that differs; one transaction. */
    @Override
    public StoreResult rectify(DataHolder holder, nl.waarborg.subjects.Rectification rectification) {
        if (!holder.registered()) {
            return StoreResult.done(this, 0, 0);
        }
        long changed = tx.execute(status -> {
            int n = 0;
            for (Model.StoredRecord r : records.recordsOf(holder.subjectId())) {
                if (!r.category().equals(rectification.category())) {
                    continue;
                }
                if (records.payload(r) instanceof tools.jackson.databind.node.ObjectNode payload
                        && set(payload, rectification.field(), rectification.value())) {
                    records.rectify(r, payload);
                    n++;
                }
            }
            operations.progressed(rectification.operationId(), name(), "rectify", n, 0);
            return (long) n;
        });
        return StoreResult.done(this, changed, 0);
    }

    /** Sets a dotted field, making the objects on its way; answers whether anything changed. */
    static boolean set(tools.jackson.databind.node.ObjectNode payload, String field, String value) {
        String[] path = field.split("\\.");
        tools.jackson.databind.node.ObjectNode at = payload;
        for (int i = 0; i < path.length - 1; i++) {
            tools.jackson.databind.JsonNode child = at.get(path[i]);
            at = child instanceof tools.jackson.databind.node.ObjectNode object ? object : at.putObject(path[i]);
        }
        String last = path[path.length - 1];
        if (at.get(last) != null
                && at.get(last).isString()
                && at.get(last).asString().equals(value)) {
            return false;
        }
        at.put(last, value);
        return true;
    }

    @Override
    public StoreResult restrict(DataHolder holder, String operationId) {
        return mark(holder, operationId, true);
    }

    @Override
    public StoreResult lift(DataHolder holder, String operationId) {
        return mark(holder, operationId, false);
    }

    /** Only the records of these rows: the built-in store knows each record's register row. */
    @Override
    public StoreResult restrict(
            DataHolder holder, String operationId, java.util.Set<nl.waarborg.register.DataCategory> categories) {
        return mark(holder, operationId, true, keys(categories));
    }

    @Override
    public StoreResult lift(
            DataHolder holder, String operationId, java.util.Set<nl.waarborg.register.DataCategory> categories) {
        return mark(holder, operationId, false, keys(categories));
    }

    /** The rows' keys, or null for all of the person's records. */
    private static String[] keys(java.util.Set<nl.waarborg.register.DataCategory> categories) {
        return categories.isEmpty()
                ? null
                : categories.stream()
                        .map(nl.waarborg.register.DataCategory::key)
                        .toArray(String[]::new);
    }

    private StoreResult mark(DataHolder holder, String operationId, boolean restrict) {
        return mark(holder, operationId, restrict, null);
    }

    private StoreResult mark(DataHolder holder, String operationId, boolean restrict, String[] categories) {
        if (!holder.registered()) {
            return StoreResult.done(this, 0, 0);
        }
        long changed = tx.execute(status -> {
            int n = restrict
                    ? jdbc.sql("""
                                    UPDATE store_record SET restricted_at = ?, restriction_operation = ?
                                     WHERE restricted_at IS NULL
                                       AND id IN (SELECT record_id FROM store_record_subject WHERE subject_id = ?)
                                       AND (?::text[] IS NULL OR category = ANY (?::text[]))
                                    """)
                            .params(
                                    Timestamp.from(clock.instant()),
                                    operationId,
                                    holder.subjectId(),
                                    categories,
                                    categories)
                            .update()
                    : jdbc.sql("""
                                    UPDATE store_record SET restricted_at = NULL, restriction_operation = NULL
                                     WHERE restricted_at IS NOT NULL
                                       AND id IN (SELECT record_id FROM store_record_subject WHERE subject_id = ?)
                                       AND (?::text[] IS NULL OR category = ANY (?::text[]))
                                    """)
                            .params(holder.subjectId(), categories, categories)
                            .update();
            operations.progressed(operationId, name(), restrict ? "restrict" : "lift", n, 0);
            return (long) n;
        });
        return StoreResult.done(this, changed, 0);
    }

    /**
     * Deletes the category's due records batch by batch: due by the record's own period when it has one, otherwise by
     * the register's rule, counted from the record's own anchor date (collection, last contact, invoice date, the end
     * of its service) in Amsterdam. Month ends clamp as in Java ({@code date + interval '1 month'} in PostgreSQL).
     */
    @Override
    public StoreResult expire(Expiry expiry) {
        Due due = new Due(expiry);
        // Counted first, without a LIMIT: the planner then reads only the candidates. With a LIMIT it may walk the
        // whole category hoping to find a batch soon, which costs most when nothing is due.
        long[] counts = jdbc.sql("SELECT count(*) FILTER (WHERE NOT " + due.excluded + "), count(*) FILTER (WHERE "
                        + due.excluded + ") FROM store_record r LEFT JOIN service_delivered s"
                        + " ON s.id = r.service_delivered_id WHERE " + due.condition)
                .params(due.params(true))
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .single();
        long excluded = counts[1];
        if (expiry.dryRun()) {
            return StoreResult.done(this, counts[0], excluded);
        }
        if (counts[0] == 0) {
            // Nothing to record when nothing is due or held: the ledger's row already says 0.
            if (excluded > 0) {
                tx.executeWithoutResult(
                        status -> operations.progressed(expiry.operationId(), name(), "expire", 0, excluded));
            }
            return StoreResult.done(this, 0, excluded);
        }
        String picked = "SELECT r.id FROM store_record r LEFT JOIN service_delivered s ON s.id = r.service_delivered_id"
                + " WHERE " + due.condition + " AND NOT " + due.excluded + " LIMIT " + batchSize
                + " FOR UPDATE OF r SKIP LOCKED";
        // "then: anonymise": the record stays, for statistics, with nothing left that points to a person.
        String work = expiry.rule().anonymise()
                ? "WITH picked AS (" + picked + "), unlinked AS (DELETE FROM store_record_subject"
                        + " WHERE record_id IN (SELECT id FROM picked))"
                        + " UPDATE store_record SET payload = NULL, sensitive = false, key_id = NULL, ciphertext = NULL,"
                        + " organisation_id = NULL, service_delivered_id = NULL, reference = NULL,"
                        + " anonymised_at = now(), updated_at = now() WHERE id IN (SELECT id FROM picked)"
                : "DELETE FROM store_record WHERE id IN (" + picked + ")";
        long deleted = 0;
        int batch;
        do {
            batch = tx.execute(status -> {
                int n = jdbc.sql(work).params(due.params(false)).update();
                operations.progressed(expiry.operationId(), name(), "expire", n, excluded);
                return n;
            });
            deleted += batch;
            afterBatch.run();
        } while (batch == batchSize);
        return StoreResult.done(this, deleted, excluded);
    }

    /** The SQL that tells a due record of the expiry's category, and one under an exclusion. */
    private static final class Due {
        private final List<Object> prefilterParams = new ArrayList<>();
        private final String condition;
        private final String excluded;
        private final Expiry expiry;

        Due(Expiry expiry) {
            this.expiry = expiry;
            // Own period and anchor first; otherwise the rule's. The anchor names are the register's, as stored.
            this.condition = "r.category = ? AND r.assigned AND r.anonymised_at IS NULL"
                    + " AND (CASE WHEN r.retention_period IS NOT NULL THEN "
                    + "(" + anchorDate("r.retention_anchor") + " + r.retention_period::interval)"
                    + " ELSE (" + anchorDate("?::text") + " + ?::interval) END)::date <= ?"
                    // One client organisation's data only, when the expiry is scoped to it.
                    + " AND (?::uuid IS NULL OR r.organisation_id = ?::uuid)"
                    + " AND (r.retention_period IS NOT NULL OR " + prefilter(expiry, prefilterParams) + ")";
            // coalesce: a record without an organisation or service must count as not held, not as unknown (NULL),
            // or NOT excluded would skip it.
            this.excluded = "(EXISTS (SELECT 1 FROM store_record_subject l WHERE l.record_id = r.id"
                    + " AND l.subject_id = ANY (?::uuid[]))"
                    + " OR coalesce(r.organisation_id = ANY (?::uuid[]), false)"
                    + " OR coalesce(r.service_delivered_id = ANY (?::uuid[]), false)"
                    + " OR EXISTS (SELECT 1 FROM store_record_subject l JOIN subject_identifier i"
                    + " ON i.subject_id = l.subject_id WHERE l.record_id = r.id"
                    + " AND i.kind || ':' || i.value = ANY (?::text[])))";
        }

        /**
         * A superset of the records due by the rule, on an indexed column (migration V20261204_2200), so that a run
         * with little due reads little: an anchor day d is due when d + period is not after asOf, and month ends clamp
         * by at most three days, so every due record's anchor lies before asOf - period + 4 days. The exact test
         * stays in the condition.
         */
        private static String prefilter(Expiry expiry, List<Object> params) {
            LocalDate bound = expiry.asOf().minus(expiry.period()).plusDays(4);
            Timestamp boundAt =
                    Timestamp.from(bound.atStartOfDay(RetentionDue.AMSTERDAM).toInstant());
            switch (expiry.anchor()) {
                case COLLECTION -> {
                    params.add(boundAt);
                    return "coalesce(r.collected_at, r.created_at) < ?";
                }
                case LAST_CONTACT -> {
                    params.add(boundAt);
                    return "coalesce(r.last_contact_at, r.collected_at, r.created_at) < ?";
                }
                case INVOICE_DATE -> {
                    params.add(bound);
                    params.add(boundAt);
                    return "(r.invoice_date < ? OR (r.invoice_date IS NULL"
                            + " AND coalesce(r.collected_at, r.created_at) < ?))";
                }
                case END_OF_SERVICE, END_OF_CONTRACT -> {
                    params.add(bound);
                    // An array computed once: the index on service_delivered_id then finds the candidates.
                    return "r.service_delivered_id = ANY (ARRAY(SELECT id FROM service_delivered WHERE ended_on < ?))";
                }
                default -> {
                    // A closed request is counted by the requests module: never due here.
                    return "false";
                }
            }
        }

        /** The anchor day in Amsterdam of the anchor named by {@code anchor} (a column or a parameter). */
        private static String anchorDate(String anchor) {
            String collected = "(coalesce(r.collected_at, r.created_at) AT TIME ZONE 'Europe/Amsterdam')::date";
            return "(CASE " + anchor
                    + " WHEN 'COLLECTION' THEN " + collected
                    + " WHEN 'LAST_CONTACT' THEN (coalesce(r.last_contact_at, r.collected_at, r.created_at)"
                    + " AT TIME ZONE 'Europe/Amsterdam')::date"
                    + " WHEN 'INVOICE_DATE' THEN coalesce(r.invoice_date, " + collected + ")"
                    + " WHEN 'END_OF_SERVICE' THEN s.ended_on WHEN 'END_OF_CONTRACT' THEN s.ended_on END)";
        }

        Object[] params(boolean dryRun) {
            Exclusions x = expiry.exclusions();
            Object[] exclusion = {
                x.subjects().toArray(UUID[]::new),
                x.organisations().toArray(UUID[]::new),
                x.servicesDelivered().toArray(UUID[]::new),
                x.identifiers().stream().map(i -> i.kind() + ":" + i.value()).toArray(String[]::new)
            };
            Object[] due = {
                expiry.category().key(),
                expiry.anchor().name(),
                expiry.period().toString(),
                expiry.asOf(),
                expiry.organisation(),
                expiry.organisation()
            };
            due = java.util.stream.Stream.concat(java.util.Arrays.stream(due), prefilterParams.stream())
                    .toArray();
            List<Object> all = new ArrayList<>();
            if (dryRun) {
                // count(*) FILTER (WHERE NOT excluded), count(*) FILTER (WHERE excluded) ... WHERE condition
                all.addAll(List.of(exclusion));
                all.addAll(List.of(exclusion));
                all.addAll(java.util.Arrays.asList(due));
            } else {
                all.addAll(java.util.Arrays.asList(due));
                all.addAll(List.of(exclusion));
            }
            return all.toArray();
        }
    }
}
