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
        TestApi.Response r = officer.post(
                "/api/v1/register?acceptFindings=seed+as+published",
                "application/yaml",
                yaml.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        return r.json().path("version").path("number").asInt();
    }

    @Test
    void anImportThatIsEmptyOrNotUtf8SaysSoAndWhere() {
        TestApi.Response empty = officer.post("/api/v1/statement/import", "text/plain", new byte[0]);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().path("field").asString()).isEqualTo("file");
        assertThat(empty.json().path("detail").asString())
                .isEqualTo("the file is empty")
                .doesNotContain("JSON");

        byte[] latin1 = "Privacy\nVoorbeeld \u00e9".getBytes(StandardCharsets.ISO_8859_1);
        TestApi.Response notUtf8 = officer.post("/api/v1/statement/import", "text/plain", latin1);
        assertThat(notUtf8.status()).isEqualTo(400);
        assertThat(notUtf8.json().path("detail").asString()).contains("byte offset 18 (line 2, column 11)");

        TestApi.Response notAStatement = officer.post(
                "/api/v1/statement/import",
                "text/plain",
                "Boodschappenlijst: melk, brood".getBytes(StandardCharsets.UTF_8));
        assertThat(notAStatement.status()).isEqualTo(400);
        assertThat(notAStatement.json().path("detail").asString()).contains("no processing of personal data found");
    }

    @Test
    void aDocumentIsToldByItsContentAndBadOnesAreRefusedNamingTheReason() throws Exception {
        TestApi.Response word = officer.post(
                "/api/v1/statement/import", "application/octet-stream", StatementDocumentImportTests.docx());
        assertThat(word.status()).as(word.body()).isEqualTo(200);
        assertThat(word.json().path("format").asString()).isEqualTo("docx");
        assertThat(word.json().path("legalName").asString()).isEqualTo("Noordlicht Telecom B.V.");
        TestApi.Response pdf =
                officer.post("/api/v1/statement/import", "text/plain", StatementDocumentImportTests.pdf());
        assertThat(pdf.json().path("format").asString())
                .as("by content, whatever the type says")
                .isEqualTo("pdf");
        assertThat(pdf.json().path("categories").asInt()).isEqualTo(4);

        java.util.Map<String, byte[]> refused = new java.util.LinkedHashMap<>();
        refused.put("NUL", "Welke gegevens verwerken wij?\n- naam\u0000\n".getBytes(StandardCharsets.UTF_8));
        refused.put("ZIP", new byte[] {'P', 'K', 3, 4, 'x', 'y'});
        refused.put("PDF", "%PDF-1.7 not really".getBytes(StandardCharsets.US_ASCII));
        refused.put("huge", new byte[21 * 1024 * 1024]);
        java.util.Map<String, String> reasons = java.util.Map.of(
                "NUL", "line 2, column 7 holds a NUL",
                "ZIP", "not a Word document",
                "PDF", "the PDF cannot be read",
                "huge", "larger than 20 MB");
        refused.forEach((what, body) -> {
            TestApi.Response r = officer.post("/api/v1/statement/import", "application/octet-stream", body);
            assertThat(r.status()).as(what).isIn(400, 415);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().path("field").asString()).isEqualTo("file");
            assertThat(r.json().path("detail").asString()).as(what).contains(reasons.get(what));
        });
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
        // The API lists changed lines only: removed and added, no unchanged context.
        assertThat(diff.path("lines").valueStream().map(l -> l.path("kind").asString()))
                .isNotEmpty()
                .containsOnly("-", "+");
    }

    @Autowired
    Statements statements;

    @Test
    void differenceInContextAccountsForEveryLineOfTheOldText() {
        String yaml = SeedTables.fixture("/register/seed-002-bezorgsupport.yaml");
        apply(yaml);
        apply(yaml.replace("display: {nl: 26 maanden, en: 26 months}", "display: {nl: 14 maanden, en: 14 months}")
                .replace("phone: 088 – 7777 900", "phone: 088 – 7777 901"));
        var versions = statements.versions();
        int from = versions.get(1).number();
        int to = versions.get(0).number();
        List<Statements.DiffHunk> hunks = statements.diff(from, to, "nl", 2);
        // Two changes far apart: two stretches, each with at most two unchanged lines either side.
        assertThat(hunks).hasSize(2);
        for (Statements.DiffHunk hunk : hunks) {
            String kinds = hunk.lines().stream()
                    .map(l -> String.valueOf(l.kind()))
                    .collect(java.util.stream.Collectors.joining());
            assertThat(kinds).matches(" {0,2}-+\\++ {0,2}");
        }
        assertThat(hunks.get(0).unchangedBefore()).isPositive();
        assertThat(hunks.get(1).unchangedBefore()).isPositive();
        assertThat(hunks.get(1).unchangedAfter()).isPositive();
        // Every line of the old text is shown or counted as left out, once.
        long oldLines = statements
                .render(from, "nl", "md")
                .text()
                .lines()
                .filter(l -> !l.isBlank())
                .count();
        long accounted = hunks.stream()
                .mapToLong(h -> h.unchangedBefore()
                        + h.unchangedAfter()
                        + h.lines().stream().filter(l -> l.kind() != '+').count())
                .sum();
        assertThat(accounted).isEqualTo(oldLines);
        // Without context, the same changed lines as the API gives.
        assertThat(statements.diff(from, to, "nl"))
                .isEqualTo(hunks.stream()
                        .flatMap(h -> h.lines().stream())
                        .filter(l -> l.kind() != ' ')
                        .toList());
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** Words every description of verifying a requester uses: the register's note and the standard wording alike. */
    static final java.util.Map<String, String> VERIFICATION =
            java.util.Map.of("nl", "e-mailadres of telefoonnummer", "en", "e-mail address or phone number");

    @Test
    void verificationIsDescribedOnceWhetherTheRegisterHasANoteOrNot() {
        String template = SeedTables.fixture("/register/templates/telecom-nl.yaml");
        String withoutNote = template.replaceAll("(?m)^  note:\n(    .*\n){2}", "");
        assertThat(withoutNote).doesNotContain("We controleren wie u bent");
        String inDoubt = template.replace("verification: known-channel", "verification: id-copy-if-in-doubt");
        for (String yaml : List.of(template, withoutNote, inDoubt)) {
            int rv = apply(yaml);
            for (String lang : List.of("nl", "en")) {
                for (String format : List.of("txt", "md", "html")) {
                    String text = reader.get(
                                    "/api/v1/statement?lang=" + lang + "&format=" + format + "&registerVersion=" + rv)
                            .body();
                    assertThat(count(text, VERIFICATION.get(lang)))
                            .as("%s %s %s", lang, format, yaml.equals(template) ? "note" : "other")
                            .isEqualTo(1);
                }
            }
        }
        // The register's own words where it has them; Waarborg's where it has none.
        String noted = reader.get("/api/v1/statement?format=txt&registerVersion=" + apply(template))
                .body();
        assertThat(noted).contains("We controleren wie u bent").doesNotContain("Wij willen zeker weten");
        String plain = reader.get("/api/v1/statement?format=txt&registerVersion=" + apply(withoutNote))
                .body();
        assertThat(plain).contains("Wij willen zeker weten").doesNotContain("We controleren wie u bent");
        String doubt = reader.get("/api/v1/statement?format=txt&registerVersion=" + apply(inDoubt))
                .body();
        assertThat(count(doubt, "Alleen als wij dan nog echt twijfelen")).isEqualTo(1);
    }

    @Test
    void noDoublePeriodAfterANameThatEndsWithOne() {
        String yaml = SeedTables.fixture("/register/templates/telecom-nl.yaml")
                .replace(
                        "  website: https://www.voorbeeld.example\n",
                        "  website: https://www.voorbeeld.example\n"
                                + "  dpo: {name: Privacy Partners B.V.}\n"
                                + "  supervisoryAuthority: {name: Toezicht Inc., website: https://toezicht.example}\n");
        assertThat(yaml).contains("Privacy Partners B.V.");
        int rv = apply(yaml);
        java.util.regex.Pattern doublePeriod = java.util.regex.Pattern.compile("(?<!\\.)\\.\\.(?!\\.)");
        for (String lang : List.of("nl", "en")) {
            String txt = reader.get("/api/v1/statement?format=txt&lang=" + lang + "&registerVersion=" + rv)
                    .body();
            String md = reader.get("/api/v1/statement?format=md&lang=" + lang + "&registerVersion=" + rv)
                    .body();
            String html = org.jsoup.Jsoup.parse(
                            reader.get("/api/v1/statement?format=html&lang=" + lang + "&registerVersion=" + rv)
                                    .body())
                    .text();
            for (String text : List.of(txt, md, html)) {
                assertThat(text).doesNotContainPattern(doublePeriod).contains("Privacy Partners B.V.", "Toezicht Inc.");
            }
            // The sentence still ends where the name does, and after the link's address in plain text.
            String dpo = lang.equals("nl")
                    ? "Onze functionaris voor gegevensbescherming (FG) is Privacy Partners B.V.\n"
                    : "Our data protection officer (DPO) is Privacy Partners B.V.\n";
            assertThat(txt).contains(dpo).contains("Toezicht Inc. (https://toezicht.example).\n");
            assertThat(html).contains(": Toezicht Inc. ");
            assertThat(md).contains("[Toezicht Inc.](<https://toezicht.example>)\n");
        }
        // Values that do not end with a period keep the sentence's own.
        String txt =
                reader.get("/api/v1/statement?format=txt&registerVersion=" + rv).body();
        assertThat(txt).contains("onder nummer 12345678.");
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
                "/api/v1/register?acceptFindings=seed+as+published&inForceFrom=" + today,
                "application/yaml",
                yaml.getBytes(StandardCharsets.UTF_8));
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
    void contentLanguageFollowsTheAddressNotTheConsoleLanguage() throws Exception {
        apply(SeedTables.fixture("/register/seed-000-progroup.yaml"));
        int version = reader.get("/api/v1/statement/versions")
                .json()
                .get(0)
                .path("number")
                .asInt();
        HttpClient http = HttpClient.newHttpClient();
        java.util.Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("/privacy", "nl");
        expected.put("/en/privacy", "en");
        expected.put("/privacy/archive", "nl");
        expected.put("/en/privacy/archive", "en");
        expected.put("/privacy/archive/" + version, "nl");
        expected.put("/en/privacy/archive/" + version, "en");
        expected.put("/en/privacy/archive/99999", "en");
        expected.put("/privacy/download?lang=en&format=md", "en");
        expected.put("/privacy/download?lang=nl&format=txt", "nl");
        // The console's language cookie, in either language, must not change what the address says.
        for (String cookie : List.of("", "waarborg-lang=en", "waarborg-lang=nl")) {
            for (var e : expected.entrySet()) {
                HttpRequest.Builder request =
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + e.getKey()));
                if (!cookie.isEmpty()) {
                    request.header("Cookie", cookie);
                }
                HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.headers().allValues("Content-Language"))
                        .as("%s with cookie '%s'", e.getKey(), cookie)
                        .containsExactly(e.getValue());
                if (!e.getKey().startsWith("/privacy/download")) {
                    // Nor does the page set the cookie: reading the statement leaves the console's language alone.
                    assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("waarborg-lang"));
                }
            }
        }
        HttpResponse<String> notFound = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/en/privacy/archive/99999"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.body()).contains("lang=\"en\"", "No privacy statement has been published yet.");
        for (String lang : List.of("nl", "en")) {
            HttpResponse<String> api = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://localhost:" + port + "/api/v1/statement?format=txt&lang=" + lang))
                            .header("Authorization", "Bearer " + reader.token())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(api.headers().allValues("Content-Language")).containsExactly(lang);
        }
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
