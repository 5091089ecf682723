package nl.waarborg.traffic.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.subjects.Identifiers;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Waarborg's CDR ingest and lookup against raw PostgreSQL on the same machine in the same run. Not part of
 * {@code mvn verify}; run it with:
 *
 * <pre>
 * ./mvnw -B test -Dtest=CdrIngestBenchmark -Dbenchmark=true -Dbenchmark.rows=1000000 -DargLine=-Xmx512m
 * </pre>
 *
 * {@code -Dbenchmark.days=N} spreads the calls over N days instead of 30; {@code -Dbenchmark.durable=false} runs
 * Waarborg's database with fsync and synchronous commit off, as the test suite does (and the runs before 2026-12-04).
 *
 * Results are printed and written to {@code target/benchmark/cdr-ingest.md}; docs/performance.md has the figures.
 */
@WaarborgTest
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
// Waarborg's side on the production durability settings by default, not the test suite's (fsync and synchronous
// commit off); -Dbenchmark.durable=false measures with the test suite's, as the runs before 2026-12-04 did.
@org.springframework.test.context.TestPropertySource(
        properties = {
            "waarborg.database.fsync=${benchmark.durable:true}",
            "waarborg.database.synchronous-commit=${benchmark.durable:true}",
            "waarborg.database.shared-buffers=auto"
        })
class CdrIngestBenchmark {

    private static final ZoneId PBX = ZoneId.of("Europe/Amsterdam");
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    // Days the calls are spread over (-Dbenchmark.days=N): each is a partition the lookup opens.
    // -Dbenchmark.provider=F: a national provider's day at scale F (1 = a million subscribers, twenty million calls
    // in one day; 0.25 fits this machine's disk).
    private static final double PROVIDER = Double.parseDouble(System.getProperty("benchmark.provider", "0"));
    private static final int DAYS = PROVIDER > 0 ? 1 : Integer.getInteger("benchmark.days", 30);
    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 10, 1);
    private static final int WARM_UP = 200;
    // Calls before measuring through the API. Both JVMs start cold for this path: the client's, and the server's
    // request path (security, MVC, JSON), which the JIT compiles fully only after some thousands of requests
    // (measured with curl on a fresh server: p50 7 ms over the first 2,000 lookups, 3 ms after 5,000). A server in
    // service is warm; the figure that counts is the warm one.
    private static final int CLIENT_WARM_UP = 5000;

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    DataSource dataSource;

    @Autowired
    CdrIngest ingest;

    @Autowired
    nl.waarborg.audit.AuditTrail auditTrail;

    @Autowired
    nl.waarborg.traffic.TrafficData traffic;

    @Autowired
    TrafficDataStore trafficPlace;

    @Autowired
    nl.waarborg.register.internal.RegisterEditor editor;

    @Autowired
    nl.waarborg.register.Registers registers;

    @Test
    void ingestAndLookupAgainstRawPostgres() throws Exception {
        int rows = PROVIDER > 0 ? (int) (20_000_000 * PROVIDER) : Integer.getInteger("benchmark.rows", 1_000_000);
        int lookups = Integer.getInteger("benchmark.lookups", 500);
        // About 100 calls per subscriber number, as the target lookup asks; -Dbenchmark.subscribers=N for a provider's
        // own count (a million subscribers and twenty million calls a day: about 20 per number per day).
        int subscribers = PROVIDER > 0
                ? (int) (1_000_000 * PROVIDER)
                : Integer.getInteger("benchmark.subscribers", Math.max(1, rows / 100));
        Path dir = Files.createDirectories(Path.of("target/benchmark"));
        Path csv = dir.resolve("cdr-" + rows + ".csv");
        Path copy = dir.resolve("cdr-" + rows + ".copy");
        // 10 million rows make about 5.5 GiB of files: generated for each run and deleted after it.
        generate(rows, subscribers, csv, copy);
        try {
            run(rows, lookups, subscribers, csv, copy, dir);
        } finally {
            Files.deleteIfExists(csv);
            Files.deleteIfExists(copy);
        }
    }

    private void run(int rows, int lookups, int subscribers, Path csv, Path copy, Path dir) throws Exception {
        StringBuilder report = new StringBuilder();
        report.append("rows: ")
                .append(rows)
                .append(" over ")
                .append(DAYS)
                .append(" days")
                .append(", file: ")
                .append(Files.size(csv) / (1024 * 1024))
                .append(" MiB, subscribers: ")
                .append(subscribers)
                .append('\n');

        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        createRawTable(jdbc);
        String columns = "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)"
                + " FROM pg_attribute WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped";
        assertThat(jdbc.queryForObject(columns, String.class, "raw_cdr"))
                .as("the raw side loads Waarborg's table")
                .isEqualTo(jdbc.queryForObject(columns, String.class, "traffic_cdr"));

        // Raw PostgreSQL: COPY of ready-made rows (numbers already E.164) into an equivalent partitioned table.
        long t0 = System.nanoTime();
        long copied;
        try (Connection c = dataSource.getConnection();
                Reader in = Files.newBufferedReader(copy, StandardCharsets.UTF_8)) {
            copied = c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("COPY raw_cdr (" + CopyEncoder.COLUMNS + ") FROM STDIN", in);
        }
        double rawSeconds = (System.nanoTime() - t0) / 1e9;
        double rawRate = copied / rawSeconds;

        // The physical limit: the same COPY into the same table on a PostgreSQL of its own, tuned for bulk loading.
        double tunedRate;
        double tunedSeconds;
        Path tunedDir = dir.resolve("tuned-postgres");
        try (io.zonky.test.db.postgres.embedded.EmbeddedPostgres tuned = tunedForBulkLoading(tunedDir)) {
            javax.sql.DataSource tunedSource = tuned.getPostgresDatabase();
            createRawTable(new JdbcTemplate(tunedSource));
            long tt = System.nanoTime();
            long tunedCopied;
            try (Connection c = tunedSource.getConnection();
                    Reader in = Files.newBufferedReader(copy, StandardCharsets.UTF_8)) {
                tunedCopied = c.unwrap(PGConnection.class)
                        .getCopyAPI()
                        .copyIn("COPY raw_cdr (" + CopyEncoder.COLUMNS + ") FROM STDIN", in);
            }
            tunedSeconds = (System.nanoTime() - tt) / 1e9;
            tunedRate = tunedCopied / tunedSeconds;
        } finally {
            deleteRecursively(tunedDir);
        }

        // Waarborg: the file streamed over HTTP to the API, as ./waarborg ingest cdr does.
        TestApi api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        HeapWatch heap = new HeapWatch();
        heap.start();
        long t1 = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/v1/traffic/cdr?format=asterisk"))
                                .header("Authorization", "Bearer " + api.token())
                                .header("Content-Type", "text/csv")
                                .POST(HttpRequest.BodyPublishers.ofFile(csv))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        double ownSeconds = (System.nanoTime() - t1) / 1e9;
        long heapPeak = heap.stop();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = TestApi.JSON.readTree(response.body());
        assertThat(result.path("added").asLong()).isEqualTo(rows);
        double ownRate = rows / ownSeconds;

        report.append(String.format(
                "raw COPY on a PostgreSQL tuned for bulk loading (max_wal_size 16GB, checkpoint_timeout 30min,"
                        + " shared_buffers 2GB, wal_level minimal): %,d rows in %.1f s = %,.0f rows/s%n",
                copied, tunedSeconds, tunedRate));
        report.append(String.format(
                "raw COPY on Waarborg's embedded server settings: %,d rows in %.1f s = %,.0f rows/s%n",
                copied, rawSeconds, rawRate));
        report.append(String.format(
                "Waarborg ingest (HTTP, parse, normalise, COPY, dedupe): %,d rows in %.1f s = %,.0f rows/s%n",
                rows, ownSeconds, ownRate));
        report.append(String.format(
                "ratio Waarborg / raw COPY on the bulk-loading PostgreSQL (target >= 0.8): %.2f%n",
                ownRate / tunedRate));
        report.append(String.format("ratio Waarborg / raw COPY on the embedded server: %.2f%n", ownRate / rawRate));
        report.append(String.format(
                "heap high-water mark during ingest: %d MiB (max heap %d MiB)%n",
                heapPeak / (1024 * 1024), Runtime.getRuntime().maxMemory() / (1024 * 1024)));

        createLeanTable(jdbc);
        jdbc.execute("INSERT INTO lean_cdr SELECT call_start, '+' || calling_number, '+' || called_number, duration_s,"
                + " billsec_s, 'ANSWERED' FROM raw_cdr");
        jdbc.execute("INSERT INTO lean_digits_cdr SELECT call_start, calling_number, called_number, duration_s,"
                + " billsec_s, 'ANSWERED' FROM raw_cdr");
        jdbc.execute("VACUUM ANALYZE raw_cdr");
        jdbc.execute("VACUUM ANALYZE traffic_cdr");
        jdbc.execute("VACUUM ANALYZE lean_cdr");
        jdbc.execute("VACUUM ANALYZE lean_digits_cdr");
        // What a stored call costs on disk, indexes included: Waarborg's table, the raw one with the same layout, and
        // the lean six-column table the storage goal is measured against.
        java.util.Map<String, Double> perRow = new java.util.HashMap<>();
        for (String table : List.of("traffic_cdr", "raw_cdr", "lean_cdr", "lean_digits_cdr")) {
            Long bytes = jdbc.queryForObject(
                    "SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = ?::regclass",
                    Long.class,
                    table);
            Long heapBytes = jdbc.queryForObject(
                    "SELECT sum(pg_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = ?::regclass",
                    Long.class,
                    table);
            long stored = jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
            report.append(String.format(
                    "%s: %,d rows, %,d MiB with indexes = %.0f bytes per row (heap alone %.0f)%n",
                    table,
                    stored,
                    bytes / (1024 * 1024),
                    bytes / (double) Math.max(1, stored),
                    heapBytes / (double) Math.max(1, stored)));
            perRow.put(table, bytes / (double) Math.max(1, stored));
        }
        report.append(String.format(
                "storage ratio Waarborg / lean table, indexes included (target <= 1.5): %.2f%n",
                perRow.get("traffic_cdr") / perRow.get("lean_cdr")));
        report.append(String.format(
                "storage ratio Waarborg / the lean table with numbers as digits too: %.2f%n",
                perRow.get("traffic_cdr") / perRow.get("lean_digits_cdr")));
        jdbc.execute("DROP TABLE lean_cdr");
        jdbc.execute("DROP TABLE lean_digits_cdr");

        // Lookups in a steady state: not while the checkpoint after the loads writes gigabytes.
        jdbc.execute("CHECKPOINT");
        // Lookups: the same numbers as the raw indexed query, through the service and through the API.
        Random random = new Random(7);
        String[] numbers = new String[lookups];
        for (int i = 0; i < lookups; i++) {
            numbers[i] = subscriber(random.nextInt(subscribers));
        }
        long[] rawNanos = new long[lookups];
        long rawRows = 0;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT * FROM raw_cdr WHERE calling_number = ?"
                        + " OR called_number = ? ORDER BY call_start, record_id LIMIT 1000")) {
            for (int i = -WARM_UP; i < lookups; i++) {
                String e164 =
                        Identifiers.phone(numbers[Math.floorMod(i, lookups)]).orElseThrow();
                long s = System.nanoTime();
                ps.setLong(1, Long.parseLong(e164.substring(1)));
                ps.setLong(2, Long.parseLong(e164.substring(1)));
                int count = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        for (int col = 1; col <= 19; col++) {
                            rs.getObject(col);
                        }
                        count++;
                    }
                }
                long d = System.nanoTime() - s;
                if (i >= 0) {
                    rawNanos[i] = d;
                    rawRows += count;
                }
            }
        }
        report.append(String.format(
                "raw indexed SQL lookup (%d numbers, avg %d rows): p50 %.2f ms, p99 %.2f ms%n",
                lookups, rawRows / lookups, percentile(rawNanos, 50), percentile(rawNanos, 99)));

        long[] serviceNanos = new long[lookups];
        for (int i = -WARM_UP; i < lookups; i++) {
            String n = numbers[Math.floorMod(i, lookups)];
            long s = System.nanoTime();
            traffic.callsOf(List.of(n), null, null, 1000, null, "benchmark");
            if (i >= 0) {
                serviceNanos[i] = System.nanoTime() - s;
            }
        }
        report.append(String.format(
                "lookup through the service, no HTTP (query + audit entry): p50 %.2f ms, p99 %.2f ms%n",
                percentile(serviceNanos, 50), percentile(serviceNanos, 99)));

        // Through the API with the client in a JVM of its own: the figure that counts.
        List<String> lookupPaths = Arrays.stream(numbers)
                .map(n -> "/api/v1/traffic/cdr?number=" + n)
                .toList();
        List<String> emptyPaths =
                Arrays.stream(numbers).map(n -> "/api/v1/connectors").toList();
        report.append("lookup through the API, client in its own JVM: ")
                .append(LookupClient.inOwnJvm(api.baseUrl(), api.token(), lookupPaths, CLIENT_WARM_UP))
                .append('\n');
        // What any API call costs (HTTP, token check, JSON), to tell it apart from the lookup itself.
        report.append("an API call that reads nothing (GET /api/v1/connectors), client in its own JVM: ")
                .append(LookupClient.inOwnJvm(api.baseUrl(), api.token(), emptyPaths, CLIENT_WARM_UP))
                .append('\n');

        // The same with the client inside the server's JVM, as the benchmark measured before: both compete for
        // the cores, so these figures are higher.
        long[] apiNanos = new long[lookups];
        long apiRows = 0;
        for (int i = -WARM_UP; i < lookups; i++) {
            String n = numbers[Math.floorMod(i, lookups)];
            long s = System.nanoTime();
            TestApi.Response r = api.get("/api/v1/traffic/cdr?number=" + n);
            long d = System.nanoTime() - s;
            if (i >= 0) {
                apiNanos[i] = d;
                apiRows += r.json().path("count").asLong();
            }
        }
        long[] emptyNanos = new long[lookups];
        for (int i = -WARM_UP; i < lookups; i++) {
            long s = System.nanoTime();
            api.get("/api/v1/connectors");
            if (i >= 0) {
                emptyNanos[i] = System.nanoTime() - s;
            }
        }
        report.append(String.format(
                "lookup through the API, client in the server's JVM (avg %d rows): p50 %.2f ms, p99 %.2f ms%n",
                apiRows / lookups, percentile(apiNanos, 50), percentile(apiNanos, 99)));
        report.append(String.format(
                "an API call that reads nothing, client in the server's JVM: p50 %.2f ms, p99 %.2f ms%n",
                percentile(emptyNanos, 50), percentile(emptyNanos, 99)));
        report.append(plans(dataSource, Identifiers.phone(numbers[0]).orElseThrow()));
        report.append(beforeAndAfter(
                dataSource,
                api.token(),
                Arrays.stream(numbers)
                        .map(n -> Identifiers.phone(n).orElseThrow())
                        .toArray(String[]::new)));

        report.append(expireOneDay(jdbc));

        // Where Waarborg's ingest time goes: parsing and normalising alone, without the database.
        long t2 = System.nanoTime();
        CdrLineParser parser = ingest.parserFor(CdrFormat.ASTERISK);
        // Bounded least-recently-used, as in CdrIngest: the heap must not grow with the file.
        java.util.Map<String, String> cache = new java.util.LinkedHashMap<>(1 << 16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<String, String> eldest) {
                return size() > 100_000;
            }
        };
        long normalised = 0;
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                CdrRow row = parser.parse(line);
                for (String raw : new String[] {row.callingRaw(), row.calledRaw()}) {
                    String v =
                            cache.computeIfAbsent(raw, k -> Identifiers.phone(k).orElse(""));
                    normalised += v.isEmpty() ? 0 : 1;
                }
            }
        }
        report.append(String.format(
                "parse + normalise only (no database): %.1f s for %,d rows (%,d numbers)%n",
                (System.nanoTime() - t2) / 1e9, rows, normalised));

        // Parser choice: the hand-written splitter against commons-csv on the same file.
        report.append(parsers(csv));

        // Every audit entry the run appended (imports, lookups, the appends above) must still verify.
        assertThat(auditTrail.verify().intact()).isTrue();

        System.out.println("\n=== CDR ingest benchmark ===\n" + report);
        Files.writeString(dir.resolve("cdr-ingest.md"), report.toString());
    }

    /**
     * The calls expired: through Waarborg's traffic place (the path a retention run takes: whole partitions dropped,
     * the receipt's count from each day's count) against a raw {@code DROP TABLE} of the same partitions of the raw
     * table on the same server. Up to the last day: every day's partition goes whole, as in a daily retention run
     * (partitions by Amsterdam day, the day a call's retention counts from).
     */
    private String expireOneDay(JdbcTemplate jdbc) {
        LocalDate day = FIRST_DAY.plusDays(DAYS - 1);
        String suffix = day.toString().replace("-", "");
        long calls = jdbc.queryForObject("SELECT count(*) FROM traffic_cdr_p" + suffix, Long.class);
        jdbc.execute("CHECKPOINT");
        // The raw side drops what Waarborg's expiry drops: the day's partition and those of the days before it.
        long t0 = System.nanoTime();
        for (LocalDate d = FIRST_DAY.minusDays(1); !d.isAfter(day); d = d.plusDays(1)) {
            jdbc.execute("DROP TABLE raw_cdr_p" + d.toString().replace("-", ""));
        }
        double raw = (System.nanoTime() - t0) / 1e6;
        // Due: the day and every day before it (their partitions go whole), nothing after it.
        var category = expiryCategory();
        java.time.Period period = new nl.waarborg.subjects.Expiry(
                        category, day, nl.waarborg.subjects.Exclusions.NONE, "period", true)
                .period();
        LocalDate asOf = day.plusDays(1).plus(period);
        t0 = System.nanoTime();
        nl.waarborg.subjects.StoreResult result = trafficPlace.expire(new nl.waarborg.subjects.Expiry(
                category, asOf, nl.waarborg.subjects.Exclusions.NONE, "bench-" + day, false));
        double own = (System.nanoTime() - t0) / 1e6;
        assertThat(result.affected()).isGreaterThanOrEqualTo(calls);
        return String.format(
                "expiry of the last day (%,d calls%s): raw DROP TABLE %.1f ms, Waarborg's traffic place %.1f ms"
                        + " (%,d calls removed in all): ratio %.2f (target <= 2)%n",
                calls, DAYS > 1 ? " and the days before it" : "", raw, own, result.affected(), own / raw);
    }

    /** The template register's traffic-data row: the rule the expiry carries out. */
    private nl.waarborg.register.DataCategory expiryCategory() {
        nl.waarborg.TestRegisters.templateInForce(editor, registers);
        return registers
                .current()
                .orElseThrow()
                .register()
                .category("traffic-data")
                .orElseThrow();
    }

    /**
     * Planning against execution inside PostgreSQL: the lookup planned afresh (every daily partition), and as the
     * cached generic plan that traffic_calls keeps (planned once per connection).
     */
    private static String plans(DataSource dataSource, String e164) throws java.sql.SQLException {
        String query = "SELECT * FROM traffic_cdr WHERE (calling_number = ANY($1) OR called_number = ANY($1))"
                + " AND call_start >= coalesce($2, '-infinity') AND call_start < coalesce($3, 'infinity')"
                + " ORDER BY call_start, record_id LIMIT $4";
        String array = "ARRAY[" + Long.parseLong(e164.substring(1)) + "]::bigint[]";
        StringBuilder out = new StringBuilder();
        try (Connection c = dataSource.getConnection();
                java.sql.Statement st = c.createStatement()) {
            out.append("one lookup in PostgreSQL, planned afresh: ")
                    .append(timings(
                            st,
                            "EXPLAIN (ANALYZE) "
                                    + query.replace("$1", array)
                                            .replace("$2", "NULL::timestamptz")
                                            .replace("$3", "NULL::timestamptz")
                                            .replace("$4", "1000")))
                    .append('\n');
            st.execute("SET plan_cache_mode = force_generic_plan");
            st.execute("PREPARE lookup(bigint[], timestamptz, timestamptz, int) AS " + query);
            String execute = "EXPLAIN (ANALYZE) EXECUTE lookup(" + array + ", NULL, NULL, 1000)";
            timings(st, execute);
            out.append("one lookup in PostgreSQL, cached generic plan: ")
                    .append(timings(st, execute))
                    .append('\n');
            // With a time range the generic plan drops the other days' partitions when it starts.
            String day = "'" + FIRST_DAY.plusDays(DAYS / 2) + "T00:00:00Z'";
            String ranged = "EXPLAIN (ANALYZE) EXECUTE lookup(" + array + ", " + day + ", " + day
                    + "::timestamptz + interval '1 day', 1000)";
            timings(st, ranged);
            out.append("the same for one day (from/to), cached generic plan: ")
                    .append(timings(st, ranged))
                    .append('\n');
            st.execute("DEALLOCATE lookup");
            st.execute("RESET plan_cache_mode");
        }
        return out.toString();
    }

    /**
     * Each change of the lookup path against the way it was, on one connection, alternating so that both see the same
     * load: the query (as before: planned on every call; now: traffic_calls with its cached plan), the token check
     * (before: select, update and commit in a transaction; now: one statement) and the audit append (before: lock,
     * read the last entry and insert, three round trips, here into a scratch copy of the table; now: audit_append).
     */
    private static String beforeAndAfter(DataSource dataSource, String token, String[] e164) throws Exception {
        int n = e164.length;
        long[][] nanos = new long[6][n];
        String tokenHash = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(token.getBytes(StandardCharsets.UTF_8)));
        try (Connection c = dataSource.getConnection();
                java.sql.Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS audit_entry_before");
            st.execute("CREATE TABLE audit_entry_before (LIKE audit_entry INCLUDING ALL)");
            st.execute("INSERT INTO audit_entry_before SELECT * FROM audit_entry");
            PreparedStatement queryBefore = c.prepareStatement("SELECT * FROM traffic_cdr WHERE (calling_number ="
                    + " ANY(?) OR called_number = ANY(?)) ORDER BY call_start, record_id LIMIT ?");
            PreparedStatement queryAfter =
                    c.prepareStatement("SELECT * FROM traffic_calls(?::text[], ?, ?, ?, 0, false)");
            PreparedStatement tokenSelect =
                    c.prepareStatement("SELECT * FROM api_token WHERE token_hash = ? AND revoked_at IS NULL");
            PreparedStatement tokenUpdate = c.prepareStatement("UPDATE api_token SET last_used_at = now() WHERE id ="
                    + " ? AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')");
            PreparedStatement tokenAfter = c.prepareStatement("WITH found AS (SELECT * FROM api_token WHERE"
                    + " token_hash = ? AND revoked_at IS NULL), used AS (UPDATE api_token SET last_used_at = now()"
                    + " WHERE id IN (SELECT id FROM found) AND (last_used_at IS NULL OR last_used_at < now() -"
                    + " interval '1 minute')) SELECT * FROM found");
            PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(4242)");
            PreparedStatement last =
                    c.prepareStatement("SELECT id, hash FROM audit_entry_before ORDER BY id DESC LIMIT 1");
            PreparedStatement insert = c.prepareStatement("INSERT INTO audit_entry_before (id, occurred_at,"
                    + " actor_type, actor_id, action, target_type, target_id, subject_id, purpose, details,"
                    + " previous_hash, hash) VALUES (?, now(), 'SYSTEM', 'benchmark', 'READ', 'traffic_cdr', ?, NULL,"
                    + " 'benchmark', '{\"rows\":\"100\"}'::jsonb, ?, ?)");
            PreparedStatement append = c.prepareStatement("SELECT * FROM audit_append(?, 'SYSTEM', 'benchmark',"
                    + " 'READ', 'traffic_cdr', ?, NULL, 'benchmark', '{\"rows\":\"100\"}'::jsonb, ?)");
            Instant base = Instant.parse("2026-11-23T00:00:00Z");
            for (int i = -WARM_UP; i < n; i++) {
                String number = e164[Math.floorMod(i, n)];
                long[] t = new long[6];
                long s = System.nanoTime();
                Long[] digits = {Long.parseLong(number.substring(1))};
                queryBefore.setArray(1, c.createArrayOf("bigint", digits));
                queryBefore.setArray(2, c.createArrayOf("bigint", digits));
                queryBefore.setInt(3, 1000);
                drain(queryBefore);
                t[0] = System.nanoTime() - s;
                s = System.nanoTime();
                queryAfter.setArray(1, c.createArrayOf("text", new String[] {number}));
                queryAfter.setNull(2, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                queryAfter.setNull(3, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                queryAfter.setInt(4, 1000);
                drain(queryAfter);
                t[1] = System.nanoTime() - s;
                s = System.nanoTime();
                c.setAutoCommit(false);
                tokenSelect.setString(1, tokenHash);
                Object id = null;
                try (ResultSet rs = tokenSelect.executeQuery()) {
                    while (rs.next()) {
                        id = rs.getObject("id");
                    }
                }
                tokenUpdate.setObject(1, id);
                tokenUpdate.executeUpdate();
                c.commit();
                c.setAutoCommit(true);
                t[2] = System.nanoTime() - s;
                s = System.nanoTime();
                tokenAfter.setString(1, tokenHash);
                drain(tokenAfter);
                t[3] = System.nanoTime() - s;
                s = System.nanoTime();
                c.setAutoCommit(false);
                drain(lock);
                long previousId = 0;
                String previousHash = "";
                try (ResultSet rs = last.executeQuery()) {
                    if (rs.next()) {
                        previousId = rs.getLong(1);
                        previousHash = rs.getString(2);
                    }
                }
                insert.setLong(1, previousId + 1);
                insert.setString(2, "number-sha256:" + i);
                insert.setString(3, previousHash);
                insert.setString(4, Integer.toHexString(i));
                insert.executeUpdate();
                c.commit();
                t[4] = System.nanoTime() - s;
                s = System.nanoTime();
                // A real entry: the fields after the id in the layout JdbcAuditTrail hashes (docs/audit.md).
                Instant at = base.plusNanos(1000L * (i + WARM_UP));
                String target = "number-sha256:" + i;
                append.setTimestamp(1, java.sql.Timestamp.from(at));
                append.setString(2, target);
                append.setString(
                        3,
                        tail(
                                Long.toString(java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, at)),
                                "SYSTEM",
                                "benchmark",
                                "READ",
                                "traffic_cdr",
                                target,
                                null,
                                "benchmark",
                                "rows",
                                "100"));
                drain(append);
                c.commit();
                c.setAutoCommit(true);
                t[5] = System.nanoTime() - s;
                if (i >= 0) {
                    for (int k = 0; k < 6; k++) {
                        nanos[k][i] = t[k];
                    }
                }
            }
            st.execute("DROP TABLE audit_entry_before");
        }
        String[] names = {
            "lookup query as before (planned every call)",
            "lookup query now (traffic_calls, cached plan)",
            "token check as before (select, update, commit)",
            "token check now (one statement)",
            "audit append as before (lock, last entry, insert, commit)",
            "audit append now (audit_append, commit)"
        };
        StringBuilder out = new StringBuilder("before and after, SQL only, one connection, alternating:\n");
        for (int k = 0; k < 6; k++) {
            out.append(String.format(
                    "  %s: p50 %.2f ms, p99 %.2f ms%n", names[k], percentile(nanos[k], 50), percentile(nanos[k], 99)));
        }
        return out.toString();
    }

    /** Length-prefixed fields, {@code -1:} for null, each followed by {@code |}. */
    private static String tail(String... fields) {
        StringBuilder out = new StringBuilder();
        for (String f : fields) {
            out.append(f == null ? "-1:" : f.length() + ":" + f).append('|');
        }
        return out.toString();
    }

    private static void drain(PreparedStatement ps) throws java.sql.SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int col = 1; col <= columns; col++) {
                    rs.getObject(col);
                }
            }
        }
    }

    private static String timings(java.sql.Statement st, String explain) throws java.sql.SQLException {
        List<String> lines = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(explain)) {
            while (rs.next()) {
                String line = rs.getString(1).strip();
                if (line.startsWith("Planning Time")
                        || line.startsWith("Execution Time")
                        || line.startsWith("Subplans Removed")) {
                    lines.add(line);
                }
            }
        }
        return String.join(", ", lines);
    }

    private static String subscriber(int i) {
        return "020" + (1_000_000 + i);
    }

    /** The same rows twice: as Asterisk cdr_csv for Waarborg, and as COPY text (already normalised) for raw. */
    private static void generate(int rows, int subscribers, Path csv, Path copy) throws IOException {
        Random random = new Random(42);
        StringBuilder line = new StringBuilder(512);
        try (BufferedWriter a = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
                BufferedWriter b = Files.newBufferedWriter(copy, StandardCharsets.UTF_8)) {
            for (int i = 0; i < rows; i++) {
                int s = random.nextInt(subscribers);
                String src = subscriber(s);
                String dst = "06" + (10_000_000 + random.nextInt(89_999_999));
                // In time order, as a PBX appends them: DAYS days spread evenly over the rows.
                LocalDateTime start = FIRST_DAY
                        .atStartOfDay()
                        .plusSeconds((long) ((double) i / rows * DAYS * 86_400L))
                        .plusSeconds(random.nextInt(60));
                int duration = random.nextInt(3600);
                int billsec = Math.max(0, duration - 5);
                LocalDateTime answer = start.plusSeconds(5);
                LocalDateTime end = start.plusSeconds(duration);
                String uniqueId = "1760000000." + i;
                a.write("\"\",\"" + src + "\",\"" + dst + "\",\"from-internal\",\"\"\"Klant " + s + "\"\" <" + src
                        + ">\",\"SIP/trunk-" + i + "\",\"SIP/out-" + i + "\",\"Dial\",\"SIP/trunk/" + dst
                        + ",60\",\"" + TS.format(start) + "\",\"" + TS.format(answer) + "\",\"" + TS.format(end)
                        + "\"," + duration + "," + billsec + ",\"ANSWERED\",\"DOCUMENTATION\",\"" + uniqueId
                        + "\",\"\",\"\",\"" + uniqueId + "\"," + i + "\n");
                // The same call as Waarborg stores it (compact layout, numbers in E.164), ready for COPY.
                CdrRow row = new CdrRow(
                        start.atZone(PBX).toInstant(),
                        random.nextLong(),
                        src,
                        dst,
                        "\"Klant " + s + "\" <" + src + ">",
                        null,
                        "from-internal",
                        "SIP/trunk-" + i,
                        "SIP/out-" + i,
                        answer.atZone(PBX).toInstant(),
                        end.atZone(PBX).toInstant(),
                        duration,
                        billsec,
                        "ANSWERED",
                        uniqueId);
                line.setLength(0);
                CopyEncoder.row(line, row, 1, "+3120" + (1_000_000 + s), "+316" + dst.substring(2), 1, 2);
                b.write(line.toString());
            }
        }
    }

    /** A PostgreSQL 17 of its own, set up the way one sets up a server for bulk loading. */
    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres tunedForBulkLoading(Path dir)
            throws IOException {
        deleteRecursively(dir);
        Files.createDirectories(dir);
        return io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(true)
                .setServerConfig("max_wal_size", "16GB")
                .setServerConfig("checkpoint_timeout", "30min")
                .setServerConfig("shared_buffers", "2GB")
                .setServerConfig("wal_level", "minimal")
                .setServerConfig("max_wal_senders", "0")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Waarborg's table (migration V20261206_0100) under another name, partitioned alike. */
    static String rawTable(String name) throws IOException {
        try (var in = CdrIngestBenchmark.class.getResourceAsStream("/benchmark/traffic-cdr.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("traffic_cdr", name);
        }
    }

    private static void createRawTable(JdbcTemplate jdbc) throws IOException {
        jdbc.execute("DROP TABLE IF EXISTS raw_cdr");
        jdbc.execute(rawTable("raw_cdr"));
        partitionByDay(jdbc, "raw_cdr");
    }

    /**
     * The lean table the storage goal is measured against: six columns, what a call needs at the least (start, both
     * numbers, both durations, disposition), with the two number indexes a lookup needs, partitioned alike. Numbers
     * in E.164 text, as the issue measured it (199 bytes a row); the same table with numbers as digits, as Waarborg
     * stores them, is measured beside it, so that the ratio does not owe its margin to that choice alone.
     */
    private static void createLeanTable(JdbcTemplate jdbc) {
        for (String[] table : new String[][] {{"lean_cdr", "text"}, {"lean_digits_cdr", "bigint"}}) {
            jdbc.execute("DROP TABLE IF EXISTS " + table[0]);
            jdbc.execute("CREATE TABLE " + table[0] + " (call_start timestamptz NOT NULL, calling_number " + table[1]
                    + ", called_number " + table[1] + ", duration_s integer, billsec_s integer, disposition text)"
                    + " PARTITION BY RANGE (call_start)");
            jdbc.execute("CREATE INDEX " + table[0] + "_calling ON " + table[0] + " (calling_number, call_start)");
            jdbc.execute("CREATE INDEX " + table[0] + "_called ON " + table[0] + " (called_number, call_start)");
            partitionByDay(jdbc, table[0]);
        }
    }

    private static void partitionByDay(JdbcTemplate jdbc, String table) {
        for (int d = -1; d <= DAYS; d++) {
            LocalDate day = FIRST_DAY.plusDays(d);
            // Amsterdam days, as Waarborg's partitions (TrafficPartitions).
            jdbc.execute("CREATE TABLE " + table + "_p" + day.toString().replace("-", "") + " PARTITION OF " + table
                    + " FOR VALUES FROM ('" + TrafficPartitions.startOf(day) + "') TO ('"
                    + TrafficPartitions.startOf(day.plusDays(1)) + "')");
        }
    }

    private static String parsers(Path csv) throws IOException {
        long fields = 0;
        long t0 = System.nanoTime();
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                fields += CsvLine.split(line).size();
            }
        }
        double own = (System.nanoTime() - t0) / 1e9;
        long fields2 = 0;
        long t1 = System.nanoTime();
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.DEFAULT.parse(r)) {
            for (CSVRecord record : parser) {
                for (String value : record) {
                    fields2 += value == null ? 0 : 1;
                }
            }
        }
        double commons = (System.nanoTime() - t1) / 1e9;
        return String.format(
                "CSV splitting only: CsvLine %.2f s (%,d fields), commons-csv 1.14.1 %.2f s (%,d fields)%n",
                own, fields, commons, fields2);
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** Samples the used heap every 20 ms and keeps the highest value. */
    static final class HeapWatch {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong peak = new AtomicLong();
        private Thread thread;

        void start() {
            List<MemoryPoolMXBean> heapPools = new ArrayList<>();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPools.add(pool);
                }
            }
            System.gc();
            thread = new Thread(() -> {
                while (running.get()) {
                    long used = 0;
                    for (MemoryPoolMXBean pool : heapPools) {
                        used += pool.getUsage().getUsed();
                    }
                    peak.accumulateAndGet(used, Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        long stop() throws InterruptedException {
            running.set(false);
            thread.join();
            return peak.get();
        }
    }
}
