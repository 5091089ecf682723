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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Everything the API creates it can also change: organisations, services delivered (including ending one, which
 * anchors retention), subjects with their identifiers and roles, and records. Each change is validated naming the
 * field, answered as problem+json, and audited.
 */
@WaarborgTest
class SubjectApiUpdateTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    AuditTrail audit;

    TestApi api() {
        return TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
    }

    @Test
    void organisationsAreUpdatedValidatedAndAudited() {
        TestApi api = api();
        SubjectFixtures fixtures = new SubjectFixtures(api);
        String org = fixtures.organisation("Bakkerij Oud", "C-" + UUID.randomUUID());
        String other = fixtures.organisation("Ander B.V.", "C-OTHER-" + UUID.randomUUID());
        String otherNumber = api.get("/api/v1/organisations/" + other)
                .json()
                .path("organisation")
                .path("customerNumber")
                .asString();

        String number = "C-NEW-" + UUID.randomUUID();
        TestApi.Response updated = api.put(
                "/api/v1/organisations/" + org,
                "{\"kind\":\"CONSUMER\",\"name\":\"Familie Nieuw\",\"customerNumber\":\"" + number + "\"}");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().path("kind").asString()).isEqualTo("CONSUMER");
        assertThat(updated.json().path("name").asString()).isEqualTo("Familie Nieuw");
        assertThat(updated.json().path("customerNumber").asString()).isEqualTo(number.toUpperCase());
        assertThat(audited(AuditAction.UPDATE, "organisation", org, null)).hasSize(1);

        expectProblem(api.put("/api/v1/organisations/" + org, "{\"kind\":\"CLUB\",\"name\":\"X\"}"), 400, "kind");
        expectProblem(api.put("/api/v1/organisations/" + org, "{\"kind\":\"BUSINESS\",\"name\":\" \"}"), 400, "name");
        expectProblem(
                api.put(
                        "/api/v1/organisations/" + org,
                        "{\"kind\":\"BUSINESS\",\"name\":\"X\",\"customerNumber\":\"" + otherNumber + "\"}"),
                409,
                "customerNumber");
        expectProblem(
                api.put("/api/v1/organisations/" + UUID.randomUUID(), "{\"kind\":\"BUSINESS\",\"name\":\"X\"}"),
                404,
                null);
        // Refused changes changed nothing.
        assertThat(api.get("/api/v1/organisations/" + org)
                        .json()
                        .path("organisation")
                        .path("name")
                        .asString())
                .isEqualTo("Familie Nieuw");
    }

    @Test
    void endingAServiceAnchorsTheRetentionOfItsRecords() {
        TestApi api = api();
        SubjectFixtures fixtures = new SubjectFixtures(api);
        String org = fixtures.organisation("Alarm B.V.", "C-" + UUID.randomUUID());
        String service = fixtures.service(org, "alarm", "2024-02-29", null);
        String subject =
                fixtures.subject("Kees Houder", org, "KEYHOLDER", "{\"kind\":\"EMAIL\",\"value\":\"kees@example.nl\"}");
        fixtures.record(
                subject,
                "user.contact.phone",
                "\"serviceDeliveredId\":\"" + service
                        + "\",\"retentionPeriod\":\"P1Y\",\"retentionAnchor\":\"END_OF_SERVICE\"",
                "{\"note\":\"x\"}");
        assertThat(dueOn(api, subject)).isNull();

        // End the service by its end date alone; everything else stays.
        TestApi.Response ended =
                api.patch("/api/v1/organisations/" + org + "/services/" + service, "{\"endedOn\":\"2025-02-28\"}");
        assertThat(ended.status()).as(ended.body()).isEqualTo(200);
        assertThat(ended.json().path("endedOn").asString()).isEqualTo("2025-02-28");
        assertThat(ended.json().path("serviceKey").asString()).isEqualTo("alarm");
        assertThat(ended.json().path("startedOn").asString()).isEqualTo("2024-02-29");
        assertThat(dueOn(api, subject)).isEqualTo("2026-02-28");
        assertThat(audited(AuditAction.UPDATE, "service_delivered", service, null))
                .extracting(e -> e.details().get("fields"))
                .containsExactly("endedOn");

        String path = "/api/v1/organisations/" + org + "/services/" + service;
        expectProblem(api.patch(path, "{\"endedOn\":\"2024-01-01\"}"), 400, "endedOn");
        expectProblem(api.patch(path, "{\"endedOn\":\"28-02-2025\"}"), 400, "endedOn", "28-02-2025");
        expectProblem(api.patch(path, "{\"endedOn\":20250228}"), 400, "endedOn");
        expectProblem(api.patch(path, "{\"colour\":\"red\"}"), 400, "colour");
        expectProblem(api.patch(path, "{\"serviceKey\":\"Alarm Service\"}"), 400, "serviceKey");
        expectProblem(
                api.patch("/api/v1/organisations/" + UUID.randomUUID() + "/services/" + service, "{}"), 404, null);

        // The full replacement works as well, and reopening clears the due date again.
        TestApi.Response replaced = api.put(
                path,
                "{\"serviceKey\":\"alarm\",\"reference\":\"OBJ-7\",\"startedOn\":\"2024-02-29\",\"endedOn\":null}");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().path("reference").asString()).isEqualTo("OBJ-7");
        assertThat(dueOn(api, subject)).isNull();
        assertThat(audited(AuditAction.UPDATE, "service_delivered", service, null))
                .extracting(e -> e.details().get("fields"))
                .containsExactly("reference,endedOn", "endedOn");
    }

    @Test
    void subjectsIdentifiersAndRolesAreUpdatedValidatedAndAudited() {
        TestApi api = api();
        SubjectFixtures fixtures = new SubjectFixtures(api);
        String org = fixtures.organisation("Kantoor B.V.", "C-" + UUID.randomUUID());
        String email = "oud." + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
        String subject =
                fixtures.subject("Piet Oud", org, "END_USER", "{\"kind\":\"EMAIL\",\"value\":\"" + email + "\"}");
        String other = fixtures.subject("Ander", org, "END_USER", "{\"kind\":\"EMAIL\",\"value\":\"a@example.nl\"}");
        String ref = "crm-" + UUID.randomUUID();

        // The subject's own fields; externalRef stays when the body leaves it out.
        JsonNode changed = ok(api.put(
                "/api/v1/subjects/" + subject, "{\"displayName\":\"Piet Nieuw\",\"externalRef\":\"" + ref + "\"}"));
        assertThat(changed.path("externalRef").asString()).isEqualTo(ref);
        JsonNode renamed = ok(api.put("/api/v1/subjects/" + subject, "{\"displayName\":\"P. Nieuw\"}"));
        assertThat(renamed.path("displayName").asString()).isEqualTo("P. Nieuw");
        assertThat(renamed.path("externalRef").asString()).isEqualTo(ref);
        assertThat(audited(AuditAction.UPDATE, "subject", subject, subject))
                .extracting(e -> e.details().get("fields"))
                .containsExactly("displayName", "displayName,externalRef");
        expectProblem(api.put("/api/v1/subjects/" + subject, "{\"displayName\":\"\"}"), 400, "displayName");
        expectProblem(api.put("/api/v1/subjects/" + subject, "{\"displayName\":7}"), 400, "displayName");
        expectProblem(
                api.put("/api/v1/subjects/" + other, "{\"displayName\":\"A\",\"externalRef\":\"" + ref + "\"}"),
                409,
                "externalRef");
        expectProblem(api.put("/api/v1/subjects/" + UUID.randomUUID(), "{\"displayName\":\"A\"}"), 404, null);

        // An identifier's value, normalised like a new one; the old value no longer finds the person.
        String identifierId = api.get("/api/v1/subjects/" + subject)
                .json()
                .path("subject")
                .path("identifiers")
                .get(0)
                .path("id")
                .asString();
        String newEmail = "Nieuw." + UUID.randomUUID().toString().substring(0, 8) + "@Example.NL";
        JsonNode identifier = ok(api.put(
                "/api/v1/subjects/" + subject + "/identifiers/" + identifierId,
                "{\"kind\":\"EMAIL\",\"value\":\"" + newEmail + "\",\"sourceSystem\":\"crm\"}"));
        assertThat(identifier.path("value").asString()).isEqualTo(newEmail.toLowerCase());
        assertThat(api.get("/api/v1/subjects?identifier=" + newEmail.toLowerCase() + "&kind=EMAIL")
                        .json()
                        .findValuesAsString("id"))
                .contains(subject);
        assertThat(api.get("/api/v1/subjects?identifier=" + email + "&kind=EMAIL")
                        .json()
                        .size())
                .isZero();
        assertThat(audited(AuditAction.UPDATE, "subject_identifier", identifierId, subject))
                .extracting(e -> e.details().get("kind"))
                .containsExactly("EMAIL");
        expectProblem(
                api.put(
                        "/api/v1/subjects/" + subject + "/identifiers/" + identifierId,
                        "{\"kind\":\"PHONE\",\"value\":\"06-geheim-99\"}"),
                400,
                "value",
                "geheim");
        expectProblem(
                api.put(
                        "/api/v1/subjects/" + subject + "/identifiers/" + UUID.randomUUID(),
                        "{\"kind\":\"EMAIL\",\"value\":\"x@example.nl\"}"),
                404,
                null);

        // A role: another part, tied to one of the organisation's services, with a note.
        String service = fixtures.service(org, "hosting", "2025-01-01", null);
        String roleId = api.get("/api/v1/subjects/" + subject)
                .json()
                .path("subject")
                .path("roles")
                .get(0)
                .path("id")
                .asString();
        JsonNode role = ok(api.put(
                "/api/v1/subjects/" + subject + "/roles/" + roleId,
                "{\"role\":\"BILLING_CONTACT\",\"organisationId\":\"" + org + "\",\"serviceDeliveredId\":\"" + service
                        + "\",\"note\":\"facturen\"}"));
        assertThat(role.path("role").asString()).isEqualTo("BILLING_CONTACT");
        assertThat(role.path("serviceDeliveredId").asString()).isEqualTo(service);
        assertThat(audited(AuditAction.UPDATE, "subject_role", roleId, subject))
                .extracting(e -> e.details().get("role"))
                .containsExactly("BILLING_CONTACT");
        expectProblem(
                api.put(
                        "/api/v1/subjects/" + subject + "/roles/" + roleId,
                        "{\"role\":\"CALLER\",\"organisationId\":\"" + UUID.randomUUID() + "\"}"),
                400,
                "organisationId");
        expectProblem(
                api.put("/api/v1/subjects/" + subject + "/roles/" + roleId, "{\"role\":\"PRESIDENT\"}"), 400, "role");
    }

    @Test
    void recordsAreUpdatedAndMovedToAnotherSubjectWithBothAudited() {
        TestApi api = api();
        SubjectFixtures fixtures = new SubjectFixtures(api);
        String org = fixtures.organisation("Dossier B.V.", "C-" + UUID.randomUUID());
        String first = fixtures.subject("Eerste", org, "CALLER", "{\"kind\":\"EMAIL\",\"value\":\"e1@example.nl\"}");
        String second = fixtures.subject("Tweede", org, "CALLER", "{\"kind\":\"EMAIL\",\"value\":\"e2@example.nl\"}");
        String record = fixtures.record(first, "user.contact.email", null, "{\"email\":\"e1@example.nl\"}");

        // Filed under the wrong person: moved, with a new payload.
        JsonNode moved = ok(api.put(
                "/api/v1/subjects/records/" + record,
                "{\"subjectIds\":[\"" + second
                        + "\"],\"reference\":\"T-9\",\"payload\":{\"email\":\"e2@example.nl\"}}"));
        assertThat(moved.path("subjectIds").get(0).asString()).isEqualTo(second);
        assertThat(moved.path("subjectIds").size()).isEqualTo(1);
        assertThat(moved.path("reference").asString()).isEqualTo("T-9");
        assertThat(api.get("/api/v1/subjects/records/" + record)
                        .json()
                        .path("payload")
                        .path("email")
                        .asString())
                .isEqualTo("e2@example.nl");
        assertThat(audited(AuditAction.UPDATE, "record", record, first))
                .extracting(e -> e.details().get("link"))
                .containsExactly("removed");
        assertThat(audited(AuditAction.UPDATE, "record", record, second))
                .extracting(e -> e.details().get("link"))
                .containsExactly("added");

        // Leaving subjectIds out keeps them.
        JsonNode kept =
                ok(api.put("/api/v1/subjects/records/" + record, "{\"payload\":{\"email\":\"e2@example.nl\"}}"));
        assertThat(kept.path("subjectIds").get(0).asString()).isEqualTo(second);

        String path = "/api/v1/subjects/records/" + record;
        expectProblem(api.put(path, "{\"subjectIds\":[],\"payload\":{}}"), 400, "subjectIds");
        expectProblem(
                api.put(path, "{\"subjectIds\":[\"" + UUID.randomUUID() + "\"],\"payload\":{}}"), 400, "subjectIds[0]");
        expectProblem(
                api.put(path, "{\"serviceDeliveredId\":\"" + UUID.randomUUID() + "\",\"payload\":{}}"),
                400,
                "serviceDeliveredId");
        expectProblem(api.put(path, "{\"reference\":\"" + "r".repeat(201) + "\",\"payload\":{}}"), 400, "reference");
        expectProblem(api.put(path, "{\"category\":\"user.contact.phone\",\"payload\":{}}"), 400, "category");
        expectProblem(api.put("/api/v1/subjects/records/" + UUID.randomUUID(), "{\"payload\":{}}"), 404, null);
        // Refused changes changed nothing.
        assertThat(api.get(path).json().path("record").path("subjectIds").get(0).asString())
                .isEqualTo(second);
    }

    @Test
    void organisationsAreImportedInBulkAndAMissingParameterIsNamed() {
        TestApi api = api();
        String run = UUID.randomUUID().toString();
        String ndjson = "{\"kind\":\"BUSINESS\",\"name\":\"Een\",\"customerNumber\":\"B1-" + run + "\"}\n"
                + "{\"kind\":\"VERENIGING\",\"name\":\"Twee\"}\n"
                + "\n"
                + "{\"kind\":\"CONSUMER\",\"name\":\"Drie\",\"customerNumber\":\"B3-" + run + "\"}\n";
        TestApi.Response bulk = api.post("/api/v1/organisations/bulk", "application/x-ndjson", ndjson.getBytes());
        assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
        assertThat(bulk.json().path("read").asLong()).isEqualTo(3);
        assertThat(bulk.json().path("stored").asLong()).isEqualTo(2);
        assertThat(bulk.json().path("errors").get(0).path("line").asLong()).isEqualTo(2);
        assertThat(bulk.json().path("errors").get(0).path("field").asString()).isEqualTo("kind");

        expectProblem(api.post("/api/v1/traffic/cdr", "text/csv", "x".getBytes()), 400, "format");
        expectProblem(api.get("/api/v1/traffic/cdr"), 400, "number");
    }

    // ---------------------------------------------------------------- helpers

    private static String dueOn(TestApi api, String subject) {
        JsonNode records = api.get("/api/v1/subjects/" + subject + "/records").json();
        assertThat(records.size()).isEqualTo(1);
        JsonNode due = records.get(0).path("dueOn");
        return due.isNull() || due.isMissingNode() ? null : due.asString();
    }

    private List<AuditEntry> audited(AuditAction action, String type, String id, String subject) {
        return audit.find(new AuditQuery(null, null, action, type, id, subject, null, null, null, 50));
    }

    private static JsonNode ok(TestApi.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static void expectProblem(TestApi.Response response, int status, String field) {
        expectProblem(response, status, field, null);
    }

    private static void expectProblem(TestApi.Response response, int status, String field, String secret) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
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
