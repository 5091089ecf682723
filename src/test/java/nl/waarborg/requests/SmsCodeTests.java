package nl.waarborg.requests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import nl.waarborg.MailServerTest;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.requests.internal.Portal;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A one-time code by text message through the SMS gateway (WireMock): sent at once with the gateway's token, never
 * stored, and verifying the request when the number is on file; a gateway that fails is told on the page.
 */
class SmsCodeTests extends MailServerTest {

    static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

    @Autowired
    Portal portal;

    @Autowired
    ApiTokens tokens;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    DataSource dataSource;

    @Autowired
    ObjectMapper json;

    @LocalServerPort
    int port;

    JdbcTemplate db;

    @BeforeEach
    void setUp() {
        TestRegisters.templateInForce(editor, registers);
        db = new JdbcTemplate(dataSource);
        smsGateway.resetAll();
    }

    String mobile() {
        return "+316" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
    }

    @Test
    void aCodeByTextMessageToANumberOnFileVerifiesTheRequest() throws Exception {
        String phone = mobile();
        TestApi api = TestApi.withScopes(port, tokens, "subjects:write");
        assertThat(api.post(
                                "/api/v1/subjects",
                                "{\"displayName\":\"Sms user\",\"identifiers\":[{\"kind\":\"PHONE\",\"value\":\""
                                        + phone + "\"}]}")
                        .status())
                .isEqualTo(201);
        smsGateway.stubFor(post(urlEqualTo("/messages")).willReturn(aResponse().withStatus(202)));
        // The person writes the number as people do; the gateway gets it in E.164.
        String written = "06 " + phone.substring(4);
        Portal.Received r = portal.submit(
                new Portal.Form(
                        List.of("ACCESS"),
                        null,
                        "sms-" + UUID.randomUUID() + "@example.nl",
                        written,
                        "sms",
                        null,
                        "nl"),
                "192.0.2.10");
        smsGateway.verify(
                1,
                postRequestedFor(urlEqualTo("/messages"))
                        .withHeader("Authorization", equalTo("Bearer gateway-secret")));
        JsonNode sent =
                json.readTree(smsGateway.getAllServeEvents().get(0).getRequest().getBodyAsString());
        assertThat(sent.path("to").asString()).isEqualTo(phone);
        assertThat(sent.path("reference").asString()).isEqualTo("request " + r.reference());
        Matcher m = CODE.matcher(sent.path("text").asString());
        assertThat(m.find()).isTrue();
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM mail_message WHERE body LIKE ?", Long.class, "%" + m.group(1) + "%"))
                .as("sent at once, never stored")
                .isZero();

        assertThat(portal.confirm(r.token(), m.group(1))).isEqualTo(Portal.Check.CONFIRMED);
        assertThat(db.queryForObject("SELECT state FROM request WHERE reference = ?", String.class, r.reference()))
                .isEqualTo("VERIFIED");
    }

    @Test
    void aGatewayThatFailsIsToldAndTheRequestStands() {
        smsGateway.stubFor(post(urlEqualTo("/messages")).willReturn(aResponse().withStatus(503)));
        Portal.Received r = portal.submit(
                new Portal.Form(
                        List.of("ERASURE"),
                        null,
                        "fail-" + UUID.randomUUID() + "@example.nl",
                        mobile(),
                        "sms",
                        null,
                        "en"),
                "192.0.2.11");
        assertThat(db.queryForObject("SELECT state FROM request WHERE reference = ?", String.class, r.reference()))
                .isEqualTo("RECEIVED");
        assertThatThrownBy(() -> portal.sendCode(r.token()))
                .isInstanceOfSatisfying(
                        RequestsException.class, e -> assertThat(e.slug()).isEqualTo("code-not-sent"));
        assertThatThrownBy(() -> portal.submit(
                        new Portal.Form(
                                List.of("ACCESS"),
                                null,
                                "x-" + UUID.randomUUID() + "@example.nl",
                                "12",
                                "sms",
                                null,
                                "en"),
                        "192.0.2.12"))
                .isInstanceOfSatisfying(
                        RequestsException.class, e -> assertThat(e.field()).isEqualTo("phone"));
    }
}
