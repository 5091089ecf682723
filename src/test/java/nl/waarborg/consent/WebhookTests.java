package nl.waarborg.consent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.consent.internal.Webhooks;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A withdrawal is pushed to the systems that subscribed: queued with the withdrawal, posted signed and with an
 * idempotency key, retried after a failure, and taken over after a sender died mid-way, the system hearing of it once
 * per attempt with the same key each time.
 */
@WaarborgTest
class WebhookTests {

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

    @Autowired
    Webhooks webhooks;

    @Autowired
    ConsentLedger ledger;

    TestApi api;
    JdbcTemplate db;
    WireMockServer crm;

    @BeforeEach
    void setUp() {
        TestRegisters.templateInForce(editor, registers);
        api = TestApi.withScopes(port, tokens, "subjects:write", "subjects:read");
        db = new JdbcTemplate(dataSource);
        crm = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        crm.start();
        // Other tests' hooks and deliveries are not this test's business.
        db.update("UPDATE consent_webhook SET removed_at = now() WHERE removed_at IS NULL");
        db.update("UPDATE consent_delivery SET status = 'FAILED' WHERE status IN ('DUE', 'SENDING')");
    }

    @AfterEach
    void tearDown() {
        crm.stop();
    }

    void event(String email, String event) {
        TestApi.Response r = api.post(
                "/api/v1/consents",
                "{\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"" + email + "\"}],\"purpose\":\"newsletter\","
                        + "\"event\":\"" + event + "\",\"channel\":\"APP\",\"wording\":\"Nieuwsbrief: ja graag.\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void aWithdrawalReachesTheSubscribedSystemSignedRetriedAndOnceTakenOver() throws Exception {
        TestApi.Response made = api.post(
                "/api/v1/consents/webhooks",
                "{\"name\":\"crm-" + UUID.randomUUID() + "\",\"url\":\"" + crm.baseUrl()
                        + "/hooks/consent\",\"purposes\":[\"newsletter\"]}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        byte[] secret = HexFormat.of().parseHex(made.json().path("secret").asString());
        assertThat(api.get("/api/v1/consents/webhooks").body())
                .doesNotContain(made.json().path("secret").asString());

        String email = "hook-" + UUID.randomUUID() + "@example.nl";
        event(email, "GIVEN");
        assertThat(db.queryForObject("SELECT count(*) FROM consent_delivery WHERE status = 'DUE'", Long.class))
                .as("a consent given is not pushed")
                .isZero();
        event(email, "WITHDRAWN");
        assertThat(db.queryForObject("SELECT count(*) FROM consent_delivery WHERE status = 'DUE'", Long.class))
                .isEqualTo(1);

        crm.stubFor(post("/hooks/consent").willReturn(aResponse().withStatus(503)));
        assertThat(webhooks.sendDue()).isZero();
        assertThat(db.queryForObject(
                        "SELECT next_attempt_at > now() FROM consent_delivery WHERE status = 'DUE'", Boolean.class))
                .as("tried again later, not at once")
                .isTrue();
        // Time passes; the system is back.
        db.update("UPDATE consent_delivery SET next_attempt_at = now() WHERE status = 'DUE'");
        crm.resetAll();
        crm.stubFor(post("/hooks/consent").willReturn(aResponse().withStatus(204)));
        assertThat(webhooks.sendDue()).isEqualTo(1);
        assertThat(webhooks.sendDue()).as("nothing twice").isZero();

        List<LoggedRequest> received = crm.findAll(postRequestedFor(urlEqualTo("/hooks/consent")));
        assertThat(received).hasSize(1);
        LoggedRequest r = received.get(0);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        assertThat(r.getHeader("X-Waarborg-Signature"))
                .isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(r.getBody())));
        assertThat(r.getBodyAsString())
                .contains("\"purpose\":\"newsletter\"")
                .contains("\"event\":\"WITHDRAWN\"")
                .contains(ConsentLedger.hash(
                        new nl.waarborg.subjects.Identifier(nl.waarborg.subjects.IdentifierKind.EMAIL, email)))
                .doesNotContain(email);
        String key = r.getHeader("Idempotency-Key");

        // A sender that claimed a delivery and died before marking it: the next run takes it over, same key.
        db.update(
                "UPDATE consent_delivery SET status = 'SENDING', claimed_at = now() - interval '10 minutes'"
                        + " WHERE status = 'DELIVERED' AND id = ?::uuid",
                key);
        crm.resetRequests();
        assertThat(webhooks.sendDue()).isEqualTo(1);
        List<LoggedRequest> again = crm.findAll(postRequestedFor(urlEqualTo("/hooks/consent")));
        assertThat(again).hasSize(1);
        assertThat(again.get(0).getHeader("Idempotency-Key")).isEqualTo(key);
        assertThat(api.get("/api/v1/consents/webhooks")
                        .json()
                        .get(0)
                        .path("delivered")
                        .asLong())
                .isEqualTo(1);
        // The console's counts see the withdrawal, never who.
        var counts = ledger.counts().stream()
                .filter(c -> c.purpose().equals("newsletter"))
                .findFirst()
                .orElseThrow();
        assertThat(counts.withdrawn()).isGreaterThanOrEqualTo(1);
        assertThat(counts.months().get(0).withdrawn()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aWebhookIsRefusedWhereItCouldLeakOrMeansNothing() {
        for (String[] bad : List.of(
                new String[] {"{\"name\":\"a\",\"url\":\"http://crm.example/h\"}", "url"},
                new String[] {"{\"name\":\"a\",\"url\":\"https://u:p@crm.example/h\"}", "url"},
                new String[] {
                    "{\"name\":\"a\",\"url\":\"https://crm.example/h\",\"purposes\":[\"invoices\"]}", "purposes[0]"
                },
                new String[] {"{\"url\":\"https://crm.example/h\"}", "name"})) {
            TestApi.Response r = api.post("/api/v1/consents/webhooks", bad[0]);
            assertThat(r.status()).as(bad[0]).isEqualTo(400);
            assertThat(r.json().path("field").asString()).as(bad[0]).isEqualTo(bad[1]);
        }
        String name = "dup-" + UUID.randomUUID();
        assertThat(api.post(
                                "/api/v1/consents/webhooks",
                                "{\"name\":\"" + name + "\",\"url\":\"https://crm.example/h\"}")
                        .status())
                .isEqualTo(201);
        assertThat(api.post(
                                "/api/v1/consents/webhooks",
                                "{\"name\":\"" + name + "\",\"url\":\"https://crm.example/h\"}")
                        .status())
                .isEqualTo(409);
    }
}
