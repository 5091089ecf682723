package nl.waarborg.requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import javax.sql.DataSource;
import nl.waarborg.TestApi;
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
 * The provider as processor: a verified request about data kept for a client organisation under a category the client
 * controls (the template's alarm keyholders) goes to that client's privacy contact, the requester learns who the
 * controller is, and the client's instruction is recorded; data kept for an organisation not linked to a client of
 * the register is named for staff to check.
 */
@WaarborgTest
class ProcessorRoutingTests {

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
        api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write", "requests:read", "requests:write");
        db = new JdbcTemplate(dataSource);
    }

    String organisation(String name) {
        TestApi.Response r = api.post(
                "/api/v1/organisations",
                "{\"kind\":\"BUSINESS\",\"name\":\"" + name + "\",\"customerNumber\":\"PR-" + UUID.randomUUID()
                        + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asString();
    }

    /** A keyholder of the organisation, with an e-mail address on file; answers {id, email}. */
    String[] keyholder(String organisation) {
        String email = "keyholder-" + UUID.randomUUID() + "@example.nl";
        TestApi.Response s = api.post(
                "/api/v1/subjects",
                "{\"displayName\":\"Sleutelhouder\",\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"" + email
                        + "\"}]}");
        assertThat(s.status()).as(s.body()).isEqualTo(201);
        String id = s.json().path("id").asString();
        TestApi.Response record = api.post(
                "/api/v1/subjects/records",
                "{\"category\":\"keyholders\",\"subjectIds\":[\"" + id + "\"],\"organisationId\":\"" + organisation
                        + "\",\"payload\":{\"order\":1}}");
        assertThat(record.status()).as(record.body()).isEqualTo(201);
        return new String[] {id, email};
    }

    String verifiedRequest(String email) {
        String reference = api.post(
                        "/api/v1/requests",
                        "{\"channel\":\"API\",\"rights\":[\"ERASURE\"],\"language\":\"en\",\"requesterName\":\"Kim\","
                                + "\"email\":\"" + email + "\"}")
                .json()
                .path("reference")
                .asString();
        TestApi.Response verified =
                api.post("/api/v1/requests/" + reference + "/verification", "{\"method\":\"KNOWN_CONTACT\"}");
        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        return reference;
    }

    @Test
    void aRequestAboutAClientsDataGoesToTheClientAndThePersonLearnsWhoDecides() {
        String org = organisation("Zorginstelling Het Anker");
        TestApi.Response wrong =
                api.put("/api/v1/organisations/" + org + "/register-client", "{\"registerClient\":\"nope\"}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().path("field").asString()).isEqualTo("registerClient");
        assertThat(api.put(
                                "/api/v1/organisations/" + org + "/register-client",
                                "{\"registerClient\":\"example-client\"}")
                        .status())
                .isEqualTo(200);
        String[] person = keyholder(org);
        String reference = verifiedRequest(person[1]);

        JsonNode request = api.get("/api/v1/requests/" + reference).json();
        assertThat(request.path("forwards").size()).isEqualTo(1);
        JsonNode forward = request.path("forwards").path(0);
        assertThat(forward.path("clientKey").asString()).isEqualTo("example-client");
        assertThat(forward.path("categories").toString()).contains("keyholders");
        assertThat(forward.path("records").asLong()).isEqualTo(1);
        assertThat(request.path("history").findValuesAsString("kind")).contains("FORWARDED");

        String toClient = db.queryForObject(
                "SELECT body FROM mail_message WHERE reference = ? AND recipient = 'privacy@klant.example'",
                String.class,
                "request " + reference);
        assertThat(toClient)
                .contains(reference)
                .contains("keyholders")
                .contains(person[1])
                .contains("Kim");
        String toPerson = db.queryForObject(
                "SELECT body FROM mail_message WHERE reference = ? AND recipient = ? AND subject LIKE '%controller%'",
                String.class, "request " + reference, person[1]);
        assertThat(toPerson).contains("Voorbeeldklant B.V.").contains("privacy@klant.example");

        // Verifying is done once; the client's instruction is recorded on its forward.
        TestApi.Response unknown = api.post(
                "/api/v1/requests/" + reference + "/forwards/someone-else/instruction", "{\"instruction\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(404);
        JsonNode instructed = api.post(
                        "/api/v1/requests/" + reference + "/forwards/example-client/instruction",
                        "{\"instruction\":\"Erase the keyholder from our alarm list\"}")
                .json();
        assertThat(instructed.path("forwards").path(0).path("instruction").asString())
                .isEqualTo("Erase the keyholder from our alarm list");
        assertThat(instructed.path("history").findValuesAsString("kind")).contains("CLIENT_INSTRUCTION");
    }

    @Test
    void dataKeptForAnOrganisationNotLinkedToAClientIsNamedForStaff() {
        String org = organisation("Onbekende opdrachtgever");
        String[] person = keyholder(org);
        String reference = verifiedRequest(person[1]);
        JsonNode request = api.get("/api/v1/requests/" + reference).json();
        assertThat(request.path("forwards").size()).isZero();
        assertThat(request.path("history").findValuesAsString("text"))
                .anyMatch(t -> t.contains("keyholders") && t.contains("not linked"));
    }
}
