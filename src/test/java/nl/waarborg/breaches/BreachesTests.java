package nl.waarborg.breaches;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
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
import tools.jackson.databind.JsonNode;

/**
 * The breach register through its API, as a privacy officer uses it: report, complete the facts, decide with reasons
 * (the law's rules enforced), notify the authority with the form filled in, tell the people, close; every step in the
 * history and the audit trail. Bad input is refused naming the field, and a refused step changes nothing.
 */
@WaarborgTest
class BreachesTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    TestApi officer;

    @BeforeEach
    void setUp() {
        TestRegisters.templateInForce(editor, registers);
        officer = TestApi.withScopes(port, tokens, "breaches:read", "breaches:write");
    }

    String report(String aware) {
        TestApi.Response r = officer.post(
                "/api/v1/breaches",
                "{\"title\":\"Laptop met klantexport gestolen\",\"description\":\"Een laptop met een export van"
                        + " klantcontacten is uit een auto gestolen.\",\"awareAt\":\"" + aware + "\","
                        + "\"nature\":[\"CONFIDENTIALITY\"],\"categories\":[\"customer-contacts\"],"
                        + "\"peopleApprox\":1200,\"encrypted\":false}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("breach").path("reference").asString();
    }

    @Test
    void aBreachGoesFromReportToClosedWithEveryStepRecorded() {
        String aware = java.time.Instant.now().minusSeconds(3600).toString();
        String ref = report(aware);
        assertThat(ref).matches("DL-\\d{4}-\\d{4}");
        JsonNode b = officer.get("/api/v1/breaches/" + ref).json();
        assertThat(b.path("breach").path("state").asString()).isEqualTo("REPORTED");
        assertThat(b.path("breach").path("deadlineHours").asInt())
                .as("the template's provider offers telecom: 24 hours")
                .isEqualTo(24);
        assertThat(b.path("minutesLeft").asLong()).isBetween(22L * 60, 23L * 60);

        // The law's rules on the decision.
        TestApi.Response noReasons = officer.post("/api/v1/breaches/" + ref + "/assessment", "{\"risk\":\"HIGH\"}");
        assertThat(noReasons.status()).isEqualTo(400);
        assertThat(noReasons.json().path("field").asString()).isEqualTo("reasons");
        TestApi.Response riskNotNotified = officer.post(
                "/api/v1/breaches/" + ref + "/assessment",
                "{\"risk\":\"RISK\",\"notifyAuthority\":false,\"reasons\":\"Klein.\"}");
        assertThat(riskNotNotified.json().path("field").asString()).isEqualTo("notifyAuthority");
        TestApi.Response highNotTold = officer.post(
                "/api/v1/breaches/" + ref + "/assessment",
                "{\"risk\":\"HIGH\",\"notifyPeople\":false,\"reasons\":\"Adressen en telefoonnummers.\"}");
        assertThat(highNotTold.json().path("field").asString()).isEqualTo("peopleExemption");
        TestApi.Response notEncrypted = officer.post(
                "/api/v1/breaches/" + ref + "/assessment",
                "{\"risk\":\"HIGH\",\"peopleExemption\":\"ENCRYPTED\",\"reasons\":\"Versleuteld.\"}");
        assertThat(notEncrypted.json().path("field").asString()).isEqualTo("peopleExemption");
        assertThat(officer.get("/api/v1/breaches/" + ref)
                        .json()
                        .path("breach")
                        .path("state")
                        .asString())
                .as("refused steps change nothing")
                .isEqualTo("REPORTED");
        TestApi.Response noticeFirst =
                officer.post("/api/v1/breaches/" + ref + "/authority-notice", "{\"authorityReference\":\"AP-1\"}");
        assertThat(noticeFirst.status()).isEqualTo(409);

        JsonNode assessed = officer.post(
                        "/api/v1/breaches/" + ref + "/assessment",
                        "{\"risk\":\"HIGH\",\"reasons\":\"Namen, adressen en telefoonnummers van 1.200 klanten op een"
                                + " onversleutelde laptop: kans op phishing.\"}")
                .json();
        assertThat(assessed.path("breach").path("state").asString()).isEqualTo("ASSESSED");
        assertThat(assessed.path("breach").path("notifyPeople").asBoolean()).isTrue();

        // The form, filled in from the record and the register.
        TestApi.Response text = officer.get("/api/v1/breaches/" + ref + "/authority-form?format=text");
        assertThat(text.status()).isEqualTo(200);
        assertThat(text.body())
                .contains("Melding datalek aan de Autoriteit Persoonsgegevens — " + ref)
                .contains("Aanbieder van een openbare elektronische communicatiedienst:\n  ja")
                .contains("Aantal betrokken personen (ongeveer):\n  1200")
                .contains("vertrouwelijkheid")
                .contains("Genomen maatregelen:\n  nog onbekend");
        byte[] pdf = officer.getBytes("/api/v1/breaches/" + ref + "/authority-form?format=pdf", 200);
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
        assertThat(officer.get("/api/v1/breaches/" + ref + "/authority-form?format=doc")
                        .status())
                .isEqualTo(400);
        assertThat(officer.post(
                                "/api/v1/breaches/" + ref + "/steps",
                                "{\"kind\":\"POLICE\",\"note\":\"Aangifte" + " gedaan bij de politie Utrecht.\"}")
                        .status())
                .isEqualTo(200);
        assertThat(officer.post("/api/v1/breaches/" + ref + "/steps", "{\"kind\":\"PIGEON\",\"note\":\"x\"}")
                        .json()
                        .path("field")
                        .asString())
                .isEqualTo("kind");
        JsonNode json =
                officer.get("/api/v1/breaches/" + ref + "/authority-form").json();
        assertThat(json.path("answers").size()).isGreaterThan(20);

        JsonNode notified = officer.post(
                        "/api/v1/breaches/" + ref + "/authority-notice", "{\"authorityReference\":\"AP-2026-12345\"}")
                .json();
        assertThat(notified.path("breach").path("state").asString()).isEqualTo("NOTIFIED");
        assertThat(notified.path("minutesLeft").isNull())
                .as("the clock has stopped")
                .isTrue();
        assertThat(officer.post(
                                "/api/v1/breaches/" + ref + "/authority-notice",
                                "{\"followUp\":\"De laptop is teruggevonden.\"}")
                        .status())
                .as("a phased notice")
                .isEqualTo(200);
        TestApi.Response closeEarly = officer.post("/api/v1/breaches/" + ref + "/close", "{}");
        assertThat(closeEarly.status()).isEqualTo(409);
        assertThat(closeEarly.json().path("field").asString()).isEqualTo("peopleNotifiedAt");
        assertThat(officer.post(
                                "/api/v1/breaches/" + ref + "/people-notified",
                                "{\"how\":\"E-mail aan alle 1.200 klanten, brief aan 14 zonder e-mailadres\"}")
                        .status())
                .isEqualTo(200);
        JsonNode closed = officer.post("/api/v1/breaches/" + ref + "/close", "{\"note\":\"Afgehandeld.\"}")
                .json();
        assertThat(closed.path("breach").path("state").asString()).isEqualTo("CLOSED");
        assertThat(closed.path("history").findValuesAsString("kind"))
                .containsExactly(
                        "REPORTED",
                        "ASSESSED",
                        "STEP_POLICE",
                        "AUTHORITY_NOTIFIED",
                        "FOLLOW_UP",
                        "PEOPLE_NOTIFIED",
                        "CLOSED");
        assertThat(officer.patch("/api/v1/breaches/" + ref, "{\"title\":\"Anders\"}")
                        .status())
                .as("a closed breach stays as it was")
                .isEqualTo(409);
    }

    @Test
    void aTelecomProviderNotifiesEvenABreachWithoutRisk() {
        String ref = report(java.time.Instant.now().minusSeconds(60).toString());
        TestApi.Response refused = officer.post(
                "/api/v1/breaches/" + ref + "/assessment",
                "{\"risk\":\"UNLIKELY\",\"notifyAuthority\":false,\"reasons\":\"Versleuteld.\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("detail").asString()).contains("611/2013");
        JsonNode b = officer.post(
                        "/api/v1/breaches/" + ref + "/assessment",
                        "{\"risk\":\"UNLIKELY\",\"reasons\":\"Versleutelde schijf, sleutel niet gelekt.\"}")
                .json();
        assertThat(b.path("breach").path("state").asString()).isEqualTo("ASSESSED");
        assertThat(b.path("breach").path("notifyAuthority").asBoolean()).isTrue();
        assertThat(b.path("breach").path("notifyPeople").asBoolean()).isFalse();
        // A risk (not a high one) is told to the people by a telecom provider too.
        JsonNode again = officer.post(
                        "/api/v1/breaches/" + ref + "/assessment",
                        "{\"risk\":\"RISK\",\"reasons\":\"Adressen bij een derde.\"}")
                .json();
        assertThat(again.path("breach").path("notifyPeople").asBoolean()).isTrue();
        assertThat(officer.get("/api/v1/breaches?open=true").body()).contains(ref);
        TestApi.Response early = officer.post(
                "/api/v1/breaches/" + ref + "/authority-notice",
                "{\"authorityReference\":\"AP-9\",\"sentAt\":\"2020-01-01T00:00:00Z\"}");
        assertThat(early.json().path("field").asString())
                .as("a notice cannot be dated before the breach was known")
                .isEqualTo("sentAt");
    }

    @Test
    void aPublicNoticeTellsEveryoneWhenLettersWouldTakeDisproportionateEffort() throws Exception {
        String ref = report(java.time.Instant.now().minusSeconds(600).toString());
        java.net.http.HttpClient anyone = java.net.http.HttpClient.newHttpClient();
        java.net.URI page = java.net.URI.create("http://localhost:" + port + "/en/privacy/notices/" + ref);
        assertThat(anyone.send(
                                java.net.http.HttpRequest.newBuilder(page).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .as("nothing published yet")
                .isEqualTo(404);
        officer.post(
                "/api/v1/breaches/" + ref + "/assessment",
                "{\"risk\":\"HIGH\",\"peopleExemption\":\"DISPROPORTIONATE\",\"reasons\":\"Geen adressen van"
                        + " de meeste betrokkenen.\"}");
        assertThat(officer.post("/api/v1/breaches/" + ref + "/public-notice", "{\"textNl\":\"Alleen NL\"}")
                        .json()
                        .path("field")
                        .asString())
                .isEqualTo("textEn");
        TestApi.Response published = officer.post(
                "/api/v1/breaches/" + ref + "/public-notice",
                "{\"textNl\":\"Op 3 december stond een klantenlijst openbaar.\\n\\nWijzig uw wachtwoord.\","
                        + "\"textEn\":\"On 3 December a customer list was public.\\n\\nChange your password.\"}");
        assertThat(published.status()).as(published.body()).isEqualTo(200);
        java.net.http.HttpResponse<String> shown = anyone.send(
                java.net.http.HttpRequest.newBuilder(page).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body())
                .contains("Notice of a personal-data breach")
                .contains("On 3 December a customer list was public.")
                .contains("Change your password.")
                .doesNotContain("Laptop met klantexport")
                .as("nothing of the breach but the notice is shown");
        JsonNode b = officer.get("/api/v1/breaches/" + ref).json();
        assertThat(b.path("breach").path("peopleNotifiedAt").isNull()).isFalse();
        assertThat(b.path("history").findValuesAsString("note")).contains("public notice at /privacy/notices/" + ref);
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndNothingIsStored() {
        long before = officer.get("/api/v1/breaches").json().size();
        String future = java.time.Instant.now().plusSeconds(86_400).toString();
        for (Map.Entry<String, String> bad : Map.of(
                        "{}",
                        "title",
                        "{\"title\":\"x\"}",
                        "description",
                        "{\"title\":\"x\",\"description\":\"y\"}",
                        "awareAt",
                        "{\"title\":\"x\",\"description\":\"y\",\"awareAt\":\"2026-01-01T00:00:00Z\"}",
                        "nature",
                        "{\"title\":\"x\",\"description\":\"y\",\"awareAt\":\"" + future
                                + "\",\"nature\":[\"INTEGRITY\"]}",
                        "awareAt",
                        "{\"title\":\"x\",\"description\":\"y\",\"awareAt\":\"2026-01-01T00:00:00Z\",\"nature\":[\"INTEGRITY\"],"
                                + "\"categories\":[\"nope\"]}",
                        "categories[0]",
                        "{\"title\":\"x\",\"description\":\"y\\u0000\",\"awareAt\":\"2026-01-01T00:00:00Z\",\"nature\":[\"INTEGRITY\"]}",
                        "description",
                        "{\"title\":\"" + "x".repeat(201)
                                + "\",\"description\":\"y\",\"awareAt\":\"2026-01-01T00:00:00Z\","
                                + "\"nature\":[\"INTEGRITY\"]}",
                        "title",
                        "{\"title\":\"x\",\"description\":\"y\",\"awareAt\":\"2026-01-01T00:00:00Z\",\"startedAt\":"
                                + "\"2026-02-01T00:00:00Z\",\"nature\":[\"INTEGRITY\"]}",
                        "startedAt",
                        "{\"title\":\"x\",\"description\":\"y\",\"awareAt\":\"2026-01-01T00:00:00Z\",\"nature\":[\"INTEGRITY\"],"
                                + "\"peopleApprox\":-1}",
                        "peopleApprox")
                .entrySet()) {
            TestApi.Response r = officer.post("/api/v1/breaches", bad.getKey());
            assertThat(r.status()).as(bad.getKey()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().path("field").asString()).as(bad.getKey()).isEqualTo(bad.getValue());
        }
        assertThat(officer.post("/api/v1/breaches", "{\"nature\":[\"SHOE\"]}").status())
                .isEqualTo(400);
        assertThat(officer.get("/api/v1/breaches").json().size()).isEqualTo(before);
        assertThat(officer.get("/api/v1/breaches/DL-2026-9999").status()).isEqualTo(404);

        assertThat(TestApi.withScopes(port, tokens, "requests:read")
                        .get("/api/v1/breaches")
                        .status())
                .as("only those who may read breaches")
                .isEqualTo(403);
    }
}
