package nl.waarborg.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** With {@code waarborg.consent.banner-origins} set, only the provider's own sites (and Waarborg's) record choices. */
@WaarborgTest
@TestPropertySource(properties = "waarborg.consent.banner-origins=https://www.provider.nl")
class CookieBannerOriginsTests {

    @LocalServerPort
    int port;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> choose(String origin, String version) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/consent/banner/choices"))
                        .header("Content-Type", "text/plain")
                        .header("Origin", origin)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"visitorId\":\""
                                + UUID.randomUUID().toString().replace("-", "") + "\",\"version\":\"" + version
                                + "\",\"choices\":{\"marketing\":true}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void onlyTheListedSitesAndWaarborgItselfMayRecord() throws Exception {
        TestRegisters.templateInForce(editor, registers);
        HttpResponse<String> config = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/consent/banner.json"))
                        .header("Origin", "https://evil.example")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(config.statusCode()).as("a site not listed gets no notice").isEqualTo(403);
        assertThat(config.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        String version = TestApi.JSON
                .readTree(http.send(
                                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/consent/banner.json"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .path("version")
                .asString();

        HttpResponse<String> evil = choose("https://evil.example", version);
        assertThat(evil.statusCode()).isEqualTo(403);
        assertThat(evil.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));

        HttpResponse<String> listed = choose("https://www.provider.nl", version);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(listed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://www.provider.nl");
        assertThat(choose("http://localhost:" + port, version).statusCode())
                .as("Waarborg's own example page")
                .isEqualTo(200);
    }
}
