package nl.waarborg.requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
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
 * Requests through the API on the embedded PostgreSQL: received on a staff channel with the postmark's day, matched
 * to the subject, linked to an open request of the same person, moved from state to state with a history, audited
 * per subject, and bad input refused on its field.
 */
@WaarborgTest
class RequestsApiTests {

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
        api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write", "requests:read", "requests:write");
        db = new JdbcTemplate(dataSource);
    }

    /** A subject with an e-mail address on file; answers the address. */
    String subjectWithEmail() {
        String email = "req-" + UUID.randomUUID() + "@example.nl";
        TestApi.Response s = api.post(
                "/api/v1/subjects",
                "{\"displayName\":\"Verzoeker\",\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"" + email + "\"}]}");
        assertThat(s.status()).as(s.body()).isEqualTo(201);
        return s.json().path("id").asString() + " " + email;
    }

    TestApi.Response submit(String json) {
        return api.post("/api/v1/requests", json);
    }

    @Test
    void aLetterIsReceivedOnItsPostmarkDayMatchedAndMovedOnToItsAnswer() {
        String[] subject = subjectWithEmail().split(" ");
        LocalDate postmark = TODAY.minusDays(3);
        TestApi.Response r = submit("{\"channel\":\"LETTER\",\"receivedOn\":\"" + postmark
                + "\",\"rights\":[\"ACCESS\",\"erasure\"],\"language\":\"en\",\"requesterName\":\"A. Verzoeker\","
                + "\"email\":\"" + subject[1].toUpperCase() + "\",\"description\":\"Everything you have on me\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode created = r.json();
        String reference = created.path("reference").asString();
        assertThat(reference).matches(postmark.getYear() + "-\\d{4,}");
        assertThat(created.path("state").asString()).isEqualTo("RECEIVED");
        assertThat(created.path("receivedOn").asString()).isEqualTo(postmark.toString());
        assertThat(created.path("subjects").toString()).contains(subject[0]);
        assertThat(created.path("registerVersion").isNumber()).isTrue();
        JsonNode deadline =
                api.get("/api/v1/requests/deadline?received=" + postmark).json();
        assertThat(created.path("deadline").path("dueOn").asString())
                .isEqualTo(deadline.path("dueOn").asString());

        assertThat(api.get("/api/v1/requests").body()).contains(reference);
        assertThat(api.get("/api/v1/requests?type=RECTIFICATION").body()).doesNotContain(reference);

        assertThat(step(reference, "verification-requests", "{\"note\":\"code sent to the address on file\"}")
                        .path("paused")
                        .asBoolean())
                .isTrue();
        JsonNode verified = step(reference, "verification", "{\"method\":\"ONE_TIME_CODE\"}");
        assertThat(verified.path("state").asString()).isEqualTo("VERIFIED");
        assertThat(verified.path("paused").asBoolean()).isFalse();
        step(reference, "assignment", "{\"assignee\":\"privacy-desk\"}");
        assertThat(api.get("/api/v1/requests?assignee=privacy-desk").body()).contains(reference);
        step(reference, "start", "{}");
        JsonNode answered = step(reference, "answer", "{\"summary\":\"Access package sent by post\"}");
        assertThat(answered.path("state").asString()).isEqualTo("ANSWERED");
        assertThat(answered.path("history").findValuesAsString("kind"))
                .containsExactly("RECEIVED", "VERIFICATION_REQUESTED", "VERIFIED", "ASSIGNED", "STARTED", "ANSWERED");
        assertThat(api.get("/api/v1/requests").body())
                .as("closed ones leave the queue")
                .doesNotContain(reference);
        assertThat(api.get("/api/v1/requests?state=ANSWERED").body()).contains(reference);

        // Every step is in the audit trail under the matched subject, without the requester's details.
        String requestId =
                db.queryForObject("SELECT id::text FROM request WHERE reference = ?", String.class, reference);
        assertThat(db.queryForList(
                        "SELECT details->>'step' FROM audit_entry WHERE target_type = 'request' AND target_id = ?"
                                + " AND subject_id = ? ORDER BY id",
                        String.class,
                        requestId,
                        subject[0]))
                .containsExactly("receive", "verification-requested", "verified", "assigned", "started", "answered");
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM audit_entry WHERE target_type = 'request' AND (details::text LIKE ?"
                                + " OR purpose LIKE ?)",
                        Long.class,
                        "%" + subject[1] + "%",
                        "%Verzoeker%"))
                .isZero();
    }

    JsonNode step(String reference, String step, String json) {
        TestApi.Response r = api.post("/api/v1/requests/" + reference + "/" + step, json);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void aSecondRequestOfTheSamePersonIsLinkedToTheOpenOneNotLost() {
        String[] subject = subjectWithEmail().split(" ");
        String first = submit("{\"channel\":\"API\",\"rights\":[\"ACCESS\"],\"email\":\"" + subject[1] + "\"}")
                .json()
                .path("reference")
                .asString();
        TestApi.Response second = submit("{\"channel\":\"PHONE\",\"receivedOn\":\"" + TODAY
                + "\",\"rights\":[\"ERASURE\"],\"phone\":\"0612345678\",\"identifiers\":[\"" + subject[1] + "\"]}");
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        assertThat(second.json().path("duplicateOf").asString()).isEqualTo(first);
        assertThat(api.get("/api/v1/requests/" + first).json().path("history").findValuesAsString("text"))
                .contains(second.json().path("reference").asString());
    }

    @Test
    void badInputIsRefusedOnItsFieldAndNothingIsStored() {
        long before = db.queryForObject("SELECT count(*) FROM request", Long.class);
        assertProblem(
                submit("{\"channel\":\"LETTER\",\"rights\":[\"ACCESS\"],\"email\":\"a@example.nl\"}"),
                400,
                "receivedOn");
        assertProblem(
                submit("{\"channel\":\"LETTER\",\"receivedOn\":\"" + TODAY.plusDays(1)
                        + "\",\"rights\":[\"ACCESS\"],\"email\":\"a@example.nl\"}"),
                400,
                "receivedOn");
        assertProblem(
                submit("{\"channel\":\"PIGEON\",\"rights\":[\"ACCESS\"],\"email\":\"a@example.nl\"}"), 400, "channel");
        assertProblem(submit("{\"channel\":\"API\",\"rights\":[],\"email\":\"a@example.nl\"}"), 400, "rights");
        assertProblem(
                submit("{\"channel\":\"API\",\"rights\":[\"FORGET_ME\"],\"email\":\"a@example.nl\"}"),
                400,
                "rights[0]");
        assertProblem(submit("{\"channel\":\"API\",\"rights\":[\"ACCESS\"]}"), 400, "email");
        assertProblem(
                submit("{\"channel\":\"API\",\"rights\":[\"ACCESS\"],\"email\":\"not-an-address\"}"), 400, "email");
        // What the mail library would refuse is refused here, not later as a letter that cannot be stored.
        assertProblem(
                submit("{\"channel\":\"API\",\"rights\":[\"ACCESS\"],\"email\":\"a..b@example.nl\"}"), 400, "email");
        assertProblem(
                submit("{\"channel\":\"API\",\"rights\":[\"ACCESS\"],\"email\":\"a@example.nl\","
                        + "\"description\":\"a\\u0000b\"}"),
                400,
                "description");
        assertProblem(
                submit("{\"channel\":\"API\",\"rights\":[\"ACCESS\"],\"email\":\"a@example.nl\",\"description\":\""
                        + "x".repeat(10_001) + "\"}"),
                400,
                "description");
        assertProblem(
                submit("{\"channel\":\"API\",\"rights\":[\"ACCESS\"],\"language\":\"fr\",\"email\":\"a@example.nl\"}"),
                400,
                "language");
        assertThat(submit("").status()).isEqualTo(400);
        assertThat(submit("{\"channel\":").status()).isEqualTo(400);
        assertThat(submit("[]").status()).isEqualTo(400);
        assertThat(db.queryForObject("SELECT count(*) FROM request", Long.class))
                .isEqualTo(before);

        assertProblem(api.get("/api/v1/requests/1999-0001"), 404, "reference");
        assertProblem(api.get("/api/v1/requests/..%2F..%2Fetc"), 400, null);
        assertProblem(api.get("/api/v1/requests/2026-0x01"), 404, "reference");
        assertProblem(api.get("/api/v1/requests/deadline?received=2026-02-30"), 400, "received");
        assertProblem(api.get("/api/v1/requests/deadline"), 400, "received");
        assertProblem(api.get("/api/v1/requests?state=LOST"), 400, "state");

        String reference = submit("{\"channel\":\"API\",\"rights\":[\"ACCESS\"],\"email\":\"x-" + UUID.randomUUID()
                        + "@example.nl\"}")
                .json()
                .path("reference")
                .asString();
        TestApi.Response tooEarly = api.post("/api/v1/requests/" + reference + "/answer", "{\"summary\":\"done\"}");
        assertProblem(tooEarly, 409, "state");
        assertThat(tooEarly.body()).contains("urn:waarborg:problem:request-state");
        assertProblem(api.post("/api/v1/requests/" + reference + "/refusal", "{\"reasons\":\"\"}"), 400, "reasons");
        assertProblem(
                api.post("/api/v1/requests/" + reference + "/extension", "{\"months\":3,\"reason\":\"x\"}"),
                400,
                "months");
        assertProblem(api.post("/api/v1/requests/" + reference + "/extension", "{\"months\":1}"), 400, "reason");
        assertThat(api.get("/api/v1/requests/" + reference)
                        .json()
                        .path("history")
                        .size())
                .isEqualTo(1);
    }

    @Autowired
    nl.waarborg.requests.internal.RequestDesk desk;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    @Test
    void aRequestWhoseIdentityInformationNeverCameIsClosedWithTheReasonInItsLanguage() {
        String reference = submit("{\"channel\":\"PHONE\",\"receivedOn\":\"" + TODAY.minusDays(3)
                        + "\",\"rights\":[\"ERASURE\"],\"language\":\"en\",\"phone\":\"+31612345678\"}")
                .json()
                .path("reference")
                .asString();
        step(reference, "verification-requests", "{\"note\":\"code sent\"}");
        var tx = new org.springframework.transaction.support.TransactionTemplate(transactions);
        // Not yet: it has waited 0 days, the limit here is 1.
        desk.closeStaleVerifications(1, tx);
        assertThat(api.get("/api/v1/requests/" + reference).json().path("state").asString())
                .isEqualTo("AWAITING_VERIFICATION");
        assertThat(desk.closeStaleVerifications(0, tx)).isPositive();
        JsonNode closed = api.get("/api/v1/requests/" + reference).json();
        assertThat(closed.path("state").asString()).isEqualTo("CLOSED_UNVERIFIED");
        assertThat(closed.path("outcome").asString()).startsWith("No identity information was received within 0 days");
        assertThat(closed.path("history").findValuesAsString("actor")).last().isEqualTo("SYSTEM:waarborg");
    }

    @Test
    void anEmailStaffEnterLaterCountsFromTheDayItArrived() {
        JsonNode r = submit("{\"channel\":\"EMAIL\",\"receivedOn\":\"" + TODAY.minusDays(3)
                        + "\",\"rights\":[\"ACCESS\"],\"email\":\"late-" + UUID.randomUUID() + "@example.nl\"}")
                .json();
        assertThat(r.path("receivedOn").asString()).isEqualTo(TODAY.minusDays(3).toString());
    }

    @Test
    void aVerifiedRequesterLearnsOnWhichDaysAndWhyTheirDataWasConsultedButNotByWhom() {
        String[] subject = subjectWithEmail().split(" ");
        // Someone looks the person up, for a stated purpose.
        assertThat(api.get("/api/v1/subjects/" + subject[0] + "?purpose=billing%20dispute")
                        .status())
                .isEqualTo(200);
        String reference = submit("{\"channel\":\"API\",\"rights\":[\"ACCESS\"],\"email\":\"" + subject[1] + "\"}")
                .json()
                .path("reference")
                .asString();
        TestApi.Response early = api.get("/api/v1/requests/" + reference + "/consultations");
        assertThat(early.status()).as("not before the request is verified").isEqualTo(409);
        step(reference, "verification", "{\"method\":\"KNOWN_CONTACT\"}");
        TestApi.Response r = api.get("/api/v1/requests/" + reference + "/consultations");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().findValuesAsString("purpose")).contains("billing dispute");
        assertThat(r.json().path(0).path("day").asString()).isEqualTo(TODAY.toString());
        assertThat(r.body())
                .doesNotContain("API_TOKEN")
                .doesNotContain("STAFF:")
                .doesNotContain("actor");
    }

    @Test
    void theDeadlineEndpointNamesTheDaysItSkipped() {
        JsonNode due = api.get("/api/v1/requests/deadline?received=2026-03-05").json();
        assertThat(due.path("dueOn").asString()).isEqualTo("2026-04-07");
        assertThat(due.path("skipped").findValuesAsString("reason")).containsExactly("sunday", "easter-monday");
    }

    @Test
    void aTokenWithoutTheRequestsScopeSeesNothing() {
        TestApi other = TestApi.withScopes(port, tokens, "subjects:read");
        assertThat(other.get("/api/v1/requests").status()).isEqualTo(403);
        TestApi reader = TestApi.withScopes(port, tokens, "requests:read");
        assertThat(reader.post("/api/v1/requests", "{\"channel\":\"API\",\"rights\":[\"ACCESS\"],\"email\":\"a@b.nl\"}")
                        .status())
                .isEqualTo(403);
    }

    static void assertProblem(TestApi.Response r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(r.json().path("field").asString()).as(r.body()).isEqualTo(field);
        }
    }
}
