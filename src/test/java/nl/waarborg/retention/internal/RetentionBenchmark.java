package nl.waarborg.retention.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.UUID;
import javax.sql.DataSource;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.subjects.DataStore;
import nl.waarborg.subjects.DataStores;
import nl.waarborg.subjects.Exclusions;
import nl.waarborg.subjects.Expiry;
import nl.waarborg.subjects.StoreResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Retention against raw PostgreSQL on the same machine in the same run. Not part of {@code mvn verify}; run it with:
 *
 * <pre>
 * ./mvnw -B test -Dtest=RetentionBenchmark -Dbenchmark=true [-Dbenchmark.cdrs=1000000] [-Dbenchmark.records=200000]
 *     [-Dbenchmark.idle=10000000]
 * </pre>
 *
 * <ol>
 *   <li>Expiring one day of {@code cdrs} call records (a whole daily partition): Waarborg's traffic place, and a whole
 *       retention run of the traffic-data category, against a raw {@code DROP TABLE} of the same partition.
 *   <li>Deleting {@code records} due records of the built-in store by a retention run, against a raw batched
 *       {@code DELETE} (5,000 per statement, as Waarborg batches) of the same rows from the same tables.
 *   <li>A run over every category with nothing due, with {@code idle} records in the built-in store.
 * </ol>
 *
 * The raw side is a PostgreSQL of its own, tuned for bulk work (large WAL, rare checkpoints, minimal WAL level), with
 * the same tables and indexes as Waarborg's. Waarborg runs with production durability (fsync and synchronous commit
 * on). Results are printed and written to {@code target/benchmark/retention.md}; docs/performance.md has the figures.
 */
@WaarborgTest
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@org.springframework.test.context.TestPropertySource(
        properties = {
            "waarborg.database.fsync=true",
            "waarborg.database.synchronous-commit=true",
            "waarborg.database.shared-buffers=auto"
        })
class RetentionBenchmark {

    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    @Autowired
    DataSource dataSource;

    @Autowired
    RetentionRuns runs;

    @Autowired
    DataStores stores;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Test
    void retentionAgainstRawPostgres() throws Exception {
        int cdrs = Integer.getInteger("benchmark.cdrs", 1_000_000);
        int records = Integer.getInteger("benchmark.records", 200_000);
        int idle = Integer.getInteger("benchmark.idle", 1_000_000);
        TestRegisters.templateInForce(editor, registers);
        JdbcTemplate waarborg = new JdbcTemplate(dataSource);
        LocalDate today = LocalDate.now(AMSTERDAM);
        // Well past six months and a day: the partition goes whole.
        LocalDate day = today.minusMonths(8);
        StringBuilder report = new StringBuilder("# Retention benchmark\n\n");
        report.append("Machine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, JDK ")
                .append(System.getProperty("java.version"))
                .append(", ")
                .append(waarborg.queryForObject("SHOW server_version", String.class))
                .append("\n\n");

        Path dir = Path.of("target/benchmark/raw-retention");
        deleteRecursively(dir);
        Files.createDirectories(dir);
        try (EmbeddedPostgres raw = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(true)
                .setServerConfig("max_wal_size", "16GB")
                .setServerConfig("checkpoint_timeout", "30min")
                .setServerConfig("shared_buffers", "2GB")
                .setServerConfig("wal_level", "minimal")
                .setServerConfig("max_wal_senders", "0")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start()) {
            JdbcTemplate rawDb = new JdbcTemplate(raw.getPostgresDatabase());

            // 1. One day of call records.
            String partition = "traffic_cdr_p" + day.toString().replace("-", "");
            createTrafficTable(rawDb);
            for (JdbcTemplate db : new JdbcTemplate[] {waarborg, rawDb}) {
                db.execute("DROP TABLE IF EXISTS " + partition);
                db.execute("CREATE TABLE " + partition + " PARTITION OF traffic_cdr " + bounds(day));
                fillCalls(db, day, cdrs);
                db.execute("VACUUM ANALYZE " + partition);
                db.execute("CHECKPOINT");
            }
            scopeOfADay(report, rawDb, day, cdrs);
            long t0 = System.nanoTime();
            rawDb.execute("DROP TABLE " + partition);
            double rawDrop = ms(t0);

            // Waarborg's traffic place alone, then (with a fresh day) the whole category run.
            DataStore traffic = stores.store("traffic").orElseThrow();
            var category = registers
                    .current()
                    .orElseThrow()
                    .register()
                    .category("traffic-data")
                    .orElseThrow();
            for (int i = 0; i < 3; i++) { // warm: a dry run counts the day and drops nothing
                ((DataStore.Expirer) traffic).expire(new Expiry(category, today, Exclusions.NONE, "warm-" + i, true));
            }
            t0 = System.nanoTime();
            StoreResult place = ((DataStore.Expirer) traffic)
                    .expire(new Expiry(category, today, Exclusions.NONE, "bench-" + UUID.randomUUID(), false));
            double placeMs = ms(t0);
            assertThat(place.affected()).isEqualTo(cdrs);

            waarborg.execute("CREATE TABLE " + partition + " PARTITION OF traffic_cdr " + bounds(day));
            fillCalls(waarborg, day, cdrs);
            waarborg.execute("VACUUM ANALYZE " + partition);
            waarborg.execute("CHECKPOINT");
            // A server in service has run retention before: warm the run's own path (receipts, audit, ledger) on
            // another category, and the category's on dry runs.
            for (int i = 0; i < 3; i++) {
                runs.run(new RetentionRuns.Order(today, "newsletter", false, "warm-up"));
                runs.run(new RetentionRuns.Order(today, "traffic-data", true, "warm-up"));
            }
            t0 = System.nanoTime();
            RetentionRuns.Report run = runs.run(new RetentionRuns.Order(today, "traffic-data", false, "benchmark"));
            double runMs = ms(t0);
            assertThat(run.receipts().stream()
                            .filter(r -> r.store().equals("traffic"))
                            .mapToLong(Receipt::removed)
                            .sum())
                    .isEqualTo(cdrs);
            report.append(String.format(
                    "## One day of %,d call records%n%n| | ms | × raw DROP TABLE |%n|---|---|---|%n"
                            + "| raw `DROP TABLE` of the partition (tuned PostgreSQL) | %.1f | 1 |%n"
                            + "| Waarborg's traffic place (`expire`) | %.1f | %.2f |%n"
                            + "| a retention run of `traffic-data` (every place, ledger, receipts, audit) | %.1f | %.2f |%n%n",
                    cdrs, rawDrop, placeMs, placeMs / rawDrop, runMs, runMs / rawDrop));

            // 2. Due records of the built-in store.
            createRecordTables(rawDb);
            UUID subject = UUID.randomUUID();
            waarborg.update(
                    "INSERT INTO subject (id, display_name, created_at, updated_at) VALUES (?, 'Benchmark', now(), now())",
                    subject);
            rawDb.update(
                    "INSERT INTO subject (id, display_name, created_at, updated_at) VALUES (?, 'Benchmark', now(), now())",
                    subject);
            for (JdbcTemplate db : new JdbcTemplate[] {waarborg, rawDb}) {
                fillRecords(db, "website-statistics", "2015-01-01", records, subject);
                db.execute("VACUUM ANALYZE store_record");
                db.execute("VACUUM ANALYZE store_record_subject");
                db.execute("CHECKPOINT");
            }
            t0 = System.nanoTime();
            long rawDeleted = 0;
            int n;
            do {
                n = rawDb.update("DELETE FROM store_record WHERE id IN (SELECT id FROM store_record"
                        + " WHERE category = 'website-statistics' AND assigned"
                        + " AND coalesce(collected_at, created_at) < '2016-01-01' LIMIT 5000)");
                rawDeleted += n;
            } while (n > 0);
            double rawDeleteMs = ms(t0);
            assertThat(rawDeleted).isEqualTo(records);
            t0 = System.nanoTime();
            RetentionRuns.Report deleted =
                    runs.run(new RetentionRuns.Order(today, "website-statistics", false, "benchmark"));
            double deleteMs = ms(t0);
            long removed = deleted.receipts().stream()
                    .filter(r -> r.store().equals("built-in"))
                    .mapToLong(Receipt::removed)
                    .sum();
            assertThat(removed).isGreaterThanOrEqualTo(records);
            double rawRate = records / (rawDeleteMs / 1000);
            double rate = records / (deleteMs / 1000);
            report.append(String.format(
                    "## Deleting %,d due records of the built-in store%n%n| | ms | records/s | × raw |%n|---|---|---|---|%n"
                            + "| raw batched `DELETE` (5,000 per statement, tuned PostgreSQL) | %.0f | %,.0f | 1 |%n"
                            + "| a retention run of `website-statistics` | %.0f | %,.0f | %.2f |%n%n",
                    records, rawDeleteMs, rawRate, deleteMs, rate, rate / rawRate));

            // 3. Nothing due, many records.
            String[] categories = {
                "customer-contacts",
                "support-tickets",
                "website-statistics",
                "contact-form",
                "newsletter",
                "invoices",
                "mobile-notifications",
                "alarm-events"
            };
            int per = idle / categories.length;
            for (String c : categories) {
                fillRecords(waarborg, c, today.minusDays(10).toString(), per, subject);
            }
            waarborg.execute("VACUUM ANALYZE store_record");
            waarborg.execute("CHECKPOINT");
            long total = waarborg.queryForObject("SELECT count(*) FROM store_record", Long.class);
            runs.run(new RetentionRuns.Order(today, null, true, "benchmark")); // warm the plans
            t0 = System.nanoTime();
            RetentionRuns.Report nothing = runs.run(new RetentionRuns.Order(today, null, false, "benchmark"));
            double idleMs = ms(t0);
            report.append(String.format(
                    "## A run with nothing due%n%n%,d records in the built-in store, %d categories: %.0f ms"
                            + " (%d receipts, %d removed)%n",
                    total,
                    registers.current().orElseThrow().register().categories().count(),
                    idleMs,
                    nothing.receipts().size(),
                    nothing.removed()));
            waarborg.execute("DROP TABLE IF EXISTS bench_new_ids");
        }
        System.out.println(report);
        Files.createDirectories(Path.of("target/benchmark"));
        Files.writeString(Path.of("target/benchmark/retention.md"), report);
    }

    /**
     * A breach's scope over the day (the calls and the distinct numbers in them, and the first 100,000 numbers listed)
     * through the seam, which also matches the numbers to registered subjects and audits, against the same two
     * queries on the tuned server. Best of five after two warm-up rounds each.
     */
    private void scopeOfADay(StringBuilder report, JdbcTemplate rawDb, LocalDate day, int cdrs) {
        java.time.Instant from = day.atStartOfDay(AMSTERDAM).toInstant();
        java.time.Instant to = day.plusDays(1).atStartOfDay(AMSTERDAM).toInstant();
        var rows = java.util.Set.of(registers
                .current()
                .orElseThrow()
                .register()
                .category("traffic-data")
                .orElseThrow());
        nl.waarborg.subjects.Scope scope =
                new nl.waarborg.subjects.Scope(rows, from, to, null, null, java.util.Set.of("traffic"));
        String with = "WITH scoped AS (SELECT calling_number, called_number FROM traffic_cdr WHERE call_start >= ?"
                + " AND call_start < ?), numbers AS (SELECT calling_number AS n FROM scoped WHERE calling_number IS NOT"
                + " NULL UNION SELECT called_number FROM scoped WHERE called_number IS NOT NULL) ";
        java.sql.Timestamp a = java.sql.Timestamp.from(from);
        java.sql.Timestamp b = java.sql.Timestamp.from(to);
        double raw = Double.MAX_VALUE;
        double seam = Double.MAX_VALUE;
        long people = 0;
        for (int i = 0; i < 7; i++) {
            long t0 = System.nanoTime();
            rawDb.queryForList(with + "SELECT (SELECT count(*) FROM scoped), (SELECT count(*) FROM numbers)", a, b);
            rawDb.queryForList(with + "SELECT n FROM numbers ORDER BY 1 LIMIT 100000", String.class, a, b);
            raw = i < 2 ? raw : Math.min(raw, ms(t0));
            t0 = System.nanoTime();
            nl.waarborg.subjects.Census census = stores.count(scope, "benchmark", 100_000);
            seam = i < 2 ? seam : Math.min(seam, ms(t0));
            assertThat(census.records()).isEqualTo(cdrs);
            people = census.places().get(0).people();
        }
        report.append(String.format(
                "## A breach's scope over one day of %,d call records (%,d distinct numbers)%n%n"
                        + "| | ms | × raw |%n|---|---|---|%n"
                        + "| raw count and list of 100,000 numbers (tuned PostgreSQL) | %.0f | 1 |%n"
                        + "| `DataStores.count` on the traffic place (also matches numbers to subjects, audits) | %.0f"
                        + " | %.2f |%n%n",
                cdrs, people, raw, seam, seam / raw));
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    /** A day's partition as Waarborg makes it: the Amsterdam day (TrafficPartitions). */
    private static String bounds(LocalDate day) {
        return "FOR VALUES FROM ('" + day.atStartOfDay(AMSTERDAM).toInstant() + "') TO ('"
                + day.plusDays(1).atStartOfDay(AMSTERDAM).toInstant() + "')";
    }

    /** Calls spread over the Amsterdam day, each with a caller, a callee and the fields an Asterisk CDR fills. */
    private static void fillCalls(JdbcTemplate db, LocalDate day, int rows) {
        // As the ingest stores them (compact layout): raw numbers in national form and end and answer following
        // from the durations are left to `forms` (2 + 2 * 4 + 16 + 32 = 58); labels 1 and 2.
        db.update(
                "INSERT INTO traffic_cdr (call_start, record_id, answer_at, end_at, import_no, duration_s, billsec_s,"
                        + " context_id, disposition_id, forms, calling_number, called_number, calling_raw, called_raw,"
                        + " caller_id, channel, dst_channel, unique_id)"
                        + " SELECT t, hashtextextended(t::text || i, 0), NULL, NULL, 0, 65, 60, 1, 2, 58,"
                        + " 316 * 100000000::bigint + 10000000 + i % 100000, 3120 * 10000000::bigint + 7000000"
                        + " + i % 5000, NULL, NULL,"
                        + " '\"Caller\" <06' || (10000000 + i % 100000) || '>', 'SIP/100-' || i, 'SIP/200-' || i,"
                        + " '1700000000.' || i"
                        + " FROM (SELECT i, ?::timestamptz + (i * (86399.0 / ?)) * interval '1 second' AS t"
                        + " FROM generate_series(1, ?) AS i) s",
                java.sql.Timestamp.from(day.atStartOfDay(AMSTERDAM).toInstant()), rows, rows);
    }

    private static void fillRecords(JdbcTemplate db, String category, String collected, int rows, UUID subject) {
        db.execute("CREATE UNLOGGED TABLE IF NOT EXISTS bench_new_ids (id uuid)");
        db.execute("TRUNCATE bench_new_ids");
        db.update("INSERT INTO bench_new_ids SELECT gen_random_uuid() FROM generate_series(1, ?)", rows);
        db.update(
                "INSERT INTO store_record (id, category, source_system, reference, created_at, updated_at,"
                        + " collected_at, sensitive, payload, assigned, given_category)"
                        + " SELECT id, ?, 'benchmark', NULL, now(), now(), ?::date + interval '10 hours', false,"
                        + " jsonb_build_object('page', '/tarieven', 'visits', 3), true, ? FROM bench_new_ids",
                category,
                collected,
                category);
        db.update("INSERT INTO store_record_subject (record_id, subject_id) SELECT id, ? FROM bench_new_ids", subject);
    }

    /** The raw side's copy of Waarborg's traffic_cdr (checked against the migrated table by CompactLayoutTests). */
    private static void createTrafficTable(JdbcTemplate raw) throws IOException {
        String ddl = new String(
                RetentionBenchmark.class
                        .getResourceAsStream("/benchmark/traffic-cdr.sql")
                        .readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        raw.execute(ddl);
    }

    /** The raw side's copy of Waarborg's record tables, with the same columns, keys, cascades and indexes. */
    private static void createRecordTables(JdbcTemplate raw) {
        raw.execute("""
                CREATE TABLE subject (id uuid PRIMARY KEY, display_name text NOT NULL, external_ref text UNIQUE,
                    created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
                CREATE TABLE store_record (
                    id uuid PRIMARY KEY, category text NOT NULL, organisation_id uuid, service_delivered_id uuid,
                    source_system text NOT NULL, reference text, created_at timestamptz NOT NULL,
                    updated_at timestamptz NOT NULL, collected_at timestamptz, last_contact_at timestamptz,
                    invoice_date date, retention_period text, retention_anchor text, sensitive boolean NOT NULL,
                    payload jsonb, key_id text, ciphertext bytea, seal_failed_at timestamptz,
                    assigned boolean NOT NULL DEFAULT false, given_category text, restricted_at timestamptz,
                    restriction_operation text);
                CREATE INDEX store_record_category ON store_record (category);
                CREATE INDEX store_record_service ON store_record (service_delivered_id);
                CREATE INDEX store_record_reference ON store_record (source_system, reference);
                CREATE INDEX store_record_key ON store_record (key_id) WHERE sensitive;
                CREATE INDEX store_record_unassigned ON store_record (given_category) WHERE NOT assigned;
                CREATE INDEX store_record_collected ON store_record (category, coalesce(collected_at, created_at))
                    WHERE assigned;
                CREATE INDEX store_record_last_contact
                    ON store_record (category, coalesce(last_contact_at, collected_at, created_at)) WHERE assigned;
                CREATE INDEX store_record_invoice ON store_record (category, invoice_date) WHERE assigned;
                CREATE INDEX store_record_own_period ON store_record (category) WHERE retention_period IS NOT NULL;
                CREATE TABLE store_record_subject (
                    record_id uuid NOT NULL REFERENCES store_record (id) ON DELETE CASCADE,
                    subject_id uuid NOT NULL REFERENCES subject (id) ON DELETE CASCADE,
                    PRIMARY KEY (record_id, subject_id));
                CREATE INDEX store_record_subject_subject ON store_record_subject (subject_id);
                """);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
