package nl.waarborg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A known e-mail address and phone number sent through request flows never reach the log output. */
@WaarborgTest
@ExtendWith(OutputCaptureExtension.class)
class LogPrivacyTests {

    static final String EMAIL = "sanne.jansen.logtest@example.nl";
    static final String PHONE = "+31612340077";
    static final String PHONE_NATIONAL = "0612340077";

    @Autowired
    ApiTokens tokens;

    @LocalServerPort
    int port;

    @BeforeEach
    void verboseOwnLogs() {
        // Our own debug logging must be clean too, not just what runs at the default level.
        LoggingSystem.get(getClass().getClassLoader()).setLogLevel("nl.waarborg", LogLevel.DEBUG);
    }

    @AfterEach
    void restore() {
        LoggingSystem.get(getClass().getClassLoader()).setLogLevel("nl.waarborg", null);
    }

    @Test
    void requestFlowsDoNotLogPersonalData(CapturedOutput output) throws Exception {
        TestApi admin = TestApi.withScopes(port, tokens, "*");

        // An account whose name is an e-mail address, and invalid input that carries the phone number.
        assertThat(admin.post(
                                "/api/v1/admin/users",
                                "{\"username\":\"" + EMAIL + "\",\"displayName\":\"" + PHONE + "\",\"role\":\"AGENT\"}")
                        .status())
                .isEqualTo(201);
        assertThat(admin.post(
                                "/api/v1/admin/users",
                                "{\"username\":\"" + PHONE_NATIONAL + " " + EMAIL
                                        + "\",\"displayName\":\"x\",\"role\":\"AGENT\"}")
                        .status())
                .isEqualTo(400);
        assertThat(admin.post("/api/v1/admin/users", "{\"username\":\"" + EMAIL + "\", broken json")
                        .status())
                .isEqualTo(400);
        assertThat(admin.post(
                                "/api/v1/admin/users",
                                "{\"username\":\"" + EMAIL + "\",\"displayName\":\"x\",\"role\":\"NOPE\"}")
                        .status())
                .isEqualTo(400);
        assertThat(admin.get("/api/v1/audit/entries?subjectId=" + PHONE).status())
                .isEqualTo(200);
        assertThat(admin.get("/api/v1/audit/entries?from=" + EMAIL).status()).isEqualTo(400);

        // A failed console sign-in with the e-mail address as user name.
        HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager())
                .build();
        String loginPage = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/console/login"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        String csrf = loginPage.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/console/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=" + EMAIL.replace("@", "%40") + "&password="
                                + PHONE.replace("+", "%2B") + "&_csrf=" + csrf))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(output.getAll())
                .as("server-side logging is captured")
                .contains("API answered 400 invalid-input")
                .doesNotContain(EMAIL)
                .doesNotContain(PHONE)
                .doesNotContain(PHONE_NATIONAL)
                .doesNotContain("612340077");
    }
}
