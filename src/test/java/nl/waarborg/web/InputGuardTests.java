package nl.waarborg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Input no part of Waarborg can take (a NUL, a control character, a value longer than any field, a request line
 * Tomcat cannot read) is refused with a 400 that names the field, in Waarborg's own forms, over real HTTP: the guard
 * sits in front of Spring Security and Tomcat's error valve in front of everything.
 */
@WaarborgTest
class InputGuardTests {

    @Autowired
    ApiTokens tokens;

    @LocalServerPort
    int port;

    TestApi api;

    @BeforeEach
    void setUp() {
        api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
    }

    @Test
    void aControlCharacterInAQueryParameterIsRefusedNamingTheParameter() {
        assertRefused(api.get("/api/v1/subjects?identifier=%00"), "identifier");
        assertRefused(api.get("/api/v1/subjects/unregistered?identifier=0612345099&purpose=%00"), "purpose");
        assertRefused(api.get("/api/v1/subjects/unregistered?identifier=abc%01def"), "identifier");
        assertRefused(api.get("/api/v1/subjects/records/" + java.util.UUID.randomUUID() + "?reason=a%00b"), "reason");
        // Tomcat itself refuses an encoded NUL in the path; its error valve answers in Waarborg's form.
        TestApi.Response path = api.put("/api/v1/subjects/records/%00/category", "{\"category\":\"x\"}");
        assertThat(path.status()).isEqualTo(400);
        assertThat(path.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aQueryValueLongerThanAnyFieldIsRefused() {
        TestApi.Response answer = api.get("/api/v1/subjects/unregistered?identifier=" + "9".repeat(3_000));
        assertRefused(answer, "identifier");
        // Up to 32 KiB the request line reaches Waarborg, which names the field (issue 14: 10,000 characters).
        assertRefused(api.get("/api/v1/subjects?identifier=" + "9".repeat(10_000)), "identifier");
        assertThat(answer.json().path("detail").asString()).contains("longer than 2000 characters");
    }

    @Test
    void aRequestLineTomcatCannotReadGetsProblemJsonOrWaarborgsOwnPage() throws Exception {
        TestApi.Response answer = api.get("/api/v1/subjects/unregistered?identifier=" + "9".repeat(100_000));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("type").asString()).isEqualTo("urn:waarborg:problem:invalid-request");
        assertThat(answer.body()).doesNotContain("Tomcat", "99999");

        // Tomcat could not read the request line, so nothing tells a browser from an API client: problem+json,
        // which a person can read too (the console's search fields stop well before this length).
        HttpResponse<String> page = plain("/console/subjects?q=" + "9".repeat(100_000));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("too long").doesNotContain("Tomcat", "99999");
        // Spring Security never saw the request; the valve sets the headers it would have.
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .contains("default-src 'none'; frame-ancestors 'none'");
        // A path Tomcat refuses after reading it (an encoded NUL) gets the page when it is not an API path.
        HttpResponse<String> console = plain("/console/subjects/%00");
        assertThat(console.statusCode()).isEqualTo(400);
        assertThat(console.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(console.body()).contains("Waarborg kan dit verzoek niet lezen", "Waarborg cannot read this request");
    }

    @Test
    void aNulInAJsonBodyIsRefusedWithItsFieldAndNothingIsStored() {
        String name = "Nul " + java.util.UUID.randomUUID();
        TestApi.Response answer = api.post(
                "/api/v1/subjects",
                "{\"displayName\":\"" + name
                        + "\\u0000\",\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"nul@example.nl\"}]}");
        assertRefused(answer, "displayName");
        assertThat(answer.json().path("detail").asString()).contains("NUL");
        assertThat(api.get("/api/v1/subjects?identifier=nul%40example.nl").body())
                .doesNotContain(name);

        TestApi.Response payload = api.post(
                "/api/v1/subjects/records",
                "{\"category\":\"user.contact.email\",\"subjectIds\":[\"" + java.util.UUID.randomUUID()
                        + "\"],\"payload\":{\"note\":\"a\\u0000b\"}}");
        assertThat(payload.status()).as(payload.body()).isEqualTo(400);
        assertThat(payload.contentType()).startsWith("application/problem+json");
    }

    @Test
    void textFieldsHaveLimitsAndRefusedValuesAreNotRepeated() {
        TestApi admin = TestApi.withScopes(port, tokens, "*");
        String username = "lang." + java.util.UUID.randomUUID().toString().substring(0, 8);
        TestApi.Response longName = admin.post(
                "/api/v1/admin/users",
                "{\"username\":\"" + username + "\",\"displayName\":\"" + "n".repeat(10_000)
                        + "\",\"role\":\"AGENT\"}");
        assertRefused(longName, "displayName");
        assertThat(admin.get("/api/v1/admin/users").body()).doesNotContain(username);

        TestApi.Response scope =
                admin.post("/api/v1/admin/tokens", "{\"name\":\"probe\",\"scopes\":[\"" + "Q".repeat(10_000) + "\"]}");
        assertRefused(scope, "scopes");
        assertThat(scope.body()).doesNotContain("QQQQ");

        // Half a surrogate pair would be stored as "?": a silent change of what was sent.
        TestApi.Response half = api.post(
                "/api/v1/subjects",
                "{\"displayName\":\"a\\ud800b\",\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"half@example.nl\"}]}");
        assertRefused(half, "displayName");
        assertThat(half.json().path("detail").asString()).contains("surrogate");
        TestApi.Response source = api.post(
                "/api/v1/subjects",
                "{\"displayName\":\"Bron\",\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"bron@example.nl\","
                        + "\"sourceSystem\":\"" + "s".repeat(10_000) + "\"}]}");
        assertRefused(source, "identifiers[0].sourceSystem");
        // A whole pair (an emoji) is text like any other.
        assertThat(JsonTextGuard.lonelySurrogate("a\uD83D\uDE00b")).isFalse();
        assertThat(JsonTextGuard.lonelySurrogate("a\uDE00b")).isTrue();
        assertThat(JsonTextGuard.lonelySurrogate("a\uD83D")).isTrue();
    }

    @Test
    void theConsoleAndTheSignInFormAnswerWithTheErrorPage() throws Exception {
        HttpResponse<String> search = plain("/console/subjects?q=abc%00def");
        assertThat(search.statusCode()).isEqualTo(400);
        assertThat(search.body())
                .contains("Dit verzoek kan Waarborg niet aannemen")
                .doesNotContain("\u0000");

        HttpResponse<String> signIn = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/console/login"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("username=a%00b&password=x"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(signIn.statusCode()).isEqualTo(400);
    }

    @Test
    void controlCharactersAreFoundWhereverTheyAre() {
        assertThat(InputGuardFilter.hasControl("abc", false)).isFalse();
        assertThat(InputGuardFilter.hasControl("a\u0000", false)).isTrue();
        assertThat(InputGuardFilter.hasControl("a\u007f", false)).isTrue();
        assertThat(InputGuardFilter.hasControl("regel\nregel\tkolom", true)).isFalse();
        assertThat(InputGuardFilter.hasControl("regel\nregel", false)).isTrue();
        assertThat(InputGuardFilter.hasControl("é ü 日本", false)).isFalse();
    }

    HttpResponse<String> plain(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("Accept", "text/html")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static void assertRefused(TestApi.Response answer, String field) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("field").asString()).isEqualTo(field);
        assertThat(answer.body()).doesNotContain("\\u0000");
    }
}
