package nl.waarborg.requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
 * The access package of Art. 15: from every place, in the person's language, with the register's answers to 15(1) and
 * (2), the recordings as audio, the consultations of their data, other people's numbers masked and nobody else's data;
 * kept sealed until its link expires, handed out only through the portal with a code.
 */
@WaarborgTest
class AccessPackageTests {

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

    @Test
    void aGroupOfRecipientsIsNamedByWhereItsMembersAreListed() {
        String yaml = TestRegisters.template();
        String contacts = "      - key: customer-contacts\n";
        int at = yaml.indexOf(contacts);
        int recipients = yaml.indexOf("        recipients: [hosting]\n", at);
        assertThat(at).isPositive();
        assertThat(recipients).isGreaterThan(at);
        String grouped = yaml.substring(0, recipients) + "        recipients: [hosting, telecom-providers]\n"
                + yaml.substring(recipients + "        recipients: [hosting]\n".length());
        grouped = grouped.replace(
                "recipients:\n  - key: hosting\n",
                "recipients:\n  - key: telecom-providers\n    name: {nl: onze telecomaanbieders, en: our telecom"
                        + " providers}\n    kind: independent-controller\n    group: true\n    listUrl:"
                        + " https://www.provider.example/telecomaanbieders\n  - key: hosting\n");
        TestRegisters.apply(editor, registers, grouped, "tests: a group of recipients");
        try {
            PersonWithData p = PersonWithData.create(api, 1, 0);
            String reference = p.verifiedRequest(api, "\"ACCESS\"", "nl");
            Map<String, byte[]> zip =
                    PersonWithData.unzip(api.getBytes("/api/v1/requests/" + reference + "/package", 200));
            assertThat(new String(zip.get("overzicht.html"), StandardCharsets.UTF_8))
                    .contains("onze telecomaanbieders")
                    .contains("wie dat zijn, staat op https://www.provider.example/telecomaanbieders");
        } finally {
            TestRegisters.templateInForce(editor, registers);
        }
    }

    @Test
    void thePackageHoldsThePersonsDataFromEveryPlaceAndNobodyElses() {
        PersonWithData p = PersonWithData.create(api, 4, 6);
        // Someone looked at the person's data before the request: the package lists the day and the purpose.
        assertThat(api.get("/api/v1/subjects/" + p.subjectId() + "?purpose=ticket-4711")
                        .status())
                .isEqualTo(200);
        String reference = p.verifiedRequest(api, "\"ACCESS\"", "nl");

        Map<String, byte[]> zip = PersonWithData.unzip(api.getBytes("/api/v1/requests/" + reference + "/package", 200));
        assertThat(zip.keySet())
                .contains(
                        "overzicht.html",
                        "overzicht.pdf",
                        "gegevens.json",
                        "gegevens/customer-contacts.csv",
                        "gegevens/invoices.csv",
                        "gegevens/telecom.traffic_data.csv",
                        "gegevens/telecom.call_recording.csv",
                        "raadplegingen.csv",
                        "toestemmingen.csv",
                        "opnames/" + p.recordingId() + ".wav");
        assertThat(zip.get("opnames/" + p.recordingId() + ".wav"))
                .as("the recording as the audio file that was stored")
                .isEqualTo(p.audio());
        assertThat(new String(zip.get("overzicht.pdf"), 0, 5, StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");

        String json = new String(zip.get("gegevens.json"), StandardCharsets.UTF_8);
        JsonNode data = TestApi.JSON.readTree(json);
        assertThat(data.path("request").asString()).isEqualTo(reference);
        assertThat(json).contains(p.ownMarker()).doesNotContain(p.otherMarker());
        // The person's own number in full, the other party's masked to its country code.
        assertThat(json).contains(p.mobileE164()).doesNotContain(p.otherNumber());
        assertThat(json).contains("+31" + "*".repeat(p.otherNumber().length() - 3));
        long calls = 0;
        for (JsonNode item : data.path("data")) {
            if (item.path("place").asString().equals("traffic")) {
                calls++;
                JsonNode call = item.path("data");
                boolean outgoing = call.path("calling").asString().equals(p.mobileE164());
                assertThat(
                                outgoing
                                        ? call.path("called").asString()
                                        : call.path("calling").asString())
                        .startsWith("+31*");
            }
            if (item.path("place").asString().equals("recordings")) {
                assertThat(item.path("data").path("audioFile").asString())
                        .isEqualTo("opnames/" + p.recordingId() + ".wav");
                assertThat(item.path("data").has("audio")).isFalse();
            }
        }
        assertThat(calls).isEqualTo(6);
        assertThat(data.path("places").findValuesAsString("place")).contains("built-in", "recordings", "traffic");

        String csv = new String(zip.get("gegevens/customer-contacts.csv"), StandardCharsets.UTF_8);
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("place,location,key,timestamp");
        assertThat(csv).contains("payload.note").contains(p.ownMarker()).doesNotContain(p.otherMarker());
        assertThat(csv.lines().count()).isEqualTo(3);
        String trafficCsv = new String(zip.get("gegevens/telecom.traffic_data.csv"), StandardCharsets.UTF_8);
        assertThat(trafficCsv).doesNotContain(p.otherNumber()).contains(p.mobileE164());

        String consultations = new String(zip.get("raadplegingen.csv"), StandardCharsets.UTF_8);
        assertThat(consultations).startsWith("day,purpose,times").contains("ticket-4711");

        String html = new String(zip.get("overzicht.html"), StandardCharsets.UTF_8);
        // Art. 15(1): the purposes, the named recipients (not only their kinds), the retention, the authority.
        assertThat(html)
                .contains("lang=\"nl\"")
                .contains("Wie het van ons krijgt")
                .contains("Autoriteit Persoonsgegevens")
                .contains("Hoe lang we het bewaren")
                .contains("afgeschermd met sterretjes")
                .doesNotContain(p.otherMarker());
        String named = db.queryForObject(
                        "SELECT count(*) FROM audit_entry WHERE purpose = ? AND action = 'EXPORT' AND target_type = 'data_store'",
                        Long.class,
                        "request " + reference)
                .toString();
        assertThat(Long.parseLong(named))
                .as("every place's export audited with the request")
                .isGreaterThanOrEqualTo(3);
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM audit_entry WHERE purpose = ? AND details::text LIKE ?",
                        Long.class,
                        "request " + reference,
                        "%" + p.mobileE164() + "%"))
                .as("no personal data in the audit trail")
                .isZero();
    }

    @Test
    void aPreparedPackageIsSealedAndReachesThePersonOnlyThroughTheAnswersLinkAndACode() {
        PersonWithData p = PersonWithData.create(api, 2, 2);
        String reference = p.verifiedRequest(api, "\"ACCESS\"", "en");

        TestApi.Response prepared = api.post("/api/v1/requests/" + reference + "/package", "");
        assertThat(prepared.status()).as(prepared.body()).isEqualTo(200);
        JsonNode view = prepared.json();
        assertThat(view.path("items").asLong()).isEqualTo(2 + 1 + 2);
        assertThat(view.path("recordings").asInt()).isEqualTo(1);
        assertThat(view.path("complete").asBoolean()).isTrue();
        byte[] sealed = db.queryForObject(
                "SELECT sealed FROM request_package WHERE id = ?::uuid",
                byte[].class,
                view.path("id").asString());
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1))
                .as("sealed at rest: neither the marker nor the ZIP's file names readable")
                .doesNotContain(p.ownMarker())
                .doesNotContain("data.json");

        JsonNode request = api.get("/api/v1/requests/" + reference).json();
        assertThat(request.path("state").asString()).isEqualTo("IN_PROGRESS");
        assertThat(request.path("history").findValuesAsString("kind")).contains("CARRIED_OUT_ACCESS");

        // Before the answer the link does not exist; the answer's letter carries it.
        TestApi.Response answered =
                api.post("/api/v1/requests/" + reference + "/answer", "{\"summary\":\"Your data is in the package.\"}");
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        String letter = db.queryForObject(
                "SELECT body FROM mail_message WHERE reference = ? AND subject LIKE '%our answer%'",
                String.class, "request " + reference);
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("/portal/package/([A-Za-z0-9_-]{43})")
                .matcher(letter);
        assertThat(link.find()).as(letter).isTrue();
        assertThat(letter).contains("free of charge");
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM request_event e JOIN request r ON r.id = e.request_id"
                                + " WHERE r.reference = ? AND e.text LIKE ?",
                        Long.class,
                        reference,
                        "%" + link.group(1) + "%"))
                .as("the link is in the letter only, never in the history")
                .isZero();

        TestApi anonymous = new TestApi(port, null);
        TestApi.Response page = anonymous.get("/portal/package/" + link.group(1) + "?lang=en");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Send me a code").doesNotContain("id=\"download\"");
        assertThat(anonymous
                        .get("/portal/package/" + link.group(1) + "/download")
                        .status())
                .as("no download without a code confirmed in this browser")
                .isIn(303, 302);
        assertThat(anonymous.get("/portal/package/" + "A".repeat(43)).status()).isEqualTo(404);
        assertThat(anonymous.get("/portal/package/%00").status()).isIn(400, 404);
    }

    @Test
    void noPackageForARequestThatIsNotVerifiedOrDoesNotAskForAccess() {
        PersonWithData p = PersonWithData.create(api, 1, 0);
        String unverified = api.post(
                        "/api/v1/requests",
                        "{\"channel\":\"API\",\"rights\":[\"ACCESS\"],\"language\":\"nl\",\"email\":\"" + p.email()
                                + "\"}")
                .json()
                .path("reference")
                .asString();
        TestApi.Response refused = api.post("/api/v1/requests/" + unverified + "/package", "");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body()).contains("not verified");

        String erasure = p.verifiedRequest(api, "\"ERASURE\"", "nl");
        TestApi.Response notAccess = api.post("/api/v1/requests/" + erasure + "/package", "");
        assertThat(notAccess.status()).isEqualTo(409);
        assertThat(notAccess.json().path("field").asString()).isEqualTo("rights");
        assertThat(api.get("/api/v1/requests/2026-999999/package").status()).isEqualTo(404);
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM request_package k JOIN request r ON r.id = k.request_id"
                                + " WHERE r.reference IN (?, ?)",
                        Long.class,
                        unverified,
                        erasure))
                .isZero();
    }

    @Test
    void aShieldedNumberKeepsItsFlagInEveryItemThatHoldsIt() {
        PersonWithData p = PersonWithData.create(api, 2, 4);
        String phoneId = null;
        String emailId = null;
        for (Map<String, Object> i : db.queryForList(
                "SELECT id::text AS id, kind, shielded FROM subject_identifier WHERE subject_id = ?::uuid",
                p.subjectId())) {
            if (i.get("kind").equals("PHONE")) {
                phoneId = (String) i.get("id");
            } else {
                emailId = (String) i.get("id");
            }
            assertThat(i.get("shielded")).as("nothing is shielded unless asked").isEqualTo(false);
        }
        // Only a number can be kept out of directories; an e-mail address marked so is refused, nothing changes.
        TestApi.Response refused = api.put(
                "/api/v1/subjects/" + p.subjectId() + "/identifiers/" + emailId,
                "{\"kind\":\"EMAIL\",\"value\":\"" + p.email() + "\",\"shielded\":true}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().path("field").asString()).isEqualTo("shielded");
        TestApi.Response marked = api.put(
                "/api/v1/subjects/" + p.subjectId() + "/identifiers/" + phoneId,
                "{\"kind\":\"PHONE\",\"value\":\"" + p.mobile() + "\",\"shielded\":true}");
        assertThat(marked.status()).as(marked.body()).isEqualTo(200);
        assertThat(marked.json().path("shielded").asBoolean()).isTrue();
        // A client that does not know the flag changes the source system: the number stays shielded.
        TestApi.Response unaware = api.put(
                "/api/v1/subjects/" + p.subjectId() + "/identifiers/" + phoneId,
                "{\"kind\":\"PHONE\",\"value\":\"" + p.mobile() + "\",\"sourceSystem\":\"crm\"}");
        assertThat(unaware.json().path("shielded").asBoolean()).isTrue();

        String reference = p.verifiedRequest(api, "\"ACCESS\"", "nl");
        Map<String, byte[]> zip = PersonWithData.unzip(api.getBytes("/api/v1/requests/" + reference + "/package", 200));
        JsonNode data = TestApi.JSON.readTree(new String(zip.get("gegevens.json"), StandardCharsets.UTF_8));
        assertThat(data.path("numbers").size()).isEqualTo(1);
        assertThat(data.path("numbers").get(0).path("number").asString()).isEqualTo(p.mobileE164());
        assertThat(data.path("numbers").get(0).path("shielded").asBoolean()).isTrue();
        int calls = 0;
        for (JsonNode item : data.path("data")) {
            String place = item.path("place").asString();
            boolean holdsNumber = place.equals("traffic") || place.equals("recordings");
            assertThat(item.path("shielded").asBoolean())
                    .as("an item of %s carries the flag exactly when it holds the number", place)
                    .isEqualTo(holdsNumber);
            calls += place.equals("traffic") ? 1 : 0;
        }
        assertThat(calls).isEqualTo(4);
        String traffic = new String(zip.get("gegevens/telecom.traffic_data.csv"), StandardCharsets.UTF_8);
        List<String> lines = traffic.lines().toList();
        int column = List.of(lines.get(0).split(",")).indexOf("shielded");
        assertThat(column).isEqualTo(4);
        assertThat(lines.subList(1, lines.size()))
                .hasSize(4)
                .allSatisfy(line -> assertThat(line.split(",")[column]).isEqualTo("true"));
        String contacts = new String(zip.get("gegevens/customer-contacts.csv"), StandardCharsets.UTF_8);
        assertThat(contacts.lines().skip(1))
                .allSatisfy(line -> assertThat(line.split(",")[4]).isEqualTo("false"));
    }
}
