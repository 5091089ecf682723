package nl.waarborg.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nl.waarborg.WaarborgTest;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditQuery;
import nl.waarborg.audit.AuditTrail;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The whole sign-in path over real HTTP: setup link, password, sign-in, throttling, headers, sign-out. */
@WaarborgTest
class SignInTests {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Autowired
    StaffAccounts accounts;

    @Autowired
    AuditTrail audit;

    @LocalServerPort
    int port;

    @Test
    void firstStartCreatesAnAdministratorWithASetupLinkAndNoPassword() {
        StaffAccount admin = accounts.findByUsername("admin").orElseThrow();
        assertThat(admin.role()).isEqualTo(Role.ADMIN);
        assertThat(admin.passwordSet()).isFalse();
    }

    @Test
    void setupLinkSetsThePasswordOnceAndThenTheConsoleOpens() throws Exception {
        SetupLink link = accounts.create("m.devries", "Marieke de Vries", Role.PRIVACY_OFFICER);
        Browser browser = new Browser();

        String setupPage =
                browser.get(link.url().replace("http://localhost:" + port, "")).body();
        assertThat(setupPage).contains("m.devries");
        String token = link.url().substring(link.url().indexOf("token=") + 6);
        var saved = browser.post(
                "/console/setup",
                form("token", token, "password", "lange zin met woorden", "confirmation", "lange zin met woorden"),
                csrf(setupPage));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(saved.headers().firstValue("Location").orElse("")).contains("/console/login?ready");

        // The link works once.
        assertThat(browser.get("/console/setup?token=" + token).body()).doesNotContain("name=\"password\"");

        assertThat(browser.signIn("m.devries", "lange zin met woorden")).endsWith("/console");
        HttpResponse<String> dashboard = browser.get("/console");
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("m.devries");
        assertThat(dashboard.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("frame-ancestors 'none'")
                .contains("default-src 'self'");
        assertThat(dashboard.headers().firstValue("Referrer-Policy")).contains("same-origin");
        assertThat(dashboard.headers().firstValue("X-Frame-Options")).contains("DENY");

        HttpResponse<String> signedOut = browser.post("/console/logout", Map.of(), csrf(dashboard.body()));
        assertThat(signedOut.headers().firstValue("Location").orElse("")).contains("/console/login?logout");
        assertThat(browser.get("/console").statusCode()).isEqualTo(302);
    }

    @Test
    void tooShortPasswordsAndMismatchesAreRefused() throws Exception {
        SetupLink link = accounts.create("k.bakker", "Kees Bakker", Role.AGENT);
        String token = link.url().substring(link.url().indexOf("token=") + 6);
        Browser browser = new Browser();
        String page = browser.get("/console/setup?token=" + token).body();
        var shortOne = browser.post(
                "/console/setup", form("token", token, "password", "kort", "confirmation", "kort"), csrf(page));
        assertThat(shortOne.statusCode()).isEqualTo(200);
        assertThat(accounts.findByUsername("k.bakker").orElseThrow().passwordSet())
                .isFalse();
        var mismatch = browser.post(
                "/console/setup",
                form("token", token, "password", "een heel lang wachtwoord", "confirmation", "iets anders dan dat"),
                csrf(page));
        assertThat(mismatch.statusCode()).isEqualTo(200);
        assertThat(accounts.findByUsername("k.bakker").orElseThrow().passwordSet())
                .isFalse();
    }

    @Test
    void locksAnAccountNameAfterRepeatedFailures() throws Exception {
        SetupLink link = accounts.create("t.visser", "Tom Visser", Role.AUDITOR);
        accounts.completeSetup(link.url().substring(link.url().indexOf("token=") + 6), "correct horse battery");
        Browser browser = new Browser();
        for (int i = 0; i < 5; i++) {
            assertThat(browser.signIn("t.visser", "wrong password " + i)).contains("/console/login?error");
        }
        // Now even the right password is refused until the lock expires.
        assertThat(browser.signIn("t.visser", "correct horse battery")).contains("/console/login?locked");
        assertThat(accounts.findByUsername("t.visser").orElseThrow().lockedUntil())
                .isNotNull();

        // Unknown names lock the same way, so a lock reveals nothing about which accounts exist.
        for (int i = 0; i < 5; i++) {
            browser.signIn("nobody-" + port, "x" + i);
        }
        assertThat(browser.signIn("nobody-" + port, "x")).contains("/console/login?locked");

        assertThat(audit.find(
                        new AuditQuery(null, null, AuditAction.LOGIN_FAILED, null, null, null, null, null, null, 100)))
                .hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void signInIsAuditedByAccountIdNotByName() throws Exception {
        SetupLink link = accounts.create("r.smit", "Rob Smit", Role.AGENT);
        accounts.completeSetup(link.url().substring(link.url().indexOf("token=") + 6), "een goed wachtwoord");
        assertThat(new Browser().signIn("r.smit", "een goed wachtwoord")).endsWith("/console");
        var logins = audit.find(new AuditQuery(
                null, link.accountId().toString(), AuditAction.LOGIN, null, null, null, null, null, null, 10));
        assertThat(logins).hasSize(1);
        assertThat(logins.get(0).toString()).doesNotContain("r.smit").doesNotContain("Rob Smit");
    }

    private static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("page carries a CSRF token").isTrue();
        return m.group(1);
    }

    /** A cookie-keeping HTTP client that does not follow redirects, like a careful browser test. */
    private final class Browser {
        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, Map<String, String> form, String csrf)
                throws IOException, InterruptedException {
            Map<String, String> all = new LinkedHashMap<>(form);
            all.put("_csrf", csrf);
            String body = all.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Returns where the sign-in redirects to. */
        String signIn(String username, String password) throws IOException, InterruptedException {
            String page = get("/console/login").body();
            return post("/console/login", form("username", username, "password", password), csrf(page))
                    .headers()
                    .firstValue("Location")
                    .orElse("");
        }
    }
}
