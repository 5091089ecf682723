package nl.waarborg.requests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Rectification (Art. 16) applied where the data lives and the recipients listed to tell (Art. 19); portability
 * straight to another provider (Art. 20(2)) over HTTP with an idempotency key: a send cut off mid-way is repeated with
 * the same key, a finished one never again, and only portable data goes.
 */
@WaarborgTest
class RectificationAndPortabilityTests {

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
    WireMockServer otherProvider;

    @BeforeEach
    void setUp() {
        TestRegisters.templateInForce(editor, registers);
        api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write", "requests:read", "requests:write");
        db = new JdbcTemplate(dataSource);
        otherProvider = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        otherProvider.start();
    }

    @AfterEach
    void tearDown() {
        otherProvider.stop();
    }

    @Test
    void aCorrectionIsAppliedWhereTheDataLivesAndTheRecipientsAreListedToTell() {
        PersonWithData p = PersonWithData.create(api, 3, 0);
        String reference = p.verifiedRequest(api, "\"RECTIFICATION\"", "en");
        String right = "right-" + java.util.UUID.randomUUID() + "@example.nl";
        String body = "{\"category\":\"customer-contacts\",\"field\":\"email\",\"value\":\"" + right + "\"}";

        TestApi.Response done = api.post("/api/v1/requests/" + reference + "/rectification", body);
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(ErasureTests.place(done.json(), "built-in").path("affected").asLong())
                .isEqualTo(2);
        assertThat(done.json().path("text").asString())
                .contains("Rectification carried out")
                .contains("'email'");
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM store_record r JOIN store_record_subject l ON l.record_id = r.id"
                                + " WHERE l.subject_id = ?::uuid AND r.payload->>'email' = ?",
                        Long.class,
                        p.subjectId(),
                        right))
                .isEqualTo(2);
        assertThat(done.json().path("text").asString()).doesNotContain(right);

        // Again: answered from the ledger, nothing written twice.
        long audits = db.queryForObject(
                "SELECT count(*) FROM audit_entry WHERE details->>'step' = 'rectify' AND subject_id = ?",
                Long.class,
                p.subjectId());
        assertThat(api.post("/api/v1/requests/" + reference + "/rectification", body)
                        .status())
                .isEqualTo(200);
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM audit_entry WHERE details->>'step' = 'rectify' AND subject_id = ?",
                        Long.class,
                        p.subjectId()))
                .isEqualTo(audits);

        JsonNode notices =
                api.get("/api/v1/requests/" + reference + "/recipient-notices").json();
        assertThat(notices.findValuesAsString("recipientKey")).containsExactly("hosting");
        String id = notices.get(0).path("id").asString();
        TestApi.Response noHow = api.post("/api/v1/requests/" + reference + "/recipient-notices/" + id + "/told", "{}");
        assertThat(noHow.status()).isEqualTo(400);
        assertThat(noHow.json().path("field").asString()).isEqualTo("how");
        TestApi.Response told = api.post(
                "/api/v1/requests/" + reference + "/recipient-notices/" + id + "/told",
                "{\"how\":\"E-mail to the hosting party's privacy desk\"}");
        assertThat(told.status()).as(told.body()).isEqualTo(200);
        assertThat(told.json().path("toldAt").isNull()).isFalse();

        for (String bad : List.of(
                "{\"category\":\"nope\",\"field\":\"email\",\"value\":\"x\"}",
                "{\"category\":\"customer-contacts\",\"field\":\"e mail\",\"value\":\"x\"}",
                "{\"category\":\"customer-contacts\",\"field\":\"email\",\"value\":\"a\\u0000b\"}",
                "{\"category\":\"customer-contacts\",\"field\":\"email\"}",
                "{}")) {
            TestApi.Response r = api.post("/api/v1/requests/" + reference + "/rectification", bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.json().path("field").asString()).as(bad).isIn("category", "field", "value");
        }
    }

    @Test
    void theDataGoesToTheOtherProviderOnceEvenWhenTheFirstSendIsCutOff() {
        PersonWithData p = PersonWithData.create(api, 2, 3);
        String reference = p.verifiedRequest(api, "\"PORTABILITY\"", "nl");
        String url = otherProvider.baseUrl() + "/import";

        otherProvider.stubFor(post("/import").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        TestApi.Response cut =
                api.post("/api/v1/requests/" + reference + "/portability/transmission", "{\"url\":\"" + url + "\"}");
        assertThat(cut.status()).isEqualTo(500);
        assertThat(cut.contentType()).startsWith("application/problem+json");
        assertThat(cut.json().path("detail").asString()).contains("could not be reached");

        otherProvider.resetAll();
        otherProvider.stubFor(post("/import").willReturn(aResponse().withStatus(202)));
        TestApi.Response sent =
                api.post("/api/v1/requests/" + reference + "/portability/transmission", "{\"url\":\"" + url + "\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(sent.json().path("status").asString()).isEqualTo("SENT");
        assertThat(sent.json().path("attempts").asInt()).isEqualTo(2);
        // Once more: recorded as sent, not sent again.
        assertThat(api.post("/api/v1/requests/" + reference + "/portability/transmission", "{\"url\":\"" + url + "\"}")
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("SENT");
        List<LoggedRequest> received = otherProvider.findAll(postRequestedFor(urlEqualTo("/import")));
        assertThat(received).hasSize(1);
        String key = received.get(0).getHeader("Idempotency-Key");
        assertThat(db.queryForObject(
                        "SELECT idempotency_key FROM request_transmission t JOIN request r ON r.id = t.request_id"
                                + " WHERE r.reference = ?",
                        String.class,
                        reference))
                .as("the cut-off send and the repeat carry the same key")
                .isEqualTo(key);
        assertThat(received.get(0).getHeader("Content-Type")).isEqualTo("application/zip");

        Map<String, byte[]> zip = PersonWithData.unzip(received.get(0).getBody());
        assertThat(zip.keySet()).contains("gegevens.json").doesNotContain("overzicht.pdf", "raadplegingen.csv");
        String json = new String(zip.get("gegevens.json"), StandardCharsets.UTF_8);
        assertThat(json).contains(p.ownMarker()).doesNotContain(p.otherMarker());
        // Invoices rest on a legal duty, not on consent or contract: not portable.
        assertThat(zip.keySet()).doesNotContain("gegevens/invoices.csv");
        assertThat(api.get("/api/v1/requests/" + reference)
                        .json()
                        .path("history")
                        .findValuesAsString("kind"))
                .contains("CARRIED_OUT_PORTABILITY");
        // Waarborg's own send is in the recipients log once, and a later access answer names the provider.
        assertThat(db.queryForList(
                        "SELECT recipient_key, via FROM recipient_transfer WHERE subject_id = ?::uuid", p.subjectId()))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.get("recipient_key")).isEqualTo("art20:localhost");
                    assertThat(row.get("via")).isEqualTo("PORTABILITY");
                });
        String access = p.verifiedRequest(api, "\"ACCESS\"", "nl");
        Map<String, byte[]> answer = PersonWithData.unzip(api.getBytes("/api/v1/requests/" + access + "/package", 200));
        assertThat(new String(answer.get("ontvangers.csv"), StandardCharsets.UTF_8))
                .startsWith("recipient,categories,sent_at,via")
                .contains("localhost,customer-contacts")
                .contains(",PORTABILITY");
    }

    @Test
    void onlyDataOnConsentOrAContractIsPortableWhateverTheRegisterMarks() {
        // The support calls rest on legitimate interest; a register that marks them portable is warned, and the
        // recording still stays out of the portability package (Art. 20(1)(a)).
        String anchor = "        sensitive: true\n        retention: {period: P30D, from: collection}\n";
        String marked = TestRegisters.template();
        assertThat(marked).contains(anchor);
        TestRegisters.apply(
                editor,
                registers,
                marked.replace(
                        anchor,
                        "        sensitive: true\n        portable: true\n        retention: {period: P30D, from: collection}\n"),
                "tests: support calls marked portable");
        try {
            PersonWithData p = PersonWithData.create(api, 2, 0);
            String reference = p.verifiedRequest(api, "\"PORTABILITY\"", "nl");
            Map<String, byte[]> zip =
                    PersonWithData.unzip(api.getBytes("/api/v1/requests/" + reference + "/package", 200));
            String json = new String(zip.get("gegevens.json"), StandardCharsets.UTF_8);
            assertThat(json).as("the contract's data goes").contains(p.ownMarker());
            assertThat(json).as("the recording on legitimate interest does not").doesNotContain(p.recordingId());
            assertThat(zip.keySet()).noneMatch(name -> name.contains(p.recordingId()));
        } finally {
            TestRegisters.templateInForce(editor, registers);
        }
    }

    @Test
    void noDirectTransmissionWhereTheRegisterDoesNotOfferIt() {
        PersonWithData p = PersonWithData.create(api, 1, 0);
        String reference = p.verifiedRequest(api, "\"PORTABILITY\"", "nl");
        TestRegisters.apply(
                editor,
                registers,
                TestRegisters.template().replace("  portabilityTransmission: true\n", ""),
                "tests: no direct transmission");
        try {
            otherProvider.stubFor(post("/import").willReturn(aResponse().withStatus(202)));
            TestApi.Response refused = api.post(
                    "/api/v1/requests/" + reference + "/portability/transmission",
                    "{\"url\":\"" + otherProvider.baseUrl() + "/import\"}");
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.json().path("detail").asString()).contains("rights.portabilityTransmission");
            assertThat(otherProvider.findAll(postRequestedFor(urlEqualTo("/import"))))
                    .isEmpty();
        } finally {
            TestRegisters.templateInForce(editor, registers);
        }
    }

    @Test
    void theOtherProvidersAddressMustBeHttps() {
        PersonWithData p = PersonWithData.create(api, 1, 0);
        String reference = p.verifiedRequest(api, "\"PORTABILITY\"", "nl");
        for (String url : List.of(
                "http://provider.example/import",
                "ftp://provider.example/x",
                "https://user:pw@provider.example/import",
                "https://169.254.169.254/latest/meta-data",
                "https://0.0.0.0/import",
                "not a url",
                "")) {
            TestApi.Response r = api.post(
                    "/api/v1/requests/" + reference + "/portability/transmission",
                    TestApi.JSON.writeValueAsString(Map.of("url", url)));
            assertThat(r.status()).as(url).isEqualTo(400);
            assertThat(r.json().path("field").asString()).isEqualTo("url");
        }
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM request_transmission t JOIN request r ON r.id = t.request_id"
                                + " WHERE r.reference = ?",
                        Long.class,
                        reference))
                .isZero();
    }
}
