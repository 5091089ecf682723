package nl.waarborg.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
 * The consent ledger through its API: a consent given on the website with its wording and proof, asked before a
 * mailing, withdrawn by a newsletter's one-click unsubscribe (RFC 8058) without an account or a CSRF token, and shown
 * in the processing-status index. Only purposes the register rests on consent can be recorded.
 */
@WaarborgTest
class ConsentLedgerTests {

    static final String WORDING = "Ja, stuur mij de nieuwsbrief met tips en aanbiedingen. Afmelden kan altijd.";

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

    TestApi signUpForm;
    TestApi newsletterTool;
    JdbcTemplate db;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        TestRegisters.templateInForce(editor, registers);
        signUpForm = TestApi.withScopes(port, tokens, "subjects:write");
        newsletterTool = TestApi.withScopes(port, tokens, "status:read");
        db = new JdbcTemplate(dataSource);
    }

    String given(String email) {
        return "{\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"" + email + "\"}],\"purpose\":\"newsletter\","
                + "\"event\":\"GIVEN\",\"channel\":\"WEBSITE\",\"wording\":\"" + WORDING + "\","
                + "\"submissionId\":\"form-81723\",\"ipAddress\":\"192.168.10.77\"}";
    }

    JsonNode state(String email) {
        TestApi.Response r = newsletterTool.get("/api/v1/consents/state?kind=EMAIL&purpose=newsletter&identifier="
                + URLEncoder.encode(email, StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void aConsentGivenOnTheWebsiteIsProvenAndWithdrawnWithOneClick() throws Exception {
        String email = "Lid-" + UUID.randomUUID() + "@Example.nl";
        TestApi.Response recorded = signUpForm.post("/api/v1/consents", given(email));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        assertThat(recorded.json().path("wordingSha256").asString()).hasSize(64);
        assertThat(signUpForm.post("/api/v1/consents", given(email)).status()).isEqualTo(201);
        assertThat(db.queryForObject("SELECT count(*) FROM consent_wording WHERE wording = ?", Long.class, WORDING))
                .as("the wording is stored once")
                .isEqualTo(1);
        assertThat(db.queryForList(
                        "SELECT ip_prefix FROM consent_event WHERE submission_id = 'form-81723' AND identifier_hash = ?",
                        String.class,
                        ConsentLedger.hash(new nl.waarborg.subjects.Identifier(
                                nl.waarborg.subjects.IdentifierKind.EMAIL, email.toLowerCase()))))
                .as("only the network part of the address is kept")
                .containsOnly("192.168.10.0/24");
        assertThat(db.queryForObject("SELECT count(*) FROM consent_event WHERE identifier_hash LIKE '%@%'", Long.class))
                .isZero();

        JsonNode before = state(email.toLowerCase());
        assertThat(before.get(0).path("consented").asBoolean()).isTrue();
        assertThat(before.get(0).path("channel").asString()).isEqualTo("WEBSITE");

        JsonNode link = newsletterTool
                .get("/api/v1/consents/unsubscribe-link?kind=EMAIL&purpose=newsletter&identifier="
                        + URLEncoder.encode(email, StandardCharsets.UTF_8))
                .json();
        String url = link.path("url").asString();
        assertThat(url).contains("/portal/unsubscribe/");
        assertThat(link.path("List-Unsubscribe-Post").asString()).isEqualTo("List-Unsubscribe=One-Click");

        // Opening the link (a person, or a mail scanner) changes nothing.
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(url + "?lang=en")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Unsubscribe");
        assertThat(state(email).get(0).path("consented").asBoolean()).isTrue();

        // The mail client's one-click POST: no session, no CSRF token.
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> click = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(click.statusCode()).as(click.body()).isEqualTo(200);
        }
        JsonNode after = state(email);
        assertThat(after.get(0).path("consented").asBoolean()).isFalse();
        assertThat(after.get(0).path("channel").asString()).isEqualTo("EMAIL");
        assertThat(newsletterTool
                        .get("/api/v1/processing-status?kind=EMAIL&identifier="
                                + URLEncoder.encode(email, StandardCharsets.UTF_8))
                        .json()
                        .path("consentWithdrawn")
                        .toString())
                .contains("newsletter");
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM consent_event WHERE event = 'WITHDRAWN' AND identifier_hash = ?",
                        Long.class,
                        ConsentLedger.hash(new nl.waarborg.subjects.Identifier(
                                nl.waarborg.subjects.IdentifierKind.EMAIL, email.toLowerCase()))))
                .as("a second click records nothing new")
                .isEqualTo(1);

        // A link Waarborg did not make, or one changed by a single character, does nothing.
        String forged = url.substring(0, url.length() - 1) + (url.endsWith("A") ? "B" : "A");
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(forged))
                                        .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                                        .header("Content-Type", "application/x-www-form-urlencoded")
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(404);

        // The link of an address that never consented unsubscribes, and records no withdrawal of nothing.
        String stranger = "nooit-" + UUID.randomUUID() + "@example.nl";
        String strangerUrl = newsletterTool
                .get("/api/v1/consents/unsubscribe-link?kind=EMAIL&purpose=newsletter&identifier="
                        + URLEncoder.encode(stranger, StandardCharsets.UTF_8))
                .json()
                .path("url")
                .asString();
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(strangerUrl))
                                        .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                                        .header("Content-Type", "application/x-www-form-urlencoded")
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM consent_event WHERE identifier_hash = ?",
                        Long.class,
                        ConsentLedger.hash(new nl.waarborg.subjects.Identifier(
                                nl.waarborg.subjects.IdentifierKind.EMAIL, stranger))))
                .isZero();
    }

    @Autowired
    ConsentLedger ledger;

    ConsentLedger.PurposeCounts newsletterCounts() {
        return ledger.counts().stream()
                .filter(c -> c.purpose().equals("newsletter"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theConsoleCountsEachIdentifierByItsNewestEvent() {
        ConsentLedger.PurposeCounts before = newsletterCounts();
        String stays = "blijft-" + UUID.randomUUID() + "@example.nl";
        String leaves = "gaat-" + UUID.randomUUID() + "@example.nl";
        assertThat(signUpForm.post("/api/v1/consents", given(stays)).status()).isEqualTo(201);
        assertThat(signUpForm.post("/api/v1/consents", given(leaves)).status()).isEqualTo(201);
        assertThat(signUpForm
                        .post("/api/v1/consents", given(leaves).replace("\"GIVEN\"", "\"WITHDRAWN\""))
                        .status())
                .isEqualTo(201);
        ConsentLedger.PurposeCounts after = newsletterCounts();
        assertThat(after.consented() - before.consented()).isEqualTo(1);
        assertThat(after.withdrawn() - before.withdrawn()).isEqualTo(1);
    }

    @Test
    void onlyWhatTheRegisterRestsOnConsentIsRecordedAndBadInputIsNamed() {
        String email = "x-" + UUID.randomUUID() + "@example.nl";
        for (String[] bad : List.of(
                new String[] {given(email).replace("newsletter", "invoices"), "purpose"},
                new String[] {given(email).replace("newsletter", "nope"), "purpose"},
                new String[] {given(email).replace(",\"wording\":\"" + WORDING + "\"", ""), "wording"},
                new String[] {given(email).replace("192.168.10.77", "999.1.1.1"), "ipAddress"},
                new String[] {given(email).replace("192.168.10.77", "not an address"), "ipAddress"},
                new String[] {given(email).replace("\"GIVEN\"", "\"MAYBE\""), "event"},
                new String[] {given(email).replace("\"WEBSITE\"", "\"PIGEON\""), "channel"},
                new String[] {given(email).replace(email, "not-an-email"), "identifiers[0]"},
                new String[] {
                    given(email).replace("[{\"kind\":\"EMAIL\",\"value\":\"" + email + "\"}]", "[]"), "identifiers"
                })) {
            TestApi.Response r = signUpForm.post("/api/v1/consents", bad[0]);
            assertThat(r.status()).as(bad[0]).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().path("field").asString()).as(bad[0]).isEqualTo(bad[1]);
        }
        assertThat(newsletterTool.post("/api/v1/consents", given(email)).status())
                .as("asking is not recording")
                .isEqualTo(403);
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM consent_event WHERE identifier_hash = ?",
                        Long.class,
                        ConsentLedger.hash(
                                new nl.waarborg.subjects.Identifier(nl.waarborg.subjects.IdentifierKind.EMAIL, email))))
                .isZero();
    }
}
