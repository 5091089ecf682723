package nl.waarborg.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.requests.internal.Portal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The portal's one-time codes and limits, without a mail server (as in the demo: the code waits in the outbox):
 * five tries per code, fifteen minutes, one use, three codes an hour per address, ten forms an hour per client; a
 * confirmed address not on file verifies nothing.
 */
@WaarborgTest
class PortalCodeTests {

    static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

    @Autowired
    Portal portal;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    DataSource dataSource;

    JdbcTemplate db;

    @BeforeEach
    void setUp() {
        TestRegisters.templateInForce(editor, registers);
        db = new JdbcTemplate(dataSource);
    }

    Portal.Received submit(String email, String client) {
        return portal.submit(new Portal.Form(List.of("ACCESS"), null, email, null, null, null, "en"), client);
    }

    /** The newest code sent to the request (without a mail server it waits in the outbox). */
    String code(String reference) {
        String body = db.queryForObject(
                "SELECT body FROM mail_message WHERE reference = ? AND subject LIKE 'Your code%'"
                        + " ORDER BY created_at DESC LIMIT 1",
                String.class, "request " + reference);
        Matcher m = CODE.matcher(body);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    String other(String code) {
        return code.equals("123456") ? "654321" : "123456";
    }

    @Test
    void aCodeAllowsFiveTriesAndOneUseAndAConfirmedAddressNotOnFileVerifiesNothing() {
        String email = "code-" + UUID.randomUUID() + "@example.nl";
        Portal.Received r = submit(email, "198.51.100." + (int) (Math.random() * 200));
        String first = code(r.reference());
        for (int i = 0; i < 4; i++) {
            assertThat(portal.confirm(r.token(), other(first))).isEqualTo(Portal.Check.WRONG);
        }
        assertThat(portal.confirm(r.token(), other(first))).isEqualTo(Portal.Check.TOO_MANY_TRIES);
        assertThat(portal.confirm(r.token(), first)).as("spent").isEqualTo(Portal.Check.TOO_MANY_TRIES);
        assertThat(portal.confirm(r.token(), "12345\u0000")).isEqualTo(Portal.Check.TOO_MANY_TRIES);

        portal.sendCode(r.token());
        String second = code(r.reference());
        assertThat(portal.confirm(r.token(), " " + second + " ")).isEqualTo(Portal.Check.CONFIRMED);
        assertThat(portal.confirm(r.token(), second)).as("used once").isEqualTo(Portal.Check.EXPIRED);
        assertThat(db.queryForObject("SELECT state FROM request WHERE reference = ?", String.class, r.reference()))
                .as("nobody has this address on file: staff decide")
                .isEqualTo("RECEIVED");
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM request_code WHERE code_hash = ? OR code_hash = ?",
                        Long.class,
                        first,
                        second))
                .as("codes are stored only as hashes")
                .isZero();
    }

    @Autowired
    nl.waarborg.security.ApiTokens tokens;

    @Test
    void aConfirmedAddressVerifiesOnlyWhenEveryPersonTheRequestNamesHasItOnFile() {
        nl.waarborg.TestApi api = nl.waarborg.TestApi.withScopes(port, tokens, "subjects:write");
        String mine = "mine-" + UUID.randomUUID() + "@example.nl";
        String theirs =
                "+316" + java.util.concurrent.ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
        assertThat(api.post(
                                "/api/v1/subjects",
                                "{\"displayName\":\"Me\",\"identifiers\":[{\"kind\":\"EMAIL\"," + "\"value\":\"" + mine
                                        + "\"}]}")
                        .status())
                .isEqualTo(201);
        assertThat(api.post(
                                "/api/v1/subjects",
                                "{\"displayName\":\"Someone else\",\"identifiers\":[{\"kind\":"
                                        + "\"PHONE\",\"value\":\"" + theirs + "\"}]}")
                        .status())
                .isEqualTo(201);
        // My own address with someone else's number: the code reaches me, but the request also names them.
        Portal.Received r = portal.submit(
                new Portal.Form(List.of("ACCESS"), null, mine, theirs, "email", null, "en"), "198.51.100.77");
        assertThat(portal.confirm(r.token(), code(r.reference()))).isEqualTo(Portal.Check.CONFIRMED);
        assertThat(db.queryForObject("SELECT state FROM request WHERE reference = ?", String.class, r.reference()))
                .isEqualTo("RECEIVED");
        assertThat(db.queryForObject(
                        "SELECT text FROM request_event e JOIN request q ON q.id = e.request_id"
                                + " WHERE q.reference = ? AND e.kind = 'NOTE'",
                        String.class,
                        r.reference()))
                .contains("not on file for every person");
    }

    @Test
    void aCodeExpiresAfterFifteenMinutes() {
        Portal.Received r = submit("late-" + UUID.randomUUID() + "@example.nl", "198.51.100.250");
        String code = code(r.reference());
        db.update(
                "UPDATE request_code SET expires_at = now() - interval '1 second' WHERE request_id ="
                        + " (SELECT id FROM request WHERE reference = ?)",
                r.reference());
        assertThat(portal.confirm(r.token(), code)).isEqualTo(Portal.Check.EXPIRED);
    }

    @Test
    void threeCodesAnHourPerAddressAndTenFormsAnHourPerClient() {
        String email = "many-" + UUID.randomUUID() + "@example.nl";
        Portal.Received r = submit(email, "203.0.113.1");
        portal.sendCode(r.token());
        portal.sendCode(r.token());
        assertThatThrownBy(() -> portal.sendCode(r.token()))
                .isInstanceOfSatisfying(
                        RequestsException.class, e -> assertThat(e.slug()).isEqualTo("too-many-codes"));

        String client = "203.0.113." + (2 + (int) (Math.random() * 250));
        db.update("DELETE FROM portal_rate");
        for (int i = 0; i < 10; i++) {
            submit("form-" + UUID.randomUUID() + "@example.nl", client);
        }
        long before = db.queryForObject("SELECT count(*) FROM request", Long.class);
        assertThatThrownBy(() -> submit("form-" + UUID.randomUUID() + "@example.nl", client))
                .isInstanceOfSatisfying(
                        RequestsException.class, e -> assertThat(e.slug()).isEqualTo("too-many-requests"));
        assertThat(db.queryForObject("SELECT count(*) FROM request", Long.class))
                .isEqualTo(before);
        submit("form-" + UUID.randomUUID() + "@example.nl", "203.0.113.254");
    }

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @Test
    void aLinkThatLeadsNowhereIsAPageNotFoundNeverAServerError() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String path : List.of(
                "/portal/requests/" + "A".repeat(43) + "/code",
                "/portal/requests/" + "A".repeat(43),
                "/portal/requests/2026-0001",
                "/portal/requests/x/document")) {
            var response = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(response.body()).doesNotContain("Exception");
        }
    }

    @Test
    void aLinkThatIsWrongMalformedOrSomeoneElsesLeadsNowhere() {
        Portal.Received r = submit("link-" + UUID.randomUUID() + "@example.nl", "198.51.100.251");
        assertThat(portal.request(r.token())).isPresent();
        assertThat(portal.request("A".repeat(43))).isEmpty();
        assertThat(portal.request(r.reference())).isEmpty();
        assertThat(portal.request(r.token() + "x")).isEmpty();
        assertThat(portal.request(null)).isEmpty();
        assertThat(portal.request("../" + r.token())).isEmpty();
        assertThatThrownBy(() -> portal.confirm("A".repeat(43), "123456")).isInstanceOf(RequestsException.class);
    }
}
