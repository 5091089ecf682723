package nl.waarborg.requests.internal;

import static nl.waarborg.RawPostgres.copyRows;
import static nl.waarborg.RawPostgres.copyTable;
import static nl.waarborg.RawPostgres.median;
import static nl.waarborg.RawPostgres.min;
import static nl.waarborg.RawPostgres.ms;
import static nl.waarborg.RawPostgres.percentile;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import nl.waarborg.RawPostgres;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.requests.PersonWithData;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rights against raw PostgreSQL on the same machine in the same run. Not part of {@code mvn verify}; run it with:
 *
 * <pre>
 * ./mvnw -B test -Dtest=RightsBenchmark -Dbenchmark=true [-Dbenchmark.items=10000] [-Dbenchmark.blocks=100000]
 * </pre>
 *
 * <ol>
 *   <li>The access package of a subject with {@code items} items (built-in records over several categories, recordings
 *       with their audio, call records), median of five builds, against the raw SQL reads of the same rows;
 *   <li>erasure of three such subjects in Waarborg's own places (records deleted, recordings deleted, the person's side
 *       of the calls anonymised, the subject itself), median, against the raw SQL deletes and updates of the same rows;
 *   <li>the processing-status lookup through the API with {@code blocks} identifiers in the index, p50 and p99 of 2,000
 *       calls, against the raw index probe.
 * </ol>
 *
 * The raw side is a PostgreSQL of its own, tuned for reading and writing these rows (2 GB shared buffers, SSD costs, no
 * JIT), holding the same tables with the same columns and indexes, copied from Waarborg's catalog, and the same rows,
 * copied with COPY. Waarborg runs with production durability. Results go to {@code target/benchmark/rights.md}.
 */
@WaarborgTest
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@org.springframework.test.context.TestPropertySource(
        properties = {
            "waarborg.database.fsync=true",
            "waarborg.database.synchronous-commit=true",
            "waarborg.database.shared-buffers=auto"
        })
class RightsBenchmark {

    static final int RECORDINGS = 100;
    static final String[] CATEGORIES = {
        "customer-contacts", "service-address", "invoices", "support-tickets", "voip-devices", "newsletter"
    };

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    ApiTokens tokens;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    AccessPackages packages;

    @Autowired
    Erasures erasures;

    @Autowired
    ProcessingBlocks statusIndex;

    @Test
    void rightsAgainstRawPostgres() throws Exception {
        int items = Integer.getInteger("benchmark.items", 10_000);
        int blockCount = Integer.getInteger("benchmark.blocks", 100_000);
        TestRegisters.templateInForce(editor, registers);
        TestApi api =
                TestApi.withScopes(port, tokens, "subjects:read", "subjects:write", "requests:read", "requests:write");
        JdbcTemplate waarborg = new JdbcTemplate(dataSource);
        int calls = items * 3 / 10;
        int records = items - calls - RECORDINGS;
        List<PersonWithData> people = new ArrayList<>();
        List<String> references = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            PersonWithData p = PersonWithData.create(api, 0, calls);
            for (int r = 1; r < RECORDINGS; r++) {
                api.post(
                        "/api/v1/subjects/recordings?callId=bench-" + UUID.randomUUID() + "&caller=" + p.mobile()
                                + "&callee=%2B31201234567&startedAt=2026-11-21T09:30:00Z&durationSeconds=12"
                                + "&service=voip",
                        "audio/wav",
                        p.audio());
            }
            fillRecords(waarborg, UUID.fromString(p.subjectId()), records);
            people.add(p);
            references.add(p.verifiedRequest(api, i == 0 ? "\"ACCESS\"" : "\"ERASURE\"", "nl"));
        }
        waarborg.execute("VACUUM ANALYZE store_record");
        waarborg.execute("VACUUM ANALYZE store_record_subject");
        waarborg.execute("VACUUM ANALYZE call_recording");
        waarborg.execute("CHECKPOINT");

        StringBuilder report = new StringBuilder("# Rights benchmark\n\nMachine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, JDK ")
                .append(System.getProperty("java.version"))
                .append(", ")
                .append(waarborg.queryForObject("SHOW server_version", String.class))
                .append(String.format(
                        "%n%nPer subject: %,d built-in records, %d recordings (with audio), %,d call records.%n%n",
                        records, RECORDINGS, calls));

        try (EmbeddedPostgres raw = RawPostgres.start(Path.of("target/benchmark/raw-rights"))) {
            DataSource rawSource = raw.getPostgresDatabase();
            JdbcTemplate rawDb = new JdbcTemplate(rawSource);
            for (String table : List.of(
                    "subject",
                    "subject_identifier",
                    "store_record",
                    "store_record_subject",
                    "call_recording",
                    "call_recording_subject",
                    "processing_block")) {
                copyTable(dataSource, rawSource, table, "SELECT * FROM " + table);
            }
            rawDb.execute(new String(
                    RightsBenchmark.class
                            .getResourceAsStream("/benchmark/traffic-cdr.sql")
                            .readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8));
            rawDb.execute("CREATE TABLE traffic_cdr_all PARTITION OF traffic_cdr DEFAULT");
            copyRows(
                    dataSource,
                    rawSource,
                    "traffic_cdr",
                    "SELECT * FROM traffic_cdr WHERE calling_number = ANY (ARRAY["
                            + String.join(
                                    ",",
                                    people.stream()
                                            .map(p -> p.mobileE164().substring(1))
                                            .toList())
                            + "]) OR called_number = ANY (ARRAY["
                            + String.join(
                                    ",",
                                    people.stream()
                                            .map(p -> p.mobileE164().substring(1))
                                            .toList())
                            + "])");
            rawDb.execute("VACUUM ANALYZE");
            rawDb.execute("CHECKPOINT");

            // 1. The access package.
            PersonWithData a = people.get(0);
            String accessRef = references.get(0);
            for (int i = 0; i < 2; i++) {
                packages.build(accessRef); // warm
            }
            double[] waarborgMs = times(5, () -> {
                AccessPackages.Built b = packages.build(accessRef);
                assertThat(b.items()).isEqualTo(records + RECORDINGS + calls);
                assertThat(b.recordings()).isEqualTo(RECORDINGS);
                return b.zip().length;
            });
            double[] rawMs = times(5, () -> readRaw(rawDb, a));
            report.append(String.format(
                    "## Access package of %,d items%n%n| | median ms | min ms | × raw |%n|---|---|---|---|%n"
                            + "| raw SQL reads of the same rows (records with payload, recordings, calls) | %.1f | %.1f"
                            + " | 1 |%n| Waarborg: every place exported, masked, JSON + CSV + overview HTML and PDF +"
                            + " %d audio files zipped, sealed nowhere (built only), every export audited | %.1f | %.1f |"
                            + " %.1f |%n%n",
                    records + RECORDINGS + calls,
                    median(rawMs),
                    min(rawMs),
                    RECORDINGS,
                    median(waarborgMs),
                    min(waarborgMs),
                    median(waarborgMs) / median(rawMs)));

            // 2. Erasure, three subjects each way.
            double[] eraseMs = new double[3];
            double[] rawEraseMs = new double[3];
            for (int i = 1; i <= 3; i++) {
                PersonWithData p = people.get(i);
                String ref = references.get(i);
                long t0 = System.nanoTime();
                Erasures.Outcome o = erasures.erase(ref);
                eraseMs[i - 1] = ms(t0);
                assertThat(o.complete()).isTrue();
                t0 = System.nanoTime();
                eraseRaw(rawDb, p);
                rawEraseMs[i - 1] = ms(t0);
            }
            report.append(String.format(
                    "## Erasure of a subject with %,d items in Waarborg's own places%n%n| | median ms | × raw |%n"
                            + "|---|---|---|%n| raw SQL: delete the records and recordings, anonymise the person's"
                            + " side of the calls, delete the subject (one transaction) | %.1f | 1 |%n"
                            + "| Waarborg: exceptions checked, every place erased (invoices kept and restricted under"
                            + " the fiscal duty), ledger, audit, recipients planned, history | %.1f | %.1f |%n%n",
                    records + RECORDINGS + calls,
                    median(rawEraseMs),
                    median(eraseMs),
                    median(eraseMs) / median(rawEraseMs)));

            // 3. The processing-status index.
            waarborg.update(
                    "INSERT INTO processing_block (id, identifier_hash, kind, categories, request_id, since)"
                            + " SELECT gen_random_uuid(), encode(sha256(('EMAIL:bench' || i || '@example.nl')::bytea),"
                            + " 'hex'), CASE WHEN i % 3 = 0 THEN 'MARKETING' ELSE 'RESTRICTION' END, NULL, NULL, now()"
                            + " FROM generate_series(1, ?) i",
                    blockCount);
            rawDb.execute("TRUNCATE processing_block");
            copyRows(dataSource, rawSource, "processing_block", "SELECT * FROM processing_block");
            waarborg.execute("VACUUM ANALYZE processing_block");
            rawDb.execute("VACUUM ANALYZE processing_block");
            String token = TestApi.withScopes(port, tokens, "status:read").token();
            HttpClient http = HttpClient.newHttpClient();
            int calls2 = 2000;
            double[] blocked = new double[calls2 / 2];
            double[] unknown = new double[calls2 / 2];
            double[] floor = new double[calls2 / 2];
            double[] raw2000 = new double[calls2];
            double[] service = new double[calls2];
            try (Connection one = rawSource.getConnection()) {
                JdbcTemplate probe =
                        new JdbcTemplate(new org.springframework.jdbc.datasource.SingleConnectionDataSource(one, true));
                for (int round = -500; round < calls2; round++) { // 500 warm-up calls
                    int n = 1 + Math.floorMod(round * 7919, blockCount);
                    // Half known (blocked, audited), half unknown (not audited).
                    boolean known = Math.floorMod(round, 2) == 0;
                    String email = (known ? "bench" : "nobody") + n + "@example.nl";
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                            + "/api/v1/processing-status?kind=EMAIL&identifier=" + email))
                                    .header("Authorization", "Bearer " + token)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    double apiMs = ms(t0);
                    assertThat(r.statusCode()).isEqualTo(200);
                    // A blocked identifier has a block since some moment; an unknown one none.
                    assertThat(r.body()).contains(known ? "\"since\":\"" : "\"since\":null");
                    t0 = System.nanoTime();
                    probe.queryForList(
                            "SELECT kind, categories, since FROM processing_block WHERE identifier_hash = ANY (?)"
                                    + " AND lifted_at IS NULL",
                            (Object) new String[] {sha256("EMAIL:" + email)});
                    double rawProbe = ms(t0);
                    // The HTTP floor: the same token and client, a call that reads nothing (refused on its input).
                    long t1 = System.nanoTime();
                    http.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                            + "/api/v1/processing-status?kind=SHOE&identifier=x"))
                                    .header("Authorization", "Bearer " + token)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    double floorMs = ms(t1);
                    // The lookup in Waarborg itself, without HTTP: normalise, hash, probe, consent ledger, audit.
                    long t2 = System.nanoTime();
                    statusIndex.status(email, "EMAIL");
                    double serviceMs = ms(t2);
                    if (round >= 0) {
                        (known ? blocked : unknown)[round / 2] = apiMs;
                        floor[round / 2] = floorMs;
                        raw2000[round] = rawProbe;
                        service[round] = serviceMs;
                    }
                }
            }
            // The same lookups from a client in a JVM of its own (only the JDK), blocked and unknown identifiers apart.
            List<String> blockedPaths = new ArrayList<>();
            List<String> unknownPaths = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                int n = 1 + Math.floorMod(i * 7919, blockCount);
                blockedPaths.add("/api/v1/processing-status?kind=EMAIL&identifier=bench" + n + "%40example.nl");
                unknownPaths.add("/api/v1/processing-status?kind=EMAIL&identifier=nobody" + n + "%40example.nl");
            }
            String base = "http://localhost:" + port;
            String ownBlocked = nl.waarborg.traffic.internal.LookupClient.inOwnJvm(base, token, blockedPaths, 2000);
            String ownUnknown = nl.waarborg.traffic.internal.LookupClient.inOwnJvm(base, token, unknownPaths, 2000);
            String ownFloor = nl.waarborg.traffic.internal.LookupClient.inOwnJvm(
                    base,
                    TestApi.withScopes(port, tokens, "subjects:read").token(),
                    java.util.Collections.nCopies(5000, "/api/v1/connectors"),
                    2000);
            double[] all = new double[calls2];
            System.arraycopy(blocked, 0, all, 0, blocked.length);
            System.arraycopy(unknown, 0, all, blocked.length, unknown.length);
            report.append(String.format(
                    "## Processing-status lookup, %,d identifiers blocked, %,d calls%n%n| | p50 ms | p99 ms |%n"
                            + "|---|---|---|%n"
                            + "| raw index probe (JDBC, one connection, same table and index) | %.2f | %.2f |%n"
                            + "| the lookup in Waarborg without HTTP (normalise, hash, probe, consent ledger, audit"
                            + " when blocked) | %.2f | %.2f |%n"
                            + "| HTTP floor: the same call refused on its input (token checked, nothing read) | %.2f"
                            + " | %.2f |%n"
                            + "| `GET /api/v1/processing-status`, identifier not blocked (token, lookup) | %.2f | %.2f |%n"
                            + "| `GET /api/v1/processing-status`, identifier blocked (token, lookup, audit entry) |"
                            + " %.2f | %.2f |%n"
                            + "| **all lookups** | **%.2f** | **%.2f** |%n",
                    blockCount,
                    calls2,
                    percentile(raw2000, 50),
                    percentile(raw2000, 99),
                    percentile(service, 50),
                    percentile(service, 99),
                    percentile(floor, 50),
                    percentile(floor, 99),
                    percentile(unknown, 50),
                    percentile(unknown, 99),
                    percentile(blocked, 50),
                    percentile(blocked, 99),
                    percentile(all, 50),
                    percentile(all, 99)));
            report.append(String.format(
                    "%nFrom a client in a JVM of its own (one kept-alive connection, 2,000 warm-up calls, then 5,000;"
                            + " milliseconds):%n%n| | result |%n|---|---|%n"
                            + "| blocked identifiers (lookup + audit entry) | %s |%n"
                            + "| unknown identifiers (lookup) | %s |%n"
                            + "| an API call that reads nothing (`GET /api/v1/connectors`) | %s |%n",
                    ownBlocked, ownUnknown, ownFloor));
        }
        System.out.println(report);
        Files.createDirectories(Path.of("target/benchmark"));
        Files.writeString(Path.of("target/benchmark/rights.md"), report);
    }

    /** The same rows an access package reads, as plain SQL. */
    private static int readRaw(JdbcTemplate raw, PersonWithData p) {
        int n = raw.queryForList(
                        "SELECT r.*, r.payload::text FROM store_record r JOIN store_record_subject l"
                                + " ON l.record_id = r.id WHERE l.subject_id = ?::uuid",
                        p.subjectId())
                .size();
        n += raw.queryForList(
                        "SELECT c.* FROM call_recording c JOIN call_recording_subject l ON l.recording_id = c.id"
                                + " WHERE l.subject_id = ?::uuid",
                        p.subjectId())
                .size();
        n += raw.queryForList(
                        "SELECT * FROM traffic_cdr WHERE calling_number = ? OR called_number = ?",
                        Long.parseLong(p.mobileE164().substring(1)),
                        Long.parseLong(p.mobileE164().substring(1)))
                .size();
        return n;
    }

    /** What Waarborg's erasure does to its own places, as plain SQL in one transaction (invoices kept too). */
    private static void eraseRaw(JdbcTemplate raw, PersonWithData p) {
        raw.execute((java.sql.Connection c) -> {
            c.setAutoCommit(false);
            try (var s = c.createStatement()) {
                String subject = "'" + p.subjectId() + "'::uuid";
                s.execute("DELETE FROM store_record r USING store_record_subject l WHERE l.record_id = r.id"
                        + " AND l.subject_id = " + subject + " AND r.category <> 'invoices'");
                s.execute("UPDATE store_record SET restricted_at = now() WHERE id IN (SELECT record_id FROM"
                        + " store_record_subject WHERE subject_id = " + subject + ")");
                s.execute("DELETE FROM call_recording c USING call_recording_subject l WHERE l.recording_id = c.id"
                        + " AND l.subject_id = " + subject);
                s.execute("UPDATE traffic_cdr SET calling_number = NULL, calling_raw = NULL, caller_id = NULL"
                        + " WHERE calling_number = " + p.mobileE164().substring(1));
                s.execute("UPDATE traffic_cdr SET called_number = NULL, called_raw = NULL" + " WHERE called_number = "
                        + p.mobileE164().substring(1));
            }
            c.commit();
            c.setAutoCommit(true);
            return null;
        });
    }

    /** Records over several categories, as the API would store them (assigned to their register rows). */
    private static void fillRecords(JdbcTemplate db, UUID subject, int rows) {
        db.execute("CREATE UNLOGGED TABLE IF NOT EXISTS bench_rights_ids (id uuid, n int)");
        db.execute("TRUNCATE bench_rights_ids");
        db.update("INSERT INTO bench_rights_ids SELECT gen_random_uuid(), i FROM generate_series(1, ?) i", rows);
        db.update(
                "INSERT INTO store_record (id, category, source_system, reference, created_at, updated_at,"
                        + " collected_at, invoice_date, sensitive, payload, assigned, given_category)"
                        + " SELECT id, (?::text[])[1 + n % ?], 'benchmark', 'ref-' || n, now(), now(),"
                        + " now() - n * interval '1 hour', current_date - (n % 300), false,"
                        + " jsonb_build_object('note', 'item ' || n, 'amount', n % 1000, 'street', 'Dorpsstraat ' || n),"
                        + " true, (?::text[])[1 + n % ?] FROM bench_rights_ids",
                CATEGORIES, CATEGORIES.length, CATEGORIES, CATEGORIES.length);
        db.update(
                "INSERT INTO store_record_subject (record_id, subject_id) SELECT id, ? FROM bench_rights_ids", subject);
    }

    private static double[] times(int n, Supplier<Integer> work) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            work.get();
            t[i] = ms(t0);
        }
        return t;
    }

    private static String sha256(String s) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
