package nl.waarborg.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditQuery;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.statement.internal.StatementStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The statement follows the register through the real API: apply, publish, render, archive. */
@WaarborgTest
class StatementApiTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    Clock clock;

    TestApi officer;
    TestApi reader;

    @BeforeEach
    void tokens() {
        officer = TestApi.withScopes(
                port, tokens, "register:read", "register:write", "statement:read", "statement:write");
        reader = TestApi.withScopes(port, tokens, "statement:read");
    }

    int apply(String yaml) {
        TestApi.Response r =
                officer.post("/api/v1/register", "application/yaml", yaml.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        return r.json().path("version").path("number").asInt();
    }

    @Test
    void appliedRegisterPublishesAStatementWithTheSeedTableInEveryFormat() {
        int rv = apply(SeedTables.fixture("/register/seed-002-bezorgsupport.yaml"));
        List<List<String>> expected = SeedTables.seedTable(SeedTables.seed(SeedTables.BEZORGSUPPORT));

        TestApi.Response html = reader.get("/api/v1/statement?lang=nl&format=html&registerVersion=" + rv);
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.contentType()).startsWith("text/html");
        assertThat(SeedTables.htmlTable(html.body(), "data-table")).isEqualTo(expected);

        TestApi.Response md = reader.get("/api/v1/statement?lang=nl&format=md&registerVersion=" + rv);
        assertThat(SeedTables.markdownTable(md.body())).isEqualTo(expected);

        TestApi.Response txt = reader.get("/api/v1/statement?lang=nl&format=txt&registerVersion=" + rv);
        assertThat(SeedTables.textTable(txt.body(), "Dienst")).isEqualTo(expected);

        TestApi.Response en = reader.get("/api/v1/statement?lang=en&format=txt&registerVersion=" + rv);
        assertThat(en.body()).contains("Privacy statement of Bezorgsupport", "Client organisation");

        TestApi.Response pdf = reader.get("/api/v1/statement?lang=en&format=pdf&registerVersion=" + rv);
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
        assertThat(pdf.body()).startsWith("%PDF");
    }

    @Test
    void onlyChangesThatReachTheTextMakeANewVersion() {
        String yaml = SeedTables.fixture("/register/seed-002-bezorgsupport.yaml");
        int first = apply(yaml);
        int before = reader.get("/api/v1/statement/versions").json().size();
        // Subjects are not in the statement's text: a new register version, the same statement.
        String unseen = yaml.replace("subjects: [keyholder]", "subjects: [keyholder, contact_person]");
        int second = apply(unseen);
        assertThat(second).isGreaterThan(first);
        assertThat(reader.get("/api/v1/statement/versions").json().size()).isEqualTo(before);
        // A new retention period is: a new statement version, naming the register version it came from.
        String seen =
                unseen.replace("display: {nl: 26 maanden, en: 26 months}", "display: {nl: 13 maanden, en: 13 months}");
        int third = apply(seen);
        var versions = reader.get("/api/v1/statement/versions").json();
        assertThat(versions.size()).isEqualTo(before + 1);
        assertThat(versions.get(0).path("registerVersion").asInt()).isEqualTo(third);
        int newest = versions.get(0).path("number").asInt();
        var diff = reader.get("/api/v1/statement/diff?from=" + (newest - 1) + "&to=" + newest + "&lang=nl")
                .json();
        assertThat(diff.path("lines").toString()).contains("13 maanden", "26 maanden");
    }

    @Autowired
    AuditTrail audit;

    @Autowired
    StatementStore store;

    @Test
    void lastUpdatedIsTheDayTheRegisterVersionTakesEffectAndEachVersionIsAudited() {
        String yaml = SeedTables.fixture("/register/seed-000-progroup.yaml")
                .replace("phone: 013-5499400", "phone: 013-5499401");
        LocalDate today = LocalDate.now(clock);
        TestApi.Response r = officer.post(
                "/api/v1/register?inForceFrom=" + today, "application/yaml", yaml.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        int rv = r.json().path("version").path("number").asInt();
        // Published by the register's durable event listener after the commit, in the background: nothing asked for it.
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> store.forRegisterVersion(rv).isPresent());
        String text =
                reader.get("/api/v1/statement?format=txt&registerVersion=" + rv).body();
        assertThat(text)
                .contains("Laatst bijgewerkt op "
                        + today.format(DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.forLanguageTag("nl"))));
        int number = reader.get("/api/v1/statement/versions")
                .json()
                .get(0)
                .path("number")
                .asInt();
        assertThat(audit.find(new AuditQuery(
                        null,
                        null,
                        AuditAction.CREATE,
                        "statement_version",
                        String.valueOf(number),
                        null,
                        null,
                        null,
                        null,
                        5)))
                .hasSize(1);
    }

    @Test
    void publicPagesNeedNoSignIn() throws Exception {
        apply(SeedTables.fixture("/register/seed-000-progroup.yaml"));
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/privacy", "/en/privacy", "/privacy/archive", "/en/privacy/archive")) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body()).contains(path.startsWith("/en") ? "lang=\"en\"" : "lang=\"nl\"");
            assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
                    .contains("script-src 'self'");
            assertThat(r.body()).doesNotContain("style=").doesNotContain("<script");
        }
        HttpResponse<String> missing = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/privacy/archive/99999"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        HttpResponse<byte[]> pdf = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/privacy/download?lang=nl&format=pdf"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(new String(pdf.body(), 0, 4, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF");
    }

    @Test
    void rejectsUnknownFormatAndLanguage() {
        apply(SeedTables.fixture("/register/seed-000-progroup.yaml"));
        TestApi.Response format = reader.get("/api/v1/statement?format=docx");
        assertThat(format.status()).isEqualTo(400);
        assertThat(format.json().path("field").asString()).isEqualTo("format");
        TestApi.Response lang = reader.get("/api/v1/statement?lang=de");
        assertThat(lang.status()).isEqualTo(400);
        assertThat(reader.get("/api/v1/statement?version=99999").status()).isEqualTo(404);
        TestApi.Response noScope =
                TestApi.withScopes(port, tokens, "audit:read").get("/api/v1/statement");
        assertThat(noScope.status()).isEqualTo(403);
    }
}
