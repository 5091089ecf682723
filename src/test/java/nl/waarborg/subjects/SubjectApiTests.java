package nl.waarborg.subjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditEntry;
import nl.waarborg.audit.AuditQuery;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.security.Permission;
import nl.waarborg.security.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The subjects API: problems name the field and never echo values; roles; audit; nothing personal in the logs. */
@WaarborgTest
@ExtendWith(OutputCaptureExtension.class)
class SubjectApiTests {

    static final String EMAIL = "geheim.persoon@example.nl";
    static final String PHONE = "+31612340987";

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    AuditTrail audit;

    TestApi as(Role role) {
        return TestApi.withScopes(
                port,
                tokens,
                role.permissions().stream().map(Permission::authority).toArray(String[]::new));
    }

    @Test
    void problemsNameTheFieldAndNeverEchoTheValue() {
        TestApi api = as(Role.AGENT);
        SubjectFixtures fixtures = new SubjectFixtures(api);
        String org = fixtures.organisation("Valid B.V.", "C-" + UUID.randomUUID());

        expectProblem(api.post("/api/v1/subjects", "{\"displayName\":\"  \"}"), 400, "displayName", null);
        expectProblem(
                api.post(
                        "/api/v1/subjects",
                        "{\"displayName\":\"X\",\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"not-an-address-x7\"}]}"),
                400,
                "identifiers[0].value",
                "not-an-address-x7");
        expectProblem(
                api.post(
                        "/api/v1/subjects",
                        "{\"displayName\":\"X\",\"identifiers\":[{\"kind\":\"SHOE_SIZE\",\"value\":\"44\"}]}"),
                400,
                "identifiers[0].kind",
                "SHOE_SIZE");
        expectProblem(
                api.post(
                        "/api/v1/subjects",
                        "{\"displayName\":\"X\",\"identifiers\":[{\"kind\":\"IMEI\",\"value\":\"490154203237519\"}]}"),
                400,
                "identifiers[0].value",
                "490154203237519");
        expectProblem(
                api.post("/api/v1/subjects", "{\"displayName\":\"X\",\"roles\":[{\"role\":\"END_USER\"}]}"),
                400,
                "roles[0].organisationId",
                null);
        expectProblem(
                api.post(
                        "/api/v1/organisations/" + org + "/services",
                        "{\"serviceKey\":\"voip\",\"startedOn\":\"2026-02-01\",\"endedOn\":\"2026-01-31\"}"),
                400,
                "endedOn",
                null);
        expectProblem(
                api.post(
                        "/api/v1/organisations/" + org + "/services",
                        "{\"serviceKey\":\"voip\",\"startedOn\":\"31-01-2026\"}"),
                400,
                "startedOn",
                "31-01-2026");
        expectProblem(
                api.post("/api/v1/subjects/records", "{\"category\":\"User Contact\",\"subjectIds\":[]}"),
                400,
                "category",
                null);
        String subject = fixtures.subject("V", org, "END_USER", "{\"kind\":\"EMAIL\",\"value\":\"v@example.nl\"}");
        expectProblem(
                api.post(
                        "/api/v1/subjects/records",
                        "{\"category\":\"user.contact.email\",\"subjectIds\":[\"" + subject
                                + "\"],\"retentionPeriod\":\"seven years\",\"retentionAnchor\":\"COLLECTED\"}"),
                400,
                "retentionPeriod",
                "seven years");
        expectProblem(
                api.post(
                        "/api/v1/subjects/records",
                        "{\"category\":\"user.contact.email\",\"subjectIds\":[\"" + subject
                                + "\"],\"retentionPeriod\":\"P1Y\",\"retentionAnchor\":\"END_OF_SERVICE\"}"),
                400,
                "retentionAnchor",
                null);
        expectProblem(
                api.post(
                        "/api/v1/organisations",
                        "{\"kind\":\"BUSINESS\",\"name\":\"Dup\",\"customerNumber\":\"" + "c-dup-" + org + "\"}"),
                201,
                null,
                null);
        expectProblem(
                api.post(
                        "/api/v1/organisations",
                        "{\"kind\":\"BUSINESS\",\"name\":\"Dup\",\"customerNumber\":\"" + "C-DUP-" + org + "\"}"),
                409,
                "customerNumber",
                "C-DUP");
        expectProblem(api.get("/api/v1/subjects/" + UUID.randomUUID()), 404, null, null);
        expectProblem(api.get("/api/v1/subjects?identifier=%20"), 400, "identifier", null);
    }

    @Test
    void anAuditorReadsButChangesNothingAndAnAgentReadsAndWrites() {
        TestApi agent = as(Role.AGENT);
        SubjectFixtures fixtures = new SubjectFixtures(agent);
        String org = fixtures.organisation("Roles B.V.", "C-" + UUID.randomUUID());
        String subject = fixtures.subject("R", org, "END_USER", "{\"kind\":\"EMAIL\",\"value\":\"r@example.nl\"}");
        String record = fixtures.record(subject, "user.contact.email", null, "{\"a\":1}");
        assertThat(agent.post(
                                "/api/v1/subjects/" + subject + "/identifiers",
                                "{\"kind\":\"PHONE\",\"value\":\"0612000111\"}")
                        .status())
                .isEqualTo(201);

        TestApi auditor = as(Role.AUDITOR);
        assertThat(auditor.get("/api/v1/subjects/" + subject).status()).isEqualTo(200);
        assertThat(auditor.get("/api/v1/subjects/records/" + record).status()).isEqualTo(200);
        assertThat(auditor.get("/api/v1/subjects?identifier=r@example.nl")
                        .json()
                        .size())
                .isEqualTo(1);
        assertThat(auditor.get("/api/v1/organisations/" + org).status()).isEqualTo(200);
        assertThat(auditor.post("/api/v1/subjects", "{\"displayName\":\"No\"}").status())
                .isEqualTo(403);
        assertThat(auditor.post("/api/v1/subjects/records", "{}").status()).isEqualTo(403);
        assertThat(auditor.delete("/api/v1/subjects/records/" + record).status())
                .isEqualTo(403);
        assertThat(auditor.post("/api/v1/subjects/keys/rotate", "{}").status()).isEqualTo(403);

        TestApi noSubjects = TestApi.withScopes(port, tokens, "register:read");
        assertThat(noSubjects.get("/api/v1/subjects/" + subject).status()).isEqualTo(403);
        assertThat(noSubjects.get("/api/v1/subjects?identifier=r@example.nl").status())
                .isEqualTo(403);

        assertThat(agent.delete("/api/v1/subjects/records/" + record + "?purpose=erasure")
                        .status())
                .isEqualTo(204);
    }

    @Test
    void everyReadAndChangeIsAuditedWithSubjectAndPurpose() {
        TestApi agent = as(Role.AGENT);
        SubjectFixtures fixtures = new SubjectFixtures(agent);
        String org = fixtures.organisation("Audit B.V.", "C-" + UUID.randomUUID());
        String subject =
                fixtures.subject("A", org, "BILLING_CONTACT", "{\"kind\":\"EMAIL\",\"value\":\"aud@example.nl\"}");
        String record = fixtures.record(subject, "user.contact.email", null, "{\"a\":1}");
        agent.get("/api/v1/subjects/" + subject + "?purpose=request-R-12");
        agent.get("/api/v1/subjects/records/" + record + "?purpose=request-R-12");
        agent.get("/api/v1/subjects?identifier=aud@example.nl&purpose=request-R-12");
        agent.post("/api/v1/subjects/" + subject, "{}"); // not a route: no entry

        List<AuditEntry> entries =
                audit.find(new AuditQuery(null, null, null, null, null, subject, null, null, null, 100));
        assertThat(entries)
                .extracting(e -> e.action() + " " + e.targetType())
                .contains("CREATE subject", "CREATE record", "READ subject", "READ record");
        assertThat(entries.stream().filter(e -> e.action() == AuditAction.READ))
                .allSatisfy(e -> assertThat(e.purpose()).isEqualTo("request-R-12"))
                .allSatisfy(e -> assertThat(e.actor().type().name()).isEqualTo("API_TOKEN"));
        assertThat(entries.toString()).doesNotContain("aud@example.nl");
    }

    @Test
    void aKnownEmailAddressAndPhoneNumberNeverReachTheLogs(CapturedOutput output) {
        TestApi agent = as(Role.AGENT);
        SubjectFixtures fixtures = new SubjectFixtures(agent);
        String org = fixtures.organisation("Log B.V.", "C-" + UUID.randomUUID());
        String subject = fixtures.subject(
                "Lot Log",
                org,
                "CONTACT_PERSON",
                "{\"kind\":\"EMAIL\",\"value\":\"" + EMAIL + "\"},{\"kind\":\"PHONE\",\"value\":\"" + PHONE + "\"}");
        fixtures.record(subject, "user.contact.email", null, "{\"email\":\"" + EMAIL + "\"}");
        fixtures.record(subject, "user.authorization.credentials", null, "{\"phone\":\"" + PHONE + "\"}");
        agent.get("/api/v1/subjects?identifier=" + EMAIL);
        agent.get("/api/v1/subjects?identifier=" + PHONE.replace("+", "%2B"));
        agent.get("/api/v1/subjects/" + subject);
        // Failures too: a duplicate identifier, a bad one, a broken body and a bulk upload with bad lines.
        agent.post("/api/v1/subjects/" + subject + "/identifiers", "{\"kind\":\"EMAIL\",\"value\":\"" + EMAIL + "\"}");
        agent.post("/api/v1/subjects/" + subject + "/identifiers", "{\"kind\":\"PHONE\",\"value\":\"" + EMAIL + "\"}");
        agent.post(
                "/api/v1/subjects",
                "{\"displayName\":\"" + EMAIL + "\",\"identifiers\":[{\"kind\":\"" + PHONE + "\"}]}");
        agent.post(
                "/api/v1/subjects/bulk",
                "application/x-ndjson",
                ("{\"displayName\":\"B\",\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"" + EMAIL + "\"}]}\n"
                                + "{\"displayName\":\"" + PHONE
                                + "\",\"identifiers\":[{\"kind\":\"PHONE\",\"value\":\"x"
                                + EMAIL + "\"}]}\n{broken " + PHONE + "\n")
                        .getBytes());
        agent.post(
                "/api/v1/subjects/recordings?callId=log-" + UUID.randomUUID() + "&caller=" + PHONE.replace("+", "%2B")
                        + "&startedAt=2026-01-01T00:00:00Z",
                "audio/wav",
                nl.waarborg.TestAudio.WAV_HEADER);

        assertThat(output.getAll()).doesNotContain(EMAIL).doesNotContain(PHONE).doesNotContain("0612340987");
    }

    @Test
    void bulkUploadsKeepGoodLinesAndReportBadOnesByLineNumber() {
        TestApi agent = as(Role.AGENT);
        SubjectFixtures fixtures = new SubjectFixtures(agent);
        String org = fixtures.organisation("Bulk B.V.", "C-" + UUID.randomUUID());
        String subject =
                fixtures.subject("Bulk", org, "END_USER", "{\"kind\":\"EMAIL\",\"value\":\"bulk@example.nl\"}");
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            body.append("{\"category\":\"user.behavior.purchase_history\",\"subjectIds\":[\"")
                    .append(subject)
                    .append("\"],\"sourceSystem\":\"billing\",\"reference\":\"INV-")
                    .append(i)
                    .append("\",\"payload\":{\"amount\":")
                    .append(i)
                    .append("}}\n");
            if (i == 100) {
                body.append("{\"category\":\"user.behavior.purchase_history\",\"subjectIds\":[\"")
                        .append(UUID.randomUUID())
                        .append("\"]}\n");
            }
            if (i == 200) {
                body.append("\n{\"category\":\"user.behavior.purchase_history\",\"invoiceDate\":\"soon\"}\r\n");
            }
        }
        TestApi.Response report = agent.post(
                "/api/v1/subjects/records/bulk",
                "application/x-ndjson",
                body.toString().getBytes());
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        JsonNode r = report.json();
        assertThat(r.path("read").asLong()).isEqualTo(302);
        assertThat(r.path("stored").asLong()).isEqualTo(300);
        assertThat(r.path("rejected").asLong()).isEqualTo(2);
        assertThat(r.path("errors").get(0).path("line").asLong()).isEqualTo(102);
        assertThat(r.path("errors").get(0).path("field").asString()).isEqualTo("subjectIds[0]");
        assertThat(r.path("errors").get(1).path("line").asLong()).isEqualTo(204);
        assertThat(r.path("errors").get(1).path("field").asString()).isEqualTo("invoiceDate");
        assertThat(agent.get("/api/v1/subjects?identifier=bulk@example.nl")
                        .json()
                        .get(0)
                        .path("holdings")
                        .get(0)
                        .path("records")
                        .asLong())
                .isEqualTo(300);
    }

    private static void expectProblem(TestApi.Response response, int status, String field, String secret) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        if (status >= 400) {
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().path("type").asString()).startsWith("urn:waarborg:problem:");
            if (field != null) {
                assertThat(response.json().path("field").asString()).isEqualTo(field);
            }
            if (secret != null) {
                assertThat(response.body()).doesNotContain(secret);
            }
        }
    }
}
