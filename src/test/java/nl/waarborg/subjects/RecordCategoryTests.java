package nl.waarborg.subjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.security.ApiTokens;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A record of the built-in store belongs to a row of the register: the register's own category keys are accepted, a
 * vocabulary key goes to the one row that covers it (and waits for a person where several do), the row's
 * {@code sensitive: true} decides encryption at rest, and its retention rule counts from the record's own dates.
 */
@WaarborgTest
class RecordCategoryTests {

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
    SubjectFixtures fixtures;
    JdbcTemplate db;
    String subject;

    @BeforeEach
    void setUp() {
        TestRegisters.templateInForce(editor, registers);
        api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        fixtures = new SubjectFixtures(api);
        db = new JdbcTemplate(dataSource);
        String org = fixtures.organisation("Rijen B.V.", "ROW-" + UUID.randomUUID());
        subject = fixtures.subject(
                "Rik Rij",
                org,
                "CONTACT_PERSON",
                "{\"kind\":\"EMAIL\",\"value\":\"rik." + UUID.randomUUID() + "@example.nl\"}");
    }

    JsonNode create(String category, String extra, String payload) {
        TestApi.Response r = api.post(
                "/api/v1/subjects/records",
                "{\"category\":\"" + category + "\",\"subjectIds\":[\"" + subject + "\"]"
                        + (extra == null ? "" : "," + extra) + ",\"payload\":" + payload + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    @Test
    void theRegistersOwnSensitiveRowIsSealedAndNeedsAReason() {
        JsonNode record = create("customer-credentials", null, "{\"portalLoginCode\":\"geheim-8431-2290\"}");
        assertThat(record.path("category").asString()).isEqualTo("customer-credentials");
        assertThat(record.path("assigned").asBoolean()).isTrue();
        assertThat(record.path("sensitive").asBoolean())
                .as("the register says sensitive: true")
                .isTrue();
        String id = record.path("id").asString();
        Map<String, Object> row =
                db.queryForMap("SELECT payload::text AS payload, ciphertext FROM store_record WHERE id = ?::uuid", id);
        assertThat(row.get("payload")).isNull();
        assertThat(new String((byte[]) row.get("ciphertext"), StandardCharsets.ISO_8859_1))
                .doesNotContain("geheim-8431-2290");
        assertThat(api.get("/api/v1/subjects/records/" + id).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/subjects/records/" + id + "?reason=ticket-12")
                        .json()
                        .path("payload")
                        .path("portalLoginCode")
                        .asString())
                .isEqualTo("geheim-8431-2290");
    }

    @Test
    void aRowMarkedSensitiveLaterSealsTheRecordsStoredBefore() {
        String yaml = TestRegisters.template();
        String websiteStatistics = "        dataCategories: [user.device.cookie_id, user.behavior.browsing_history,"
                + " user.device.ip_address]";
        assertThat(yaml).contains(websiteStatistics);
        JsonNode record = create("website-statistics", null, "{\"path\":\"/vertrouwelijk-1771\"}");
        String id = record.path("id").asString();
        assertThat(record.path("sensitive").asBoolean()).isFalse();
        try {
            TestRegisters.apply(
                    editor,
                    registers,
                    yaml.replace(websiteStatistics, websiteStatistics + "\n        sensitive: true"),
                    "website statistics become sensitive");
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> db.queryForObject(
                            "SELECT sensitive FROM store_record WHERE id = ?::uuid", Boolean.class, id));
            Map<String, Object> row = db.queryForMap(
                    "SELECT payload::text AS payload, ciphertext FROM store_record WHERE id = ?::uuid", id);
            assertThat(row.get("payload")).isNull();
            assertThat(new String((byte[]) row.get("ciphertext"), StandardCharsets.ISO_8859_1))
                    .doesNotContain("vertrouwelijk-1771");
            assertThat(api.get("/api/v1/subjects/records/" + id + "?reason=check")
                            .json()
                            .path("payload")
                            .path("path")
                            .asString())
                    .isEqualTo("/vertrouwelijk-1771");
        } finally {
            TestRegisters.templateInForce(editor, registers);
        }
    }

    @Test
    void aVocabularyKeyOfSeveralRowsWaitsForAPersonWhoAssignsOneOfThem() {
        JsonNode record = create("user.contact.email", null, "{}");
        assertThat(record.path("assigned").asBoolean()).isFalse();
        assertThat(record.path("category").asString()).isEqualTo("user.contact.email");
        String id = record.path("id").asString();

        JsonNode waiting =
                api.get("/api/v1/subjects/records/unassigned?limit=1000").json();
        JsonNode mine = null;
        for (JsonNode w : waiting) {
            if (w.path("record").path("id").asString().equals(id)) {
                mine = w;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.path("candidates").toString())
                .contains("customer-contacts", "support-tickets", "contact-form", "newsletter");

        TestApi.Response wrong = api.put("/api/v1/subjects/records/" + id + "/category", "{\"category\":\"invoices\"}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().path("field").asString()).isEqualTo("category");
        TestApi.Response assigned =
                api.put("/api/v1/subjects/records/" + id + "/category", "{\"category\":\"newsletter\"}");
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(assigned.json().path("category").asString()).isEqualTo("newsletter");
        assertThat(assigned.json().path("givenCategory").asString()).isEqualTo("user.contact.email");
        assertThat(api.put("/api/v1/subjects/records/" + id + "/category", "{\"category\":\"contact-form\"}")
                        .status())
                .as("an assigned record keeps its row")
                .isEqualTo(409);
    }

    @Test
    void aVocabularyKeyOfOneRowBelongsToThatRow() {
        // Under the template the keyholders row alone covers the keyholder key.
        JsonNode record = create("alarm.keyholder_contact", null, "{}");
        assertThat(record.path("assigned").asBoolean()).isTrue();
        assertThat(record.path("category").asString()).isEqualTo("keyholders");
        assertThat(record.path("givenCategory").asString()).isEqualTo("alarm.keyholder_contact");
    }

    @Test
    void theRowsRuleCountsFromTheRecordsOwnInvoiceDate() {
        JsonNode record = create(
                "invoices",
                "\"invoiceDate\":\"2025-03-01\",\"collectedAt\":\"2026-06-01T10:00:00Z\"",
                "{\"invoice\":\"F-2025-0042\"}");
        JsonNode views = api.get("/api/v1/subjects/" + subject + "/records").json();
        JsonNode view = null;
        for (JsonNode v : views) {
            if (v.path("record").path("id").asString().equals(record.path("id").asString())) {
                view = v;
            }
        }
        assertThat(view).isNotNull();
        assertThat(view.path("dueOn").asString())
                .as("seven years from the invoice date, not from the day it was stored")
                .isEqualTo("2032-03-01");
        assertThat(view.path("registerRule").path("en").asString()).isEqualTo("7 years after the invoice date");
        assertThat(view.path("categoryName").path("en").asString()).startsWith("Invoices");
    }

    @Test
    void theOldAnchorNameAndTheRegistersKeysAreBothUnderstood() {
        JsonNode old =
                create("website-statistics", "\"retentionPeriod\":\"P1M\",\"retentionAnchor\":\"COLLECTED\"", "{}");
        assertThat(old.path("retentionAnchor").asString()).isEqualTo("COLLECTION");
        JsonNode key = create(
                "invoices",
                "\"retentionPeriod\":\"P7Y\",\"retentionAnchor\":\"invoice-date\",\"invoiceDate\":\"2024-02-29\"",
                "{}");
        assertThat(key.path("retentionAnchor").asString()).isEqualTo("INVOICE_DATE");
        TestApi.Response unknown = api.post(
                "/api/v1/subjects/records",
                "{\"category\":\"invoices\",\"subjectIds\":[\"" + subject
                        + "\"],\"retentionPeriod\":\"P1Y\",\"retentionAnchor\":\"WHENEVER\",\"payload\":{}}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("field").asString()).isEqualTo("retentionAnchor");
        assertThat(unknown.body()).doesNotContain("WHENEVER");
    }
}
