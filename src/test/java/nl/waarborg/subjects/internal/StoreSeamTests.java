package nl.waarborg.subjects.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import nl.waarborg.TestApi;
import nl.waarborg.TestCli;
import nl.waarborg.TestDatabases;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.audit.AuditEntry;
import nl.waarborg.audit.AuditQuery;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.DataStore;
import nl.waarborg.subjects.DataStores;
import nl.waarborg.subjects.Erasure;
import nl.waarborg.subjects.Exclusions;
import nl.waarborg.subjects.Expiry;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.StoreResult;
import nl.waarborg.subjects.StoreResult.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

/**
 * Every place personal data lives behind one seam, against real parts: the built-in store, the call recordings and
 * the traffic data in the embedded PostgreSQL, a connected system in a second PostgreSQL database and one that cannot
 * be reached. A caller who is no customer is found too; erasure and expiry are idempotent by operation id and count
 * every item once, also when a run is cut off.
 */
@WaarborgTest
class StoreSeamTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    DataStores stores;

    @Autowired
    BuiltInStore builtIn;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    AuditTrail audit;

    @Autowired
    DataSource waarborg;

    TestApi api;
    JdbcTemplate db;
    String mobile;
    String national;

    @BeforeEach
    void setUp() {
        api = TestApi.withScopes(
                port, tokens, "subjects:read", "subjects:write", "register:read", "register:write", "audit:read");
        db = new JdbcTemplate(waarborg);
        long n = ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
        mobile = "+316" + n;
        national = "06 " + n;
    }

    @AfterEach
    void noExecutionHooksLeft() {
        builtIn.batchSize = BuiltInStore.BATCH;
        builtIn.afterBatch = () -> {};
    }

    // ------------------------------------------------------------------ helpers

    void ingestCalls(String number, String... starts) {
        StringBuilder jsonl = new StringBuilder();
        for (String start : starts) {
            jsonl.append("{\"id\": \"")
                    .append(UUID.randomUUID())
                    .append("\", \"start\": \"")
                    .append(start)
                    .append("\", \"calling\": \"")
                    .append(number)
                    .append("\", \"called\": \"+31207000100\", \"duration\": 40, \"disposition\": \"ANSWERED\"}\n");
        }
        TestApi.Response r = api.post(
                "/api/v1/traffic/cdr?format=jsonl",
                "application/x-ndjson",
                jsonl.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("added").asLong()).isEqualTo(starts.length);
    }

    String recording(String caller, String startedAt) {
        TestApi.Response r = api.post(
                "/api/v1/subjects/recordings?callId=seam-" + UUID.randomUUID() + "&caller=" + caller.replace("+", "%2B")
                        + "&callee=%2B31207000100&startedAt=" + startedAt,
                "audio/wav",
                DemoData.silence());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asString();
    }

    String subject(String name, String email) {
        return subject(name, email, national);
    }

    /** A subject of their own organisation, with a phone number and an e-mail address. */
    String subject(String name, String email, String phone) {
        TestApi.Response org = api.post(
                "/api/v1/organisations",
                "{\"kind\":\"CONSUMER\",\"name\":\"" + name + "\",\"customerNumber\":\"SEAM-" + UUID.randomUUID()
                        + "\"}");
        assertThat(org.status()).as(org.body()).isEqualTo(201);
        TestApi.Response s = api.post(
                "/api/v1/subjects",
                "{\"displayName\":\"" + name + "\",\"identifiers\":[{\"kind\":\"PHONE\",\"value\":\"" + phone
                        + "\"},{\"kind\":\"EMAIL\",\"value\":\"" + email + "\"}],\"roles\":[{\"role\":\"END_USER\","
                        + "\"organisationId\":\"" + org.json().path("id").asString() + "\"}]}");
        assertThat(s.status()).as(s.body()).isEqualTo(201);
        return s.json().path("id").asString();
    }

    String record(String category, String extraJson, String... subjectIds) {
        String ids =
                java.util.Arrays.stream(subjectIds).map(id -> "\"" + id + "\"").collect(Collectors.joining(","));
        TestApi.Response r = api.post(
                "/api/v1/subjects/records",
                "{\"category\":\"" + category + "\",\"subjectIds\":[" + ids + "]"
                        + (extraJson == null ? "" : "," + extraJson) + ",\"payload\":{\"note\":\"seam\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asString();
    }

    static String otherPhone() {
        return "+316" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
    }

    static Map<String, StoreResult> byStore(List<StoreResult> results) {
        return results.stream().collect(Collectors.toMap(StoreResult::store, Function.identity()));
    }

    DataHolder holder(String subjectId, String email) {
        return DataHolder.subject(
                UUID.fromString(subjectId),
                List.of(new Identifier(IdentifierKind.PHONE, mobile), new Identifier(IdentifierKind.EMAIL, email)));
    }

    void templateInForce() {
        TestRegisters.templateInForce(editor, registers);
    }

    // ------------------------------------------------------------------ find

    @Test
    void aCallerWhoIsNoCustomerIsFoundInTrafficAndRecordingsAndAuditedByHashOnly() {
        long before = audit.count();
        ingestCalls(mobile, "2026-11-02T09:00:00+01:00", "2026-11-03T09:00:00+01:00", "2026-11-04T09:00:00+01:00");
        recording(mobile, "2026-11-03T08:00:00Z");

        DataHolder caller = DataHolder.unregistered(List.of(new Identifier(IdentifierKind.PHONE, national)));
        Map<String, StoreResult> found = byStore(stores.find(caller, DataStores.OWN, "seam-test"));
        assertThat(found.get("traffic").status()).isEqualTo(Status.DONE);
        assertThat(found.get("traffic").count()).isEqualTo(3);
        assertThat(found.get("recordings").count()).isEqualTo(1);
        assertThat(found.get("built-in").status())
                .as("the built-in store holds records of registered subjects only")
                .isEqualTo(Status.SKIPPED);

        // The API, the CLI and the console answer the same for a number no subject has.
        JsonNode overview = api.get("/api/v1/subjects/unregistered?identifier=" + national.replace(" ", "%20")
                        + "&purpose=seam-test")
                .json();
        assertThat(overview.path("found").asBoolean()).isTrue();
        assertThat(overview.path("registered").asBoolean()).isFalse();
        assertThat(overview.path("traffic").path("total").asLong()).isEqualTo(3);
        assertThat(overview.path("recordings")).hasSize(1);
        TestCli.Run cli = TestCli.remote(port, api.token(), "subject", "find", mobile);
        assertThat(cli.exit()).as(cli.err()).isZero();
        assertThat(cli.out())
                .contains("No registered subject, but data is kept under this identifier")
                .contains("newest 3 of 3 calls")
                .contains("2026-11-04T08:00:00Z");
        TestCli.Run nothing = TestCli.remote(port, api.token(), "subject", "find", "+31612000000");
        assertThat(nothing.exit()).isEqualTo(1);
        assertThat(nothing.out()).contains("nothing is kept under this identifier");

        // Every look was audited by a hash of the identifiers, never the number itself.
        List<AuditEntry> entries =
                audit.find(new AuditQuery(null, null, null, null, null, null, null, null, null, 500)).stream()
                        .filter(e -> e.id() > before)
                        .toList();
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.targetType()).isEqualTo("data_store");
            assertThat(e.targetId()).isEqualTo("traffic");
            assertThat(e.details().get("holder")).startsWith("identifiers-sha256:");
        });
        String digits = mobile.substring(4);
        assertThat(entries).allSatisfy(e -> assertThat(e.toString()).doesNotContain(digits));
    }

    // ------------------------------------------------------------------ erase

    @Test
    void erasureWorksInEveryPlaceOnceAndAFailingSystemFailsAlone() throws Exception {
        String billingUrl = TestDatabases.create(waarborg, "seam");
        JdbcTemplate billing = new JdbcTemplate(new DriverManagerDataSource(billingUrl, "postgres", null));
        String email = "seam-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
        billing.execute("CREATE TABLE customer (id serial PRIMARY KEY, email text, created_at timestamptz NOT NULL)");
        billing.update(
                "INSERT INTO customer (email, created_at) VALUES (?, now()), ('other@example.nl', now())", email);
        try {
            TestRegisters.apply(
                    editor, registers, TestRegisters.template() + """

                            systems:
                              - key: seam-billing
                                name: Facturatie
                                type: sql
                                categories: [customer-contacts]
                                url: %s
                                username: postgres
                                tables:
                                  customers: {table: customer, category: customer-contacts, identity: {email: email},
                                              key: id, timestamp: created_at}
                              - key: seam-crm
                                name: CRM dat niet antwoordt
                                type: http
                                categories: [customer-contacts]
                                baseUrl: http://127.0.0.1:9/privacy
                                maxAttempts: 1
                            """.formatted(billingUrl), "seam test systems");

            String anna = subject("Anna Seam", email);
            String other = subject("Bert Seam", "b-" + email, otherPhone());
            String own = record("user.device.device_id", null, anna);
            String shared = record("user.device.device_id", null, anna, other);
            String recording = recording(mobile, "2026-11-05T08:00:00Z");
            ingestCalls(mobile, "2026-11-05T10:00:00+01:00", "2026-11-06T10:00:00+01:00");

            String operation = "seam-erase-" + UUID.randomUUID();
            long auditBefore = audit.count();
            Map<String, StoreResult> first =
                    byStore(stores.erase(holder(anna, email), Erasure.everything(operation), "request:R-seam"));
            assertThat(first.get("built-in").affected())
                    .as("one deleted, one unlinked")
                    .isEqualTo(2);
            assertThat(first.get("recordings").affected()).isEqualTo(1);
            assertThat(first.get("traffic").affected()).isEqualTo(2);
            assertThat(first.get("seam-billing").status()).isEqualTo(Status.DONE);
            assertThat(first.get("seam-billing").affected()).isEqualTo(1);
            assertThat(first.get("seam-crm").status()).isEqualTo(Status.FAILED);
            assertThat(first.get("seam-crm").detail()).contains("seam-crm").doesNotContain(email);

            assertThat(db.queryForObject("SELECT count(*) FROM store_record WHERE id = ?::uuid", Long.class, own))
                    .isZero();
            assertThat(db.queryForList(
                            "SELECT subject_id::text FROM store_record_subject WHERE record_id = ?::uuid",
                            String.class,
                            shared))
                    .as("the record shared with Bert stays his")
                    .containsExactly(other);
            assertThat(db.queryForObject(
                            "SELECT count(*) FROM call_recording WHERE id = ?::uuid", Long.class, recording))
                    .isZero();
            assertThat(db.queryForObject(
                            "SELECT count(*) FROM traffic_cdr WHERE calling_number = traffic_number(?)",
                            Long.class,
                            mobile))
                    .isZero();
            assertThat(db.queryForObject(
                            "SELECT count(*) FROM traffic_cdr WHERE called_number = 31207000100"
                                    + " AND calling_number IS NULL AND call_start >= '2026-11-05'"
                                    + " AND call_start < '2026-11-07'",
                            Long.class))
                    .as("the calls stay, without her number")
                    .isGreaterThanOrEqualTo(2);
            assertThat(billing.queryForList("SELECT email FROM customer", String.class))
                    .containsExactly("other@example.nl");

            // The same operation again: the places that finished answer from the ledger and do nothing; the failed
            // system is asked again.
            Map<String, StoreResult> again =
                    byStore(stores.erase(holder(anna, email), Erasure.everything(operation), "request:R-seam"));
            assertThat(again.get("built-in").affected()).isEqualTo(2);
            assertThat(again.get("traffic").affected()).isEqualTo(2);
            assertThat(again.get("seam-billing").affected()).isEqualTo(1);
            assertThat(again.get("seam-crm").status()).isEqualTo(Status.FAILED);
            List<AuditEntry> entries =
                    audit.find(new AuditQuery(null, null, null, null, null, null, null, null, null, 500)).stream()
                            .filter(e -> e.id() > auditBefore && "data_store".equals(e.targetType()))
                            .toList();
            assertThat(entries.stream().filter(e -> e.targetId().equals("built-in")))
                    .as("a replayed operation reads the ledger; it erases (and audits) nothing again")
                    .hasSize(1);
            assertThat(entries.stream().filter(e -> e.targetId().equals("seam-crm")))
                    .hasSize(2);
            assertThat(entries).allSatisfy(e -> {
                assertThat(e.details()).containsEntry("operation", operation);
                assertThat(e.subjectId()).isEqualTo(anna);
                assertThat(e.toString()).doesNotContain(email).doesNotContain(mobile.substring(4));
            });
        } finally {
            templateInForce();
        }
    }

    // ------------------------------------------------------------------ expire

    @Test
    void anExpiryCutOffBetweenBatchesFinishesOnTheNextRunAndCountsEachRecordOnce() {
        templateInForce();
        DataCategory category = registers
                .current()
                .orElseThrow()
                .register()
                .category("website-statistics")
                .orElseThrow();
        String anna = subject("Expiry Seam", "x-" + UUID.randomUUID() + "@example.nl");
        String held = subject("Held Seam", "h-" + UUID.randomUUID() + "@example.nl", otherPhone());
        String collected = "\"collectedAt\":\"2001-01-15T10:00:00Z\"";
        List<String> due = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            due.add(record("website-statistics", collected, anna));
        }
        String kept = record("website-statistics", collected, held);
        String recent = record("website-statistics", "\"collectedAt\":\"2026-11-30T10:00:00Z\"", anna);

        String operation = "seam-expire-" + UUID.randomUUID();
        Expiry expiry = new Expiry(
                category,
                LocalDate.of(2026, 12, 4),
                new Exclusions(Set.of(UUID.fromString(held)), Set.of(), Set.of(), Set.of()),
                operation,
                false);

        // A dry run counts and changes nothing.
        StoreResult dry = byStore(stores.expire(
                        new Expiry(category, expiry.asOf(), expiry.exclusions(), operation + "-dry", true)))
                .get("built-in");
        assertThat(dry.affected()).isGreaterThanOrEqualTo(7);
        assertThat(dry.excluded()).isEqualTo(1);
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM store_record WHERE id = ANY (?::uuid[])", Long.class, (Object)
                                due.toArray(String[]::new)))
                .isEqualTo(7);

        // The first run dies after its second batch of three.
        builtIn.batchSize = 3;
        int[] batches = {0};
        builtIn.afterBatch = () -> {
            if (++batches[0] == 2) {
                throw new IllegalStateException("the process died");
            }
        };
        StoreResult cut = byStore(stores.expire(expiry)).get("built-in");
        assertThat(cut.status()).isEqualTo(Status.FAILED);
        long left =
                db.queryForObject("SELECT count(*) FROM store_record WHERE id = ANY (?::uuid[])", Long.class, (Object)
                        due.toArray(String[]::new));
        assertThat(left).as("the two committed batches are gone").isLessThanOrEqualTo(1);

        // The run again with the same operation id finishes the work; the ledger counts each record once.
        builtIn.afterBatch = () -> {};
        StoreResult finished = byStore(stores.expire(expiry)).get("built-in");
        assertThat(finished.status()).isEqualTo(Status.DONE);
        assertThat(finished.affected()).isEqualTo(dry.affected());
        assertThat(finished.excluded()).isEqualTo(1);
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM store_record WHERE id = ANY (?::uuid[])", Long.class, (Object)
                                due.toArray(String[]::new)))
                .isZero();
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM store_record WHERE id IN (?::uuid, ?::uuid)", Long.class, kept, recent))
                .as("the held record and the one not yet due stay")
                .isEqualTo(2);
        // Once done, the operation is answered from the ledger: nothing runs again.
        assertThat(byStore(stores.expire(expiry)).get("built-in").affected()).isEqualTo(finished.affected());
    }

    @Test
    void trafficExpiresByTheAmsterdamDayOfEachCallAndKeepsHeldNumbers() {
        templateInForce();
        DataCategory traffic = registers
                .current()
                .orElseThrow()
                .register()
                .category("traffic-data")
                .orElseThrow();
        String held = "+316" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
        // 23:30 UTC on 20 March is 00:30 on 21 March in Amsterdam (CET): that call lies in the 21 March partition.
        ingestCalls(mobile, "2010-03-20T10:00:00Z", "2010-03-20T23:30:00Z", "2010-03-21T10:00:00Z");
        ingestCalls(held, "2010-03-20T11:00:00Z");
        // The rule keeps traffic data six months: on 20 September only the calls of 20 March (Amsterdam) are due.
        LocalDate asOf = LocalDate.of(2010, 3, 20).plus(traffic.retention().period());
        Expiry expiry = new Expiry(
                traffic,
                asOf,
                new Exclusions(Set.of(), Set.of(), Set.of(), Set.of(new Identifier(IdentifierKind.PHONE, held))),
                "seam-traffic-" + UUID.randomUUID(),
                false);
        StoreResult result = byStore(stores.expire(expiry)).get("traffic");
        assertThat(result.status()).as(result.detail()).isEqualTo(Status.DONE);
        assertThat(result.excluded()).isEqualTo(1);
        assertThat(db.queryForList(
                        "SELECT call_start::text FROM traffic_cdr WHERE calling_number = traffic_number(?) ORDER BY call_start",
                        String.class,
                        mobile))
                .as("00:30 on 21 March in Amsterdam is not due yet, although it was 20 March in UTC")
                .containsExactly("2010-03-20 23:30:00+00", "2010-03-21 10:00:00+00");
        assertThat(db.queryForObject("SELECT count(*) FROM traffic_cdr_p20100321", Long.class))
                .isEqualTo(2);
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM traffic_cdr WHERE calling_number = traffic_number(?)", Long.class, held))
                .isEqualTo(1);
    }

    @Test
    void aDroppedDayIsCountedFromTheCountKeptAtEveryInsertAndDelete() {
        templateInForce();
        DataCategory traffic = registers
                .current()
                .orElseThrow()
                .register()
                .category("traffic-data")
                .orElseThrow();
        String number = "+316" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
        StringBuilder jsonl = new StringBuilder();
        for (String start : new String[] {"2009-05-10T08:00:00Z", "2009-05-10T12:00:00Z", "2009-05-10T23:30:00Z"}) {
            jsonl.append("{\"id\": \"")
                    .append(UUID.randomUUID())
                    .append("\", \"start\": \"")
                    .append(start)
                    .append("\", \"calling\": \"")
                    .append(number)
                    .append("\"}\n");
        }
        byte[] file = jsonl.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(api.post("/api/v1/traffic/cdr?format=jsonl", "application/x-ndjson", file)
                        .json()
                        .path("added")
                        .asLong())
                .isEqualTo(3);
        // The same file again adds nothing, and the day's count must not grow with the duplicates.
        assertThat(api.post("/api/v1/traffic/cdr?format=jsonl", "application/x-ndjson", file)
                        .json()
                        .path("duplicates")
                        .asLong())
                .isEqualTo(3);
        // 23:30 UTC on 10 May is 01:30 on 11 May in Amsterdam (CEST): counted, and stored, with 11 May.
        assertThat(db.queryForObject("SELECT rows FROM traffic_day_rows WHERE day = '2009-05-10'", Long.class))
                .isEqualTo(2);
        assertThat(db.queryForObject("SELECT rows FROM traffic_day_rows WHERE day = '2009-05-11'", Long.class))
                .isEqualTo(1);
        // As of the day the Amsterdam 10 May is due, 11 May is not: 10 May's partition is dropped whole.
        LocalDate boundary = LocalDate.of(2009, 5, 10).plus(traffic.retention().period());
        String due = "((call_start AT TIME ZONE 'Europe/Amsterdam')::date + ?::interval)::date <= ?";
        String period = traffic.retention().period().toString();
        long expected =
                db.queryForObject("SELECT count(*) FROM traffic_cdr WHERE " + due, Long.class, period, boundary);
        StoreResult first = byStore(stores.expire(
                        new Expiry(traffic, boundary, Exclusions.NONE, "seam-count-" + UUID.randomUUID(), false)))
                .get("traffic");
        assertThat(first.affected()).as(first.detail()).isEqualTo(expected).isEqualTo(2);
        assertThat(db.queryForObject("SELECT to_regclass('traffic_cdr_p20090510') IS NULL", Boolean.class))
                .isTrue();
        assertThat(db.queryForObject("SELECT rows FROM traffic_day_rows WHERE day = '2009-05-11'", Long.class))
                .isEqualTo(1);
        // A count lost (a partition filled around the triggers) is taken from the rows: the receipt stays exact.
        db.update("DELETE FROM traffic_day_rows WHERE day = '2009-05-11'");
        LocalDate whole = boundary.plusDays(1);
        long rest = db.queryForObject("SELECT count(*) FROM traffic_cdr WHERE " + due, Long.class, period, whole);
        StoreResult second = byStore(stores.expire(
                        new Expiry(traffic, whole, Exclusions.NONE, "seam-count-" + UUID.randomUUID(), false)))
                .get("traffic");
        assertThat(second.affected()).isEqualTo(rest).isPositive();
        assertThat(db.queryForObject("SELECT count(*) FROM traffic_day_rows WHERE day <= '2009-05-11'", Long.class))
                .as("a dropped day takes its count with it")
                .isZero();
        // SQL aimed at a partition table itself is counted by the partition's own triggers.
        ingestCalls(number, "2009-06-01T10:00:00Z");
        db.update("INSERT INTO traffic_cdr_p20090601 (call_start, record_id, import_no)"
                + " VALUES ('2009-06-01 11:00:00+00', 11, 0), ('2009-06-01 12:00:00+00', 12, 0)");
        db.update("DELETE FROM traffic_cdr_p20090601 WHERE call_start = '2009-06-01 11:00:00+00'");
        assertThat(db.queryForObject("SELECT rows FROM traffic_day_rows WHERE day = '2009-06-01'", Long.class))
                .isEqualTo(db.queryForObject("SELECT count(*) FROM traffic_cdr_p20090601", Long.class));
        assertThat(db.queryForObject("""
                        SELECT count(*) FROM traffic_day_rows r
                          FULL JOIN (SELECT (call_start AT TIME ZONE 'Europe/Amsterdam')::date AS day, count(*) AS n
                                       FROM traffic_cdr GROUP BY 1) c USING (day)
                         WHERE coalesce(r.rows, 0) <> coalesce(c.n, 0)
                        """, Long.class))
                .as("every day's count matches its rows")
                .isZero();
    }

    @Test
    void anOperationIdIsRequiredAndAnUnexecutableRuleIsRefused() {
        templateInForce();
        DataCategory category = registers
                .current()
                .orElseThrow()
                .register()
                .category("website-statistics")
                .orElseThrow();
        assertThatThrownBy(() -> new Expiry(category, LocalDate.now(), null, " ", false))
                .hasMessageContaining("operationId");
        DataCategory textOnly = new DataCategory(
                "text-only",
                category.description(),
                category.dataCategories(),
                category.subjects(),
                category.purposes(),
                category.legalBasis(),
                category.statute(),
                category.interest(),
                category.consent(),
                category.controller(),
                category.source(),
                category.sourceDetail(),
                category.recipients(),
                category.transfers(),
                category.security(),
                false,
                false,
                new nl.waarborg.register.RetentionRule(
                        nl.waarborg.register.RetentionRule.Kind.UNSPECIFIED, null, null, null, null));
        assertThatThrownBy(() -> new Expiry(textOnly, LocalDate.now(), null, "op", false))
                .hasMessageContaining("no retention rule a machine can execute");
        assertThat(stores.stores()).extracting(DataStore::name).startsWith("built-in", "recordings", "traffic");
    }

    // ------------------------------------------------------------------ restriction

    @Test
    void restrictedDataIsKeptButRefusedUntilTheRestrictionIsLifted() {
        String email = "r-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
        String rita = subject("Rita Restrict", email);
        String record = record("website-statistics", null, rita);
        String recording = recording(mobile, "2026-11-07T08:00:00Z");
        ingestCalls(mobile, "2026-11-07T10:00:00+01:00");
        DataHolder holder = holder(rita, email);
        String operation = "seam-restrict-" + UUID.randomUUID();

        Map<String, StoreResult> restricted = byStore(stores.restrict(holder, operation, "objection:O-1"));
        assertThat(restricted.get("built-in").affected()).isEqualTo(1);
        assertThat(restricted.get("recordings").affected()).isEqualTo(1);
        assertThat(restricted.get("traffic").affected()).isEqualTo(1);

        assertRefused(api.get("/api/v1/subjects/records/" + record));
        assertRefused(api.get("/api/v1/subjects/recordings/" + recording + "/audio?reason=check"));
        assertRefused(api.get("/api/v1/traffic/cdr?number=" + mobile.replace("+", "%2B")));
        assertThat(api.put("/api/v1/subjects/records/" + record, "{\"payload\":{}}")
                        .status())
                .isEqualTo(409);
        // Still kept, and still in the person's own copy, marked.
        List<StoreResult.Item> items = new ArrayList<>();
        stores.exportAll(holder, DataStores.OWN, (place, item) -> items.add(item), "access:A-1");
        assertThat(items).hasSize(3).allSatisfy(i -> assertThat(i.data()).containsEntry("restricted", true));

        Map<String, StoreResult> lifted = byStore(stores.lift(holder, operation + "-lift", "objection:O-1 decided"));
        assertThat(lifted.get("traffic").affected()).isEqualTo(1);
        assertThat(api.get("/api/v1/subjects/records/" + record).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/traffic/cdr?number=" + mobile.replace("+", "%2B"))
                        .status())
                .isEqualTo(200);
    }

    static void assertRefused(TestApi.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(409);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("type").asString()).isEqualTo("urn:waarborg:problem:refused");
        assertThat(response.json().path("detail").asString()).contains("restricted to storage only");
    }

    @Test
    void eachRecordingFollowsTheRegisterRowOfItsService() {
        templateInForce();
        var register = registers.current().orElseThrow().register();
        DataCategory support = register.category("support-calls").orElseThrow();
        DataCategory feature = register.category("call-recording-feature").orElseThrow();
        String voip = recordingWithService(mobile, "2010-05-01T08:00:00Z", "voip");
        String plain = recording(mobile, "2010-05-01T09:00:00Z");

        StoreResult byFeature = byStore(stores.expire(
                        new Expiry(feature, LocalDate.of(2026, 12, 4), null, "seam-rec-" + UUID.randomUUID(), false)))
                .get("recordings");
        assertThat(byFeature.status()).isEqualTo(Status.DONE);
        assertThat(exists("call_recording", voip))
                .as("the voip feature's recording goes by its row")
                .isFalse();
        assertThat(exists("call_recording", plain))
                .as("a support call is the support row's")
                .isTrue();

        byStore(stores.expire(
                new Expiry(support, LocalDate.of(2026, 12, 4), null, "seam-rec-" + UUID.randomUUID(), false)));
        assertThat(exists("call_recording", plain)).isFalse();
    }

    // ------------------------------------------------------------------ count

    @Test
    void aScopeIsCountedInEveryPlaceAndEachPersonOnce() throws Exception {
        String billingUrl = TestDatabases.create(waarborg, "census");
        JdbcTemplate billing = new JdbcTemplate(new DriverManagerDataSource(billingUrl, "postgres", null));
        billing.execute("CREATE TABLE customer (id serial PRIMARY KEY, email text, created_at timestamptz NOT NULL)");
        TestRegisters.apply(editor, registers, TestRegisters.template() + """

                        systems:
                          - key: census-billing
                            name: Facturatie
                            type: sql
                            categories: [customer-contacts]
                            url: %s
                            username: postgres
                            tables:
                              customers: {table: customer, category: customer-contacts, identity: {email: email},
                                          key: id, timestamp: created_at}
                        """.formatted(billingUrl), "census");
        // An hour of a day of its own, so that other tests' calls stay outside the window.
        java.time.Instant w = java.time.Instant.parse("2026-10-01T10:00:00Z")
                .plus(java.time.Duration.ofDays(ThreadLocalRandom.current().nextInt(0, 28)))
                .plus(java.time.Duration.ofMinutes(
                        7 * ThreadLocalRandom.current().nextInt(0, 40)));
        java.util.function.IntFunction<String> at =
                minutes -> w.plusSeconds(60L * minutes).toString();
        String email = "census-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
        String other = "census-other-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
        String customer = subject("Census Klant", email);
        record("customer-contacts", "\"collectedAt\":\"" + at.apply(5) + "\"", customer);
        record("customer-contacts", "\"collectedAt\":\"" + at.apply(-24 * 60) + "\"", customer);
        ingestCalls(mobile, at.apply(10), at.apply(20));
        String caller = otherPhone();
        ingestCalls(caller, at.apply(30));
        recording(caller, at.apply(31));
        billing.update(
                "INSERT INTO customer (email, created_at) VALUES (?, ?::timestamptz), (?, ?::timestamptz),"
                        + " (?, ?::timestamptz)",
                email,
                at.apply(15),
                other,
                at.apply(40),
                email,
                at.apply(120));
        Set<DataCategory> rows = registers.categories().stream()
                .filter(c -> Set.of("customer-contacts", "traffic-data", "support-calls")
                        .contains(c.key()))
                .collect(Collectors.toSet());
        assertThat(rows).hasSize(3);
        nl.waarborg.subjects.Scope scope =
                new nl.waarborg.subjects.Scope(rows, w, w.plusSeconds(3600), null, null, Set.of());
        long before = audit.count();

        nl.waarborg.subjects.Census census = stores.count(scope, "census-test", 1_000);

        Map<String, nl.waarborg.subjects.Census.Tally> places = census.places().stream()
                .collect(Collectors.toMap(nl.waarborg.subjects.Census.Tally::store, Function.identity()));
        assertThat(places.get("built-in").records()).isEqualTo(1);
        assertThat(places.get("built-in").subjects()).containsExactly(UUID.fromString(customer));
        assertThat(places.get("traffic").records()).isEqualTo(3);
        assertThat(places.get("traffic").people())
                .as("the customer, the caller and the service desk they both called")
                .isEqualTo(3);
        assertThat(places.get("recordings").records()).isEqualTo(1);
        assertThat(places.get("recordings").people()).isEqualTo(2);
        assertThat(places.get("census-billing").records())
                .as("the customer's later row is outside the window")
                .isEqualTo(2);
        assertThat(places.get("census-billing").people()).isEqualTo(2);
        assertThat(census.records()).isEqualTo(7);
        assertThat(census.subjects())
                .as("found in the store, in the traffic data by number and in billing by address: one person")
                .containsExactly(UUID.fromString(customer));
        assertThat(census.unregistered())
                .as("the caller (traffic and recording), the service desk (both), the other billing address")
                .isEqualTo(3);
        assertThat(census.people()).isEqualTo(4);
        assertThat(census.capped()).isFalse();

        // Each place's count is audited by counts, never a number or an address.
        List<AuditEntry> entries =
                audit.find(new AuditQuery(null, null, null, null, null, null, null, null, null, 500)).stream()
                        .filter(e -> e.id() > before)
                        .toList();
        assertThat(entries)
                .filteredOn(e -> "count".equals(e.details().get("step")))
                .extracting(AuditEntry::targetId)
                .containsExactlyInAnyOrder("built-in", "recordings", "traffic", "census-billing");
        assertThat(entries)
                .allSatisfy(e -> assertThat(e.toString())
                        .doesNotContain(mobile.substring(4))
                        .doesNotContain(caller.substring(4))
                        .doesNotContain(email));

        // One place only; a client scope that the traffic data cannot tell apart is skipped, not counted whole.
        nl.waarborg.subjects.Census traffic = stores.count(
                new nl.waarborg.subjects.Scope(rows, w, w.plusSeconds(3600), null, null, Set.of("traffic")),
                "census-test",
                1_000);
        assertThat(traffic.places())
                .extracting(nl.waarborg.subjects.Census.Tally::store)
                .containsExactly("traffic");
        assertThat(traffic.people()).isEqualTo(3);
        nl.waarborg.subjects.Census perService = stores.count(
                new nl.waarborg.subjects.Scope(rows, w, w.plusSeconds(3600), null, "internet", Set.of()),
                "census-test",
                1_000);
        assertThat(perService.places())
                .filteredOn(t -> t.store().equals("traffic") || t.store().equals("census-billing"))
                .allSatisfy(t -> assertThat(t.status()).isEqualTo(Status.SKIPPED));
        assertThatThrownBy(() -> stores.count(
                        new nl.waarborg.subjects.Scope(rows, w, null, null, null, Set.of("nowhere")),
                        "census-test",
                        10))
                .hasMessageContaining("nowhere");

        // A list cut short says so, and the total still counts everyone it could not list.
        nl.waarborg.subjects.Census capped = stores.count(scope, "census-test", 1);
        assertThat(capped.capped()).isTrue();
        assertThat(capped.people()).isGreaterThanOrEqualTo(4);
    }

    String recordingWithService(String caller, String startedAt, String service) {
        TestApi.Response r = api.post(
                "/api/v1/subjects/recordings?callId=seam-" + UUID.randomUUID() + "&caller="
                        + caller.replace("+", "%2B") + "&callee=%2B31207000100&startedAt=" + startedAt
                        + "&service=" + service,
                "audio/wav",
                DemoData.silence());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asString();
    }

    boolean exists(String table, String id) {
        return db.queryForObject("SELECT count(*) FROM " + table + " WHERE id = ?::uuid", Long.class, id) > 0;
    }
}
