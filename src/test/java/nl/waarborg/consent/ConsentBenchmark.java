package nl.waarborg.consent;

import static nl.waarborg.RawPostgres.copyTable;
import static nl.waarborg.RawPostgres.median;
import static nl.waarborg.RawPostgres.ms;
import static nl.waarborg.RawPostgres.percentile;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import nl.waarborg.RawPostgres;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.consent.internal.CookieBanner;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The consent ledger at a provider's scale against raw PostgreSQL on the same machine in the same run. Not part of
 * {@code mvn verify}; run it with:
 *
 * <pre>
 * ./mvnw -B test -Dtest=ConsentBenchmark -Dbenchmark=true [-Dbenchmark.people=500000] [-Dbenchmark.visitors=200000]
 * </pre>
 *
 * With {@code people} newsletter subscribers (a fifth of them withdrawn since) and {@code visitors} website visitors
 * with a cookie choice in the ledger: "may I mail this address?" in Waarborg and through the API, a visitor's choice
 * recorded, the identifiers recorded together (the portal link), and the console's counts — each against the same
 * statement on a PostgreSQL of its own tuned for it, holding the same table, indexes and rows. Results go to
 * {@code target/benchmark/consent.md}.
 */
@WaarborgTest
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@org.springframework.test.context.TestPropertySource(
        properties = {
            "waarborg.database.fsync=true",
            "waarborg.database.synchronous-commit=true",
            "waarborg.database.shared-buffers=auto"
        })
class ConsentBenchmark {

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
    ConsentLedger ledger;

    @Autowired
    CookieBanner banner;

    @Test
    void consentAgainstRawPostgres() throws Exception {
        int people = Integer.getInteger("benchmark.people", 500_000);
        int visitors = Integer.getInteger("benchmark.visitors", 200_000);
        TestRegisters.templateInForce(editor, registers);
        JdbcTemplate waarborg = new JdbcTemplate(dataSource);
        fill(waarborg, people, visitors);
        long rows = waarborg.queryForObject("SELECT count(*) FROM consent_event", Long.class);

        StringBuilder report = new StringBuilder("# Consent benchmark\n\nMachine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, JDK ")
                .append(System.getProperty("java.version"))
                .append(", ")
                .append(waarborg.queryForObject("SHOW server_version", String.class))
                .append(String.format(
                        "%n%n%,d events: %,d newsletter subscribers (a fifth withdrawn since), %,d website visitors"
                                + " with a marketing choice.%n%n| | Waarborg | raw SQL | ratio |%n|---|---|---|---|%n",
                        rows, people, visitors));

        try (EmbeddedPostgres raw = RawPostgres.start(Path.of("target/benchmark/raw-consent"))) {
            DataSource rawSource = raw.getPostgresDatabase();
            JdbcTemplate rawDb = new JdbcTemplate(rawSource);
            copyTable(dataSource, rawSource, "consent_event", "SELECT * FROM consent_event");
            rawDb.execute("VACUUM ANALYZE");
            rawDb.execute("CHECKPOINT");

            try (Connection one = rawSource.getConnection()) {
                JdbcTemplate probe = new JdbcTemplate(new SingleConnectionDataSource(one, true));

                // 1. "May I mail this address?" in Waarborg (normalise, hash, probe) against the probe alone.
                int calls = 2000;
                double[] mine = new double[calls];
                double[] theirs = new double[calls];
                for (int round = -500; round < calls; round++) {
                    int n = 1 + Math.floorMod(round * 7919, people);
                    String email = "bench" + n + "@example.nl";
                    long t0 = System.nanoTime();
                    List<ConsentLedger.State> s = ledger.state(email, "EMAIL", "newsletter");
                    double w = ms(t0);
                    assertThat(s).hasSize(1);
                    t0 = System.nanoTime();
                    probe.queryForList(
                            ConsentLedger.STATE,
                            new String[] {ConsentLedger.sha256("EMAIL:" + email)},
                            "newsletter",
                            "newsletter");
                    double r = ms(t0);
                    if (round >= 0) {
                        mine[round] = w;
                        theirs[round] = r;
                    }
                }
                row(
                        report,
                        "\"may I mail this address?\" in Waarborg (normalise, hash, index), p50 / p99 of 2,000",
                        mine,
                        theirs);

                // 2. The same through the API, the client in a JVM of its own.
                List<String> paths = new ArrayList<>();
                for (int i = 0; i < 5000; i++) {
                    int n = 1 + Math.floorMod(i * 7919, people);
                    paths.add("/api/v1/consents/state?kind=EMAIL&purpose=newsletter&identifier=bench" + n
                            + "%40example.nl");
                }
                String api = nl.waarborg.traffic.internal.LookupClient.inOwnJvm(
                        "http://localhost:" + port,
                        TestApi.withScopes(port, tokens, "status:read").token(),
                        paths,
                        2000);
                report.append("| `GET /api/v1/consents/state`, client in its own JVM, 5,000 calls | ")
                        .append(api.replaceAll("rows=\\d+", "").strip())
                        .append(" | — | — |\n");

                // 3. A visitor's cookie choice recorded (wording, hash, version check, ledger, audit).
                String version = banner.config(Locale.ENGLISH, false).version();
                int choices = 1000;
                double[] chosen = new double[choices];
                double[] inserted = new double[choices];
                for (int round = -200; round < choices; round++) {
                    String visitor = UUID.randomUUID().toString().replace("-", "");
                    long t0 = System.nanoTime();
                    CookieBanner.Outcome o = banner.record(
                            new CookieBanner.Choice(visitor, version, Map.of("marketing", true)),
                            Locale.ENGLISH,
                            false,
                            "192.0.2.10");
                    double w = ms(t0);
                    assertThat(o.recorded()).isEqualTo(1);
                    t0 = System.nanoTime();
                    probe.update(
                            "INSERT INTO consent_event (id, identifier_hash, category, event, at, channel,"
                                    + " recorded_by, wording_sha256, register_version, ip_prefix, visitor_id)"
                                    + " VALUES (?, ?, 'website-marketing', 'GIVEN', now(), 'WEBSITE', 'bench', ?, 1,"
                                    + " '192.0.2.0/24', ?)",
                            UUID.randomUUID(),
                            ConsentLedger.sha256("VISITOR:" + visitor),
                            "w",
                            ConsentLedger.sha256("VISITOR:" + visitor));
                    double r = ms(t0);
                    if (round >= 0) {
                        chosen[round] = w;
                        inserted[round] = r;
                    }
                }
                row(
                        report,
                        "a visitor's cookie choice recorded (version, wording, state, ledger, audit), p50 / p99"
                                + " of 1,000; raw: the insert alone",
                        chosen,
                        inserted);

                // 4. The identifiers recorded together with an address (a portal link).
                int links = 300;
                double[] together = new double[links];
                double[] rawTogether = new double[links];
                for (int round = -50; round < links; round++) {
                    String hash = ConsentLedger.sha256(
                            "EMAIL:bench" + (1 + Math.floorMod(round * 104729, people)) + "@example.nl");
                    long t0 = System.nanoTime();
                    assertThat(ledger.recordedTogether(hash)).hasSize(2);
                    double w = ms(t0);
                    t0 = System.nanoTime();
                    probe.queryForList(ConsentLedger.TOGETHER, String.class, hash);
                    double r = ms(t0);
                    if (round >= 0) {
                        together[round] = w;
                        rawTogether[round] = r;
                    }
                }
                row(
                        report,
                        "the identifiers recorded together with an address (portal link), p50 / p99 of 300",
                        together,
                        rawTogether);

                // 5. The console's counts: consenting now and withdrawn, per purpose on consent.
                double[] counts = new double[3];
                double[] rawCounts = new double[3];
                for (int i = 0; i < 3; i++) {
                    long t0 = System.nanoTime();
                    ledger.counts();
                    counts[i] = ms(t0);
                    t0 = System.nanoTime();
                    probe.queryForList(ConsentLedger.COUNTS);
                    rawCounts[i] = ms(t0);
                }
                report.append(String.format(
                        "| the console's counts per purpose on consent (with the months of the last year), median of"
                                + " 3; raw: the counts alone | %.0f ms | %.0f ms | %.1f× |%n",
                        median(counts), median(rawCounts), median(counts) / median(rawCounts)));
            }
        }
        Files.createDirectories(Path.of("target/benchmark"));
        Files.writeString(Path.of("target/benchmark/consent.md"), report.toString(), StandardCharsets.UTF_8);
        System.out.println(report);
    }

    private static void row(StringBuilder report, String what, double[] waarborg, double[] raw) {
        report.append(String.format(
                "| %s | %.2f / %.2f ms | %.2f / %.2f ms | %.1f× at p99 |%n",
                what,
                percentile(waarborg, 50),
                percentile(waarborg, 99),
                percentile(raw, 50),
                percentile(raw, 99),
                percentile(waarborg, 99) / percentile(raw, 99)));
    }

    /**
     * Subscribers by e-mail address and customer number (recorded together, as a sign-up form sends them), a fifth
     * withdrawn a month later, and visitors with a marketing choice; written with SQL, as the API would write them.
     */
    private static void fill(JdbcTemplate db, int people, int visitors) {
        String wording = ConsentLedger.sha256("Ja, stuur mij de nieuwsbrief.");
        db.update(
                "INSERT INTO consent_wording (sha256, wording, register_version, first_seen_at)"
                        + " VALUES (?, 'Ja, stuur mij de nieuwsbrief.', 1, now()) ON CONFLICT DO NOTHING",
                wording);
        for (String kind : List.of("EMAIL:bench' || i || '@example.nl", "CUSTOMER_NUMBER:B' || i || '")) {
            db.update(
                    "INSERT INTO consent_event (id, identifier_hash, category, event, at, channel, recorded_by,"
                            + " wording_sha256, register_version, submission_id, ip_prefix)"
                            + " SELECT gen_random_uuid(), encode(sha256(('" + kind + "')::bytea), 'hex'),"
                            + " 'newsletter', 'GIVEN', timestamptz '2025-01-01' + i * interval '1 minute', 'WEBSITE',"
                            + " 'API:signup-form', ?, 1, 'form-' || i, '192.0.2.0/24'"
                            + " FROM generate_series(1, ?) i",
                    wording,
                    people);
        }
        db.update(
                "INSERT INTO consent_event (id, identifier_hash, category, event, at, channel, recorded_by,"
                        + " register_version)"
                        + " SELECT gen_random_uuid(), encode(sha256(('EMAIL:bench' || i || '@example.nl')::bytea),"
                        + " 'hex'), 'newsletter', 'WITHDRAWN', timestamptz '2025-02-01' + i * interval '1 minute',"
                        + " 'EMAIL', 'SYSTEM:unsubscribe-link', 1 FROM generate_series(1, ?) i WHERE i % 5 = 0",
                people);
        db.update(
                "INSERT INTO consent_event (id, identifier_hash, category, event, at, channel, recorded_by,"
                        + " wording_sha256, register_version, ip_prefix, visitor_id)"
                        + " SELECT gen_random_uuid(), h, 'website-marketing', 'GIVEN',"
                        + " timestamptz '2025-03-01' + i * interval '1 second', 'WEBSITE', 'SYSTEM:cookie-notice', ?,"
                        + " 1, '192.0.2.0/24', h FROM (SELECT i, encode(sha256(('VISITOR:v' || i)::bytea), 'hex') h"
                        + " FROM generate_series(1, ?) i) v",
                wording,
                visitors);
        db.execute("VACUUM ANALYZE consent_event");
        db.execute("CHECKPOINT");
    }
}
