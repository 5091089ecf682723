package nl.waarborg.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The cookie notice's server side, as the script and an attacker call it: the wording made from the register (cookie
 * rows, asked when on consent), a visitor's choice recorded only when it changes, Global Privacy Control refusing
 * marketing whatever is clicked, a choice under old wording refused, and bad bodies refused naming the field.
 */
@WaarborgTest
class CookieBannerTests {

    @LocalServerPort
    int port;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    DataSource dataSource;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        TestRegisters.templateInForce(editor, registers);
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> choose(String body, boolean gpc) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/consent/banner/choices?lang=en"))
                .header("Content-Type", "text/plain")
                .header("Origin", "https://www.provider.example");
        if (gpc) {
            b.header("Sec-GPC", "1");
        }
        return http.send(
                b.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode config() throws Exception {
        HttpResponse<String> r = get("/consent/banner.json?lang=en", "Origin", "https://www.provider.example");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://www.provider.example");
        return TestApi.JSON.readTree(r.body());
    }

    long events(String visitor) {
        return new JdbcTemplate(dataSource)
                .queryForObject(
                        "SELECT count(*) FROM consent_event WHERE visitor_id = ?",
                        Long.class,
                        ConsentLedger.sha256("VISITOR:" + visitor));
    }

    @Test
    void theNoticeIsMadeFromTheRegisterAndRecordsOnlyWhatChanges() throws Exception {
        JsonNode c = config();
        assertThat(c.path("language").asString()).isEqualTo("en");
        assertThat(c.path("version").asString()).hasSize(16);
        assertThat(c.path("texts").path("reject").asString()).isEqualTo("Refuse all");
        assertThat(c.path("groups").toString())
                .as("statistics on legitimate interests is listed as always on; marketing on consent is asked")
                .contains("\"kind\":\"necessary\",\"label\":\"Needed for the website\",\"asked\":false")
                .contains("Visit statistics and functional cookies")
                .contains("\"kind\":\"marketing\",\"label\":\"Marketing\",\"asked\":true")
                .contains("Advertising cookies, only when the visitor switches them on.");
        assertThat(get("/consent/banner.json?lang=nl").body()).contains("Alles weigeren");
        assertThat(TestApi.JSON
                        .readTree(get("/consent/banner.json?lang=nl").body())
                        .path("version")
                        .asString())
                .as("one version for both languages")
                .isEqualTo(c.path("version").asString());

        String visitor = UUID.randomUUID().toString().replace("-", "");
        String version = c.path("version").asString();
        String accept =
                "{\"visitorId\":\"" + visitor + "\",\"version\":\"" + version + "\",\"choices\":{\"marketing\":true}}";
        HttpResponse<String> given = choose(accept, false);
        assertThat(given.statusCode()).as(given.body()).isEqualTo(200);
        assertThat(given.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://www.provider.example");
        JsonNode outcome = TestApi.JSON.readTree(given.body());
        assertThat(outcome.path("allowed").path("marketing").asBoolean()).isTrue();
        assertThat(outcome.path("recorded").asInt()).isEqualTo(1);
        assertThat(new JdbcTemplate(dataSource)
                        .queryForMap(
                                "SELECT e.event, e.channel, e.ip_prefix, w.wording FROM consent_event e"
                                        + " JOIN consent_wording w ON w.sha256 = e.wording_sha256 WHERE e.visitor_id = ?",
                                ConsentLedger.sha256("VISITOR:" + visitor)))
                .as("the exact wording shown is the proof")
                .containsEntry("event", "GIVEN")
                .containsEntry("channel", "WEBSITE")
                .containsEntry("ip_prefix", "127.0.0.0/24")
                .extractingByKey("wording")
                .asString()
                .startsWith("Cookies on this website\n")
                .contains("Marketing:")
                .contains("Advertising cookies");

        assertThat(TestApi.JSON
                        .readTree(choose(accept, false).body())
                        .path("recorded")
                        .asInt())
                .as("the same choice again records nothing")
                .isZero();
        String refuse = accept.replace("true", "false");
        assertThat(TestApi.JSON
                        .readTree(choose(refuse, false).body())
                        .path("recorded")
                        .asInt())
                .isEqualTo(1);
        assertThat(TestApi.JSON
                        .readTree(choose(refuse, false).body())
                        .path("recorded")
                        .asInt())
                .as("a refusal after a withdrawal records nothing new")
                .isZero();
        assertThat(events(visitor)).isEqualTo(2);

        // Global Privacy Control: marketing stays off whatever the visitor's choice says, and nothing is given.
        String other = UUID.randomUUID().toString().replace("-", "");
        JsonNode underGpc = TestApi.JSON.readTree(
                choose(accept.replace(visitor, other), true).body());
        assertThat(underGpc.path("allowed").path("marketing").asBoolean()).isFalse();
        assertThat(underGpc.path("gpc").asBoolean()).isTrue();
        assertThat(events(other)).isZero();
        assertThat(TestApi.JSON
                        .readTree(get("/consent/banner.json", "Sec-GPC", "1").body())
                        .path("gpc")
                        .asBoolean())
                .isTrue();

        HttpResponse<String> gpcJson = get("/.well-known/gpc.json");
        assertThat(gpcJson.statusCode()).isEqualTo(200);
        assertThat(TestApi.JSON.readTree(gpcJson.body()).path("gpc").asBoolean())
                .isTrue();
        assertThat(TestApi.JSON.readTree(gpcJson.body()).path("lastUpdate").asString())
                .matches("\\d{4}-\\d{2}-\\d{2}");

        // The browser's preflight, should a call carry more than a simple request does.
        HttpResponse<String> preflight = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/consent/banner/choices"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "https://www.provider.example")
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "content-type")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("https://www.provider.example");
    }

    @Test
    void badChoicesAreRefusedNamingTheFieldAndNothingIsStored() throws Exception {
        String version = config().path("version").asString();
        String visitor = UUID.randomUUID().toString().replace("-", "");
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("", "body");
        refused.put("not json", "body");
        refused.put("[1,2]", "body");
        refused.put("{\"visitorId\":\"short\",\"version\":\"" + version + "\",\"choices\":{}}", "visitorId");
        refused.put("{\"visitorId\":\"" + visitor + "\\u0000\",\"version\":\"" + version + "\"}", "visitorId");
        refused.put("{\"visitorId\":\"" + visitor + "\u0000\"}", "body");
        refused.put(
                "{\"visitorId\":\"" + visitor + "\",\"version\":\"" + version + "\",\"choices\":{\"cookies\":true}}",
                "choices.cookies");
        refused.put(
                "{\"visitorId\":\"" + visitor + "\",\"version\":\"" + version
                        + "\",\"choices\":{\"marketing\":\"ja\"}}",
                "body");
        refused.put("{\"visitorId\":\"" + visitor + "\",\"version\":\"" + "x".repeat(5_000) + "\"}", "body");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            HttpResponse<String> r = choose(e.getKey(), false);
            assertThat(r.statusCode())
                    .as(e.getKey().length() > 80 ? e.getKey().substring(0, 80) : e.getKey())
                    .isBetween(400, 413);
            assertThat(r.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(TestApi.JSON.readTree(r.body()).path("field").asString())
                    .as(r.body())
                    .isEqualTo(e.getValue());
        }
        HttpResponse<String> stale = choose(
                "{\"visitorId\":\"" + visitor + "\",\"version\":\"0000000000000000\",\"choices\":{\"marketing\":true}}",
                false);
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("version").contains("wording changed");
        assertThat(events(visitor)).isZero();
    }
}
