package nl.waarborg.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import nl.waarborg.TestApi;
import nl.waarborg.TestCli;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Retention through the API against the real stores in the embedded PostgreSQL: a run removes what the register says
 * is due and nothing else, a legal hold keeps what it covers until it is lifted, a dry run changes nothing, every run
 * leaves immutable receipts in the audit trail, and an item under a running legal duty or a hold cannot be deleted by
 * hand. Runs here are limited to one category: other tests' data in the shared database is left alone.
 */
@WaarborgTest
class RetentionTests {

    static final String STATS = "website-statistics"; // P26M after collection, built-in store only
    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Amsterdam"));

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    DataSource dataSource;

    TestApi api;
    JdbcTemplate db;

    @BeforeEach
    void setUp() {
        TestRegisters.templateInForce(editor, registers);
        api = TestApi.withScopes(
                port,
                tokens,
                "subjects:read",
                "subjects:write",
                "retention:read",
                "retention:write",
                "register:read",
                "audit:read");
        db = new JdbcTemplate(dataSource);
    }

    // ------------------------------------------------------------------ helpers

    String subject(String name) {
        TestApi.Response org = api.post(
                "/api/v1/organisations",
                "{\"kind\":\"CONSUMER\",\"name\":\"" + name + "\",\"customerNumber\":\"RET-" + UUID.randomUUID()
                        + "\"}");
        assertThat(org.status()).as(org.body()).isEqualTo(201);
        TestApi.Response s = api.post(
                "/api/v1/subjects",
                "{\"displayName\":\"" + name + "\",\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"r-"
                        + UUID.randomUUID() + "@example.nl\"},{\"kind\":\"PHONE\",\"value\":\"+316"
                        + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L) + "\"}],\"roles\":[{\"role\":"
                        + "\"END_USER\",\"organisationId\":\""
                        + org.json().path("id").asString() + "\"}]}");
        assertThat(s.status()).as(s.body()).isEqualTo(201);
        return s.json().path("id").asString();
    }

    String record(String category, String dates, String subject) {
        TestApi.Response r = api.post(
                "/api/v1/subjects/records",
                "{\"category\":\"" + category + "\",\"subjectIds\":[\"" + subject + "\"]," + dates
                        + ",\"payload\":{\"note\":\"retention\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asString();
    }

    static String collected(String day) {
        return "\"collectedAt\":\"" + day + "T10:00:00Z\"";
    }

    boolean exists(String record) {
        return db.queryForObject("SELECT count(*) FROM store_record WHERE id = ?::uuid", Long.class, record) == 1;
    }

    String hold(String json) {
        TestApi.Response r = api.post("/api/v1/retention/holds", json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asString();
    }

    String holdOnSubject(String subject) {
        return hold("{\"scope\":\"SUBJECT\",\"targetId\":\"" + subject + "\",\"reason\":\"A complaint about the bill"
                + " is being handled\",\"reference\":\"KL-2026-017\",\"reviewOn\":\"" + TODAY.plusDays(30) + "\"}");
    }

    static JsonNode builtIn(JsonNode report) {
        for (JsonNode r : report.path("receipts")) {
            if ("built-in".equals(r.path("store").asString())) {
                return r;
            }
        }
        throw new AssertionError("no receipt for the built-in store in " + report);
    }

    JsonNode run(String path, String category) {
        TestApi.Response r = api.post("/api/v1/retention/" + path, "{\"category\":\"" + category + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aRunRemovesWhatIsDueKeepsWhatIsHeldAndLeavesImmutableReceipts() {
        String anna = subject("Anna Retentie");
        String bert = subject("Bert Blokkade");
        List<String> old = List.of(
                record(STATS, collected("2020-01-15"), anna),
                record(STATS, collected("2020-01-16"), anna),
                record(STATS, collected("2020-01-17"), anna));
        String held = record(STATS, collected("2020-01-15"), bert);
        String recent = record(STATS, collected(TODAY.minusMonths(25).toString()), anna);
        String hold = holdOnSubject(bert);

        JsonNode dry = run("dry-runs", STATS);
        assertThat(dry.path("runId").isNull()).isTrue();
        assertThat(builtIn(dry).path("removed").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(builtIn(dry).path("held").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(old).as("a dry run changes nothing").allMatch(this::exists);
        assertThat(db.queryForObject("SELECT count(*) FROM retention_receipt WHERE run_id IS NULL", Long.class))
                .isZero();

        JsonNode report = run("runs", STATS);
        String runId = report.path("runId").asString();
        JsonNode receipt = builtIn(report);
        assertThat(receipt.path("status").asString()).isEqualTo("DONE");
        assertThat(receipt.path("removed").asLong())
                .isEqualTo(builtIn(dry).path("removed").asLong());
        assertThat(receipt.path("held").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(receipt.path("rule").asString()).isEqualTo("P26M after collection");
        assertThat(receipt.path("cutoff").asString())
                .startsWith(TODAY.minusMonths(26).minusDays(1).toString());
        assertThat(old).noneMatch(this::exists);
        assertThat(exists(held)).as("the held person's record stays").isTrue();
        assertThat(exists(recent)).as("a record within its period stays").isTrue();

        // The proof: listed, as CSV, in the audit trail, and never changed.
        TestApi.Response listed = api.get("/api/v1/retention/receipts?run=" + runId);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().findValuesAsString("store")).contains("built-in");
        TestApi.Response csv = api.get("/api/v1/retention/receipts.csv?run=" + runId);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body())
                .startsWith("receipt,run,written_at,category,place")
                .contains(STATS + ",built-in,");
        String receiptId = receipt.path("id").asString();
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM audit_entry WHERE target_type = 'retention_receipt' AND target_id = ?",
                        Long.class,
                        receiptId))
                .isEqualTo(1);
        assertThatThrownBy(() -> db.update("UPDATE retention_receipt SET removed = 0 WHERE id = ?::uuid", receiptId))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.update("DELETE FROM retention_receipt WHERE id = ?::uuid", receiptId))
                .hasMessageContaining("append-only");

        // Lifted, the hold's record goes at the next run; a lifted hold cannot be lifted again.
        TestApi.Response lifted =
                api.post("/api/v1/retention/holds/" + hold + "/lift", "{\"reason\":\"The complaint was settled\"}");
        assertThat(lifted.status()).as(lifted.body()).isEqualTo(200);
        assertThat(lifted.json().path("liftedAt").isNull()).isFalse();
        assertThat(api.post("/api/v1/retention/holds/" + hold + "/lift", "{\"reason\":\"once more please\"}")
                        .status())
                .isEqualTo(409);
        run("runs", STATS);
        assertThat(exists(held)).isFalse();
        assertThat(exists(recent)).isTrue();
    }

    @Test
    void aRuleThatSaysAnonymiseKeepsTheRecordWithNothingThatPointsToAPerson() {
        String anonymising = TestRegisters.template()
                .replace(
                        "retention: {period: P26M, from: collection}",
                        "retention: {period: P26M, from: collection, then: anonymise}");
        TestRegisters.apply(editor, registers, anonymising, "tests: website statistics anonymised");
        try {
            String anna = subject("Kees Statistiek");
            String old = record(STATS, collected("2014-05-05") + ",\"reference\":\"visit-1\"", anna);
            JsonNode report = run("runs", STATS);
            assertThat(builtIn(report).path("rule").asString()).isEqualTo("P26M after collection, then anonymised");
            assertThat(builtIn(report).path("removed").asLong()).isGreaterThanOrEqualTo(1);
            var row = db.queryForMap(
                    "SELECT payload, reference, anonymised_at, collected_at, category FROM store_record WHERE id = ?::uuid",
                    old);
            assertThat(row.get("payload")).isNull();
            assertThat(row.get("reference")).isNull();
            assertThat(row.get("anonymised_at")).isNotNull();
            assertThat(row.get("category")).isEqualTo(STATS);
            assertThat(db.queryForObject(
                            "SELECT count(*) FROM store_record_subject WHERE record_id = ?::uuid", Long.class, old))
                    .isZero();
            assertThat(builtIn(run("dry-runs", STATS)).path("removed").asLong())
                    .as("an anonymised record is never due again")
                    .isZero();
            assertThat(registers
                            .current()
                            .orElseThrow()
                            .register()
                            .category(STATS)
                            .orElseThrow()
                            .retention()
                            .text()
                            .en())
                    .endsWith("then anonymised");
        } finally {
            TestRegisters.templateInForce(editor, registers);
        }
    }

    @Test
    void aMonthEndCountsToTheClampedDayAndTheDayAfterStays() {
        // mobile-notifications: three months after collection. 31 August + 3 months = 30 November (clamped).
        String anna = subject("Joost Maandeinde");
        String lastOfAugust = record("mobile-notifications", "\"collectedAt\":\"2026-08-31T21:30:00Z\"", anna);
        String firstOfSeptember = record("mobile-notifications", "\"collectedAt\":\"2026-08-31T22:30:00Z\"", anna);
        TestApi.Response r =
                api.post("/api/v1/retention/runs", "{\"category\":\"mobile-notifications\",\"asOf\":\"2026-11-30\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        // 21:30 UTC is 23:30 on 31 August in Amsterdam; 22:30 UTC is already 1 September there.
        assertThat(exists(lastOfAugust)).isFalse();
        assertThat(exists(firstOfSeptember)).isTrue();
    }

    @Test
    void aTimeRangeHoldKeepsItsDaysAndWhatFollowsWhileOlderItemsGo() {
        String anna = subject("Cor Periode");
        String before = record(STATS, collected("2019-01-10"), anna);
        String inside = record(STATS, collected("2019-02-10"), anna);
        String hold = hold("{\"scope\":\"TIME_RANGE\",\"category\":\"" + STATS + "\",\"from\":\"2019-02-01\","
                + "\"to\":\"2019-02-28\",\"reason\":\"Police demand for February's data\",\"reference\":\"PV-2019-2\","
                + "\"reviewOn\":\"" + TODAY.plusDays(7) + "\"}");
        JsonNode report = run("runs", STATS);
        assertThat(builtIn(report).path("asOf").asString()).isEqualTo("2021-03-31");
        assertThat(builtIn(report).path("detail").asString()).contains(hold);
        assertThat(exists(before)).isFalse();
        assertThat(exists(inside)).isTrue();
        api.post("/api/v1/retention/holds/" + hold + "/lift", "{\"reason\":\"The demand was withdrawn\"}");
        run("runs", STATS);
        assertThat(exists(inside)).isFalse();
    }

    @Test
    void aCategoryHoldSuspendsTheWholeCategoryInEveryPlace() {
        String anna = subject("Dirk Categorie");
        String old = record(STATS, collected("2018-05-01"), anna);
        String hold = hold("{\"scope\":\"CATEGORY\",\"category\":\"" + STATS + "\",\"reason\":\"Court case about the"
                + " statistics\",\"reference\":\"ECLI-2026-1\",\"reviewOn\":\"" + TODAY.plusMonths(3) + "\"}");
        JsonNode report = run("runs", STATS);
        assertThat(builtIn(report).path("status").asString()).isEqualTo("HELD");
        assertThat(builtIn(report).path("detail").asString()).contains(hold);
        assertThat(exists(old)).isTrue();
        api.post("/api/v1/retention/holds/" + hold + "/lift", "{\"reason\":\"The case is closed\"}");
        run("runs", STATS);
        assertThat(exists(old)).isFalse();
    }

    @Test
    void anInvoiceUnderTheFiscalDutyOrARecordUnderAHoldCannotBeDeletedByHand() {
        String anna = subject("Eva Factuur");
        String young = record("invoices", "\"invoiceDate\":\"" + TODAY.minusYears(1) + "\"", anna);
        TestApi.Response refused = api.delete("/api/v1/subjects/records/" + young);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("type").asString()).endsWith("retention-duty");
        assertThat(refused.json().path("detail").asString())
                .contains("invoices")
                .contains("Algemene wet inzake rijksbelastingen")
                .contains(TODAY.minusYears(1).plusYears(7).toString());
        assertThat(exists(young)).isTrue();

        String expired =
                record("invoices", "\"invoiceDate\":\"" + TODAY.minusYears(7).minusDays(1) + "\"", anna);
        assertThat(api.delete("/api/v1/subjects/records/" + expired).status()).isEqualTo(204);

        String ticket = record("support-tickets", collected("2026-11-01"), anna);
        String hold = holdOnSubject(anna);
        TestApi.Response held = api.delete("/api/v1/subjects/records/" + ticket);
        assertThat(held.status()).isEqualTo(409);
        assertThat(held.json().path("type").asString()).endsWith("legal-hold");
        assertThat(held.json().path("detail").asString())
                .contains(hold)
                .as("a hold's reference may be a confidential demand: not shown to whoever tries to delete")
                .doesNotContain("KL-2026-017");
        api.post("/api/v1/retention/holds/" + hold + "/lift", "{\"reason\":\"Handled and closed\"}");
        assertThat(api.delete("/api/v1/subjects/records/" + ticket).status()).isEqualTo(204);
    }

    @Test
    void badOrdersAndBadHoldsAreRefusedNamingTheField() {
        String anna = subject("Frits Fout");
        String tomorrow = TODAY.plusDays(1).toString();
        assertProblem(api.post("/api/v1/retention/runs", "{\"asOf\":\"" + tomorrow + "\"}"), 400, "asOf");
        assertThat(api.post(
                                "/api/v1/retention/dry-runs",
                                "{\"asOf\":\"" + tomorrow + "\",\"category\":\"" + STATS + "\"}")
                        .status())
                .as("a dry run may look ahead")
                .isEqualTo(200);
        assertProblem(api.post("/api/v1/retention/runs", "{\"category\":\"no-such-category\"}"), 404, "category");
        String valid = "\"reason\":\"A dispute\",\"reference\":\"D-1\",\"reviewOn\":\"" + TODAY.plusDays(10) + "\"";
        assertProblem(api.post("/api/v1/retention/holds", "{" + valid + "}"), 400, "scope");
        assertProblem(api.post("/api/v1/retention/holds", "{\"scope\":\"PLANET\"," + valid + "}"), 400, "scope");
        assertProblem(api.post("/api/v1/retention/holds", "{\"scope\":\"SUBJECT\"," + valid + "}"), 400, "targetId");
        assertProblem(
                api.post(
                        "/api/v1/retention/holds",
                        "{\"scope\":\"SUBJECT\",\"targetId\":\"" + UUID.randomUUID() + "\"," + valid + "}"),
                404,
                "targetId");
        assertProblem(
                api.post(
                        "/api/v1/retention/holds",
                        "{\"scope\":\"SUBJECT\",\"targetId\":\"" + anna + "\",\"reference\":\"D-1\",\"reviewOn\":\""
                                + TODAY.plusDays(10) + "\"}"),
                400,
                "reason");
        assertProblem(
                api.post(
                        "/api/v1/retention/holds",
                        "{\"scope\":\"SUBJECT\",\"targetId\":\"" + anna
                                + "\",\"reason\":\"x\",\"reference\":\"D-1\",\"reviewOn\":\"" + TODAY.minusDays(1)
                                + "\"}"),
                400,
                "reviewOn");
        assertProblem(
                api.post(
                        "/api/v1/retention/holds",
                        "{\"scope\":\"TIME_RANGE\",\"from\":\"2020-03-01\",\"to\":" + "\"2020-02-01\"," + valid + "}"),
                400,
                "to");
        assertProblem(
                api.post(
                        "/api/v1/retention/holds",
                        "{\"scope\":\"SUBJECT\",\"targetId\":\"" + anna + "\",\"category\":\"" + STATS + "\"," + valid
                                + "}"),
                400,
                "category");
        assertProblem(
                api.post(
                        "/api/v1/retention/holds",
                        "{\"scope\":\"CATEGORY\",\"targetId\":\"" + anna + "\",\"category\":\"" + STATS + "\"," + valid
                                + "}"),
                400,
                "targetId");
        assertProblem(
                api.post("/api/v1/retention/holds", "{\"scope\":\"CATEGORY\",\"category\":\"nope\"," + valid + "}"),
                404,
                "category");
        assertThat(db.queryForObject("SELECT count(*) FROM retention_hold WHERE reference = 'D-1'", Long.class))
                .as("nothing half-stored")
                .isZero();
    }

    @Test
    void oneRunAtATime() throws Exception {
        try (Connection other = dataSource.getConnection();
                PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, 0x5761_6172_5265_7431L);
            lock.execute();
            try {
                TestApi.Response busy = api.post("/api/v1/retention/runs", "{\"category\":\"" + STATS + "\"}");
                assertThat(busy.status()).isEqualTo(409);
                assertThat(busy.json().path("type").asString()).endsWith("run-in-progress");
                assertThat(api.post("/api/v1/retention/dry-runs", "{\"category\":\"" + STATS + "\"}")
                                .status())
                        .as("a dry run needs no lock")
                        .isEqualTo(200);
            } finally {
                try (PreparedStatement unlock = other.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    unlock.setLong(1, 0x5761_6172_5265_7431L);
                    unlock.execute();
                }
            }
        }
        assertThat(api.post("/api/v1/retention/runs", "{\"category\":\"" + STATS + "\"}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void statusListsEveryCategoryWithItsRuleAndCountsWhatIsDueOnRequest() {
        TestApi.Response plain = api.get("/api/v1/retention/status");
        assertThat(plain.status()).isEqualTo(200);
        JsonNode categories = plain.json().path("categories");
        assertThat(categories.size()).isEqualTo((int)
                registers.current().orElseThrow().register().categories().count());
        JsonNode stats = null;
        for (JsonNode c : categories) {
            if (STATS.equals(c.path("key").asString())) {
                stats = c;
            }
        }
        assertThat(stats).isNotNull();
        assertThat(stats.path("enforceable").asBoolean()).isTrue();
        assertThat(stats.path("places").toString()).contains("built-in");
        assertThat(stats.path("cutoffDay").asString())
                .isEqualTo(TODAY.minusMonths(26).toString());
        assertThat(stats.path("due").isNull()).as("not counted unless asked").isTrue();

        String anna = subject("Gijs Telling");
        record(STATS, collected("2015-06-01"), anna);
        TestApi.Response counted = api.get("/api/v1/retention/status?count=true");
        assertThat(counted.status()).isEqualTo(200);
        long due = 0;
        for (JsonNode c : counted.json().path("categories")) {
            if (STATS.equals(c.path("key").asString())) {
                due = c.path("due").asLong();
            }
        }
        assertThat(due).isGreaterThanOrEqualTo(1);
        TestApi.Response metrics =
                TestApi.withScopes(port, tokens, "system:read").get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("waarborg_retention_overdue_items{category=\"" + STATS + "\"}");
    }

    @Test
    void theCliRunsShowsAndHolds() {
        String anna = subject("Hanna Cli");
        String old = record(STATS, collected("2016-03-01"), anna);
        String token = api.token();
        TestCli.Run dry = TestCli.remote(port, token, "retention", "run", "--dry-run", "--category", STATS);
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains(STATS).contains("built-in").contains("Nothing was changed");
        assertThat(exists(old)).isTrue();
        TestCli.Run future = TestCli.remote(
                port, token, "retention", "run", "--as-of", TODAY.plusDays(2).toString());
        assertThat(future.exit()).isEqualTo(2);
        TestCli.Run held = TestCli.remote(
                port,
                token,
                "retention",
                "hold",
                "place",
                "--subject",
                anna,
                "--reason",
                "Dispute about a cancelled contract",
                "--reference",
                "GS-7",
                "--review-on",
                TODAY.plusDays(14).toString(),
                "--json");
        assertThat(held.exit()).as(held.err()).isZero();
        String hold = TestApi.JSON.readTree(held.out()).path("id").asString();
        TestCli.Run run = TestCli.remote(port, token, "retention", "run", "--category", STATS);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(exists(old)).isTrue();
        assertThat(TestCli.remote(port, token, "retention", "hold", "list").out())
                .contains(hold)
                .contains("GS-7");
        assertThat(TestCli.remote(port, token, "retention", "hold", "lift", hold, "--reason", "Settled")
                        .exit())
                .isZero();
        TestCli.remote(port, token, "retention", "run", "--category", STATS);
        assertThat(exists(old)).isFalse();
        TestCli.Run receipts = TestCli.remote(port, token, "retention", "receipts", "--category", STATS, "--json");
        assertThat(receipts.exit()).isZero();
        assertThat(TestApi.JSON.readTree(receipts.out()).size()).isGreaterThanOrEqualTo(2);
        TestCli.Run status = TestCli.remote(port, token, "retention", "status");
        assertThat(status.out()).contains(STATS).contains("P26M after collection");
        TestCli.Run bad = TestCli.remote(
                port,
                token,
                "retention",
                "hold",
                "place",
                "--subject",
                anna,
                "--category",
                STATS,
                "--reason",
                "x",
                "--reference",
                "y",
                "--review-on",
                TODAY.plusDays(1).toString());
        assertThat(bad.exit()).isEqualTo(2);
    }

    @Test
    void aShorterPeriodIsPreviewedPerPlaceBeforeItIsApplied(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String anna = subject("Ina Inkorting");
        // 14 months old: kept under 26 months, due under 12.
        String middle = record(STATS, collected(TODAY.minusMonths(14).toString()), anna);
        String shorter = TestRegisters.template()
                .replace("retention: {period: P26M, from: collection}", "retention: {period: P12M, from: collection}");
        assertThat(shorter).isNotEqualTo(TestRegisters.template());
        int version = registers.current().orElseThrow().number();

        TestApi.Response impact = api.post(
                "/api/v1/retention/impact",
                "application/yaml",
                shorter.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(impact.status()).as(impact.body()).isEqualTo(200);
        JsonNode changes = impact.json().path("changes");
        assertThat(changes.size()).isEqualTo(1);
        JsonNode change = changes.get(0);
        assertThat(change.path("category").asString()).isEqualTo(STATS);
        assertThat(change.path("currentRule").asString()).isEqualTo("P26M after collection");
        assertThat(change.path("newRule").asString()).isEqualTo("P12M after collection");
        JsonNode place = change.path("places").get(0);
        assertThat(place.path("store").asString()).isEqualTo("built-in");
        assertThat(place.path("next").asLong()).isGreaterThan(place.path("now").asLong());

        java.nio.file.Path file = dir.resolve("register.yaml");
        java.nio.file.Files.writeString(file, shorter);
        TestCli.Run cli = TestCli.remote(port, api.token(), "register", "apply", file.toString(), "--dry-run");
        assertThat(cli.exit()).as(cli.err()).isZero();
        assertThat(cli.out())
                .contains("built-in (" + STATS + "): P12M after collection instead of P26M after collection")
                .contains("nothing was applied");
        assertThat(registers.current().orElseThrow().number())
                .as("nothing applied")
                .isEqualTo(version);
        assertThat(exists(middle)).as("nothing deleted").isTrue();

        TestApi.Response broken = api.post(
                "/api/v1/retention/impact",
                "application/yaml",
                "categories: [".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.contentType()).startsWith("application/problem+json");
    }

    /** A subject at an organisation of its own; answers {subject, organisation}. */
    String[] subjectAt(String name) {
        TestApi.Response org = api.post(
                "/api/v1/organisations",
                "{\"kind\":\"BUSINESS\",\"name\":\"" + name + " BV\",\"customerNumber\":\"CL-" + UUID.randomUUID()
                        + "\"}");
        String orgId = org.json().path("id").asString();
        TestApi.Response s = api.post(
                "/api/v1/subjects",
                "{\"displayName\":\"" + name + "\",\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"k-"
                        + UUID.randomUUID() + "@example.nl\"}],\"roles\":[{\"role\":\"KEYHOLDER\",\"organisationId\":\""
                        + orgId + "\"}]}");
        assertThat(s.status()).as(s.body()).isEqualTo(201);
        return new String[] {s.json().path("id").asString(), orgId};
    }

    @Test
    void aClientOrganisationsOwnPeriodIsEnforcedForItsDataOnlyAndNeverAboveTheMaximum() {
        String events = "alarm-events"; // set by the client: default P1Y, at most P3Y, from collection
        String[] shortChoice = subjectAt("Kort Alarm");
        String[] longChoice = subjectAt("Lang Alarm");
        String[] none = subjectAt("Standaard Alarm");
        String eightMonths = collected(TODAY.minusMonths(8).toString());
        String twentyMonths = collected(TODAY.minusMonths(20).toString());
        String shortRecord =
                record(events, eightMonths + ",\"organisationId\":\"" + shortChoice[1] + "\"", shortChoice[0]);
        String longRecord =
                record(events, twentyMonths + ",\"organisationId\":\"" + longChoice[1] + "\"", longChoice[0]);
        String defaultYoung = record(events, eightMonths + ",\"organisationId\":\"" + none[1] + "\"", none[0]);
        String defaultOld = record(events, twentyMonths + ",\"organisationId\":\"" + none[1] + "\"", none[0]);

        String choice = "{\"organisationId\":\"%s\",\"category\":\"" + events + "\",\"period\":\"%s\","
                + "\"chosenOn\":\"" + TODAY.minusDays(3) + "\",\"instructionReference\":\"Brief 2026-118\"}";
        TestApi.Response tooLong = api.post("/api/v1/retention/client-periods", choice.formatted(longChoice[1], "P4Y"));
        assertThat(tooLong.status()).as(tooLong.body()).isEqualTo(409);
        assertThat(tooLong.json().path("detail").asString()).contains("P4Y").contains("maximum of P3Y");
        assertProblem(
                api.post("/api/v1/retention/client-periods", choice.formatted(longChoice[1], "two years")),
                400,
                "period");
        assertProblem(
                api.post(
                        "/api/v1/retention/client-periods",
                        "{\"organisationId\":\"" + longChoice[1] + "\",\"category\":\"" + STATS
                                + "\",\"period\":\"P1Y\"," + "\"chosenOn\":\"" + TODAY
                                + "\",\"instructionReference\":\"x\"}"),
                400,
                "category");
        TestApi.Response set = api.post("/api/v1/retention/client-periods", choice.formatted(shortChoice[1], "P6M"));
        assertThat(set.status()).as(set.body()).isEqualTo(201);
        assertThat(api.post("/api/v1/retention/client-periods", choice.formatted(longChoice[1], "P2Y"))
                        .status())
                .isEqualTo(201);

        JsonNode report = run("runs", events);
        assertThat(exists(shortRecord)).as("due under the client's six months").isFalse();
        assertThat(exists(longRecord)).as("kept under the client's two years").isTrue();
        assertThat(exists(defaultYoung))
                .as("within the register's default year")
                .isTrue();
        assertThat(exists(defaultOld)).as("past the register's default year").isFalse();
        List<String> rules = report.path("receipts").findValuesAsString("rule");
        assertThat(rules)
                .contains(
                        "P6M after collection (set by the client organisation)",
                        "P2Y after collection (set by the client organisation)");
        assertThat(report.path("receipts").findValuesAsString("organisation")).contains(shortChoice[1], longChoice[1]);

        // A new choice supersedes the old one; the history keeps both.
        api.post("/api/v1/retention/client-periods", choice.formatted(longChoice[1], "P1M"));
        JsonNode history =
                api.get("/api/v1/retention/client-periods?history=true").json();
        long ofLong = 0;
        for (JsonNode c : history) {
            if (longChoice[1].equals(c.path("organisationId").asString())) {
                ofLong++;
            }
        }
        assertThat(ofLong).isEqualTo(2);
        run("runs", events);
        assertThat(exists(longRecord)).isFalse();
    }

    static void assertProblem(TestApi.Response r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        String fields = r.json().findValuesAsString("field").stream().collect(Collectors.joining(","));
        assertThat(r.json().path("field").asString() + fields).as(r.body()).contains(field);
    }
}
