package nl.waarborg.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import nl.waarborg.audit.AuditQuery;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.cli.WaarborgCli;
import nl.waarborg.register.internal.RegisterReader;
import nl.waarborg.security.ApiTokens;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code ./waarborg statement render|import|versions} against a real server. */
@WaarborgTest
class StatementCliTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    AuditTrail audit;

    @TempDir
    Path dir;

    record Run(int exit, String out, String err, byte[] raw) {}

    Run cli(String token, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = WaarborgCli.run(
                args,
                Map.of("WAARBORG_URL", "http://localhost:" + port, "WAARBORG_TOKEN", token),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(
                exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), out.toByteArray());
    }

    String token(String... scopes) {
        return TestApi.withScopes(port, tokens, scopes).token();
    }

    @Test
    void importsAWordDocumentAndAWebPageByAddress() throws Exception {
        String officer = token("statement:read", "statement:write");
        Path docx = dir.resolve("privacyverklaring.docx");
        Files.write(docx, StatementDocumentImportTests.docx());
        Run word = cli(officer, "statement", "import", docx.toString());
        assertThat(word.exit()).as(word.err()).isZero();
        assertThat(word.err()).contains("Read as docx: 2 services, 4 categories");
        assertThat(RegisterReader.read(word.out()).organisation().legalName()).isEqualTo("Noordlicht Telecom B.V.");

        com.github.tomakehurst.wiremock.WireMockServer site = new com.github.tomakehurst.wiremock.WireMockServer(
                com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig()
                        .dynamicPort()
                        .bindAddress("127.0.0.1"));
        site.start();
        try {
            site.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/privacy")
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                            .withHeader("Content-Type", "text/html; charset=utf-8")
                            .withBody("<html><body><nav>Menu</nav><main><p>Noordlicht Telecom B.V., privacy@noordlicht"
                                    + ".example</p><h2>Welke gegevens verwerken wij?</h2><ul><li>Naam en adres</li>"
                                    + "<li>IP-adres</li></ul></main></body></html>")));
            site.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/latin")
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                            .withHeader("Content-Type", "text/html; charset=windows-1252")
                            .withBody(("<html><body><main><p>Noordlicht Telecom B.V., privacy@noordlicht.example</p>"
                                            + "<h2>Welke gegevens verwerken wij?</h2><ul><li>Naam en adres</li>"
                                            + "<li>Geboortedatum (één)</li></ul></main></body></html>")
                                    .getBytes(java.nio.charset.Charset.forName("windows-1252")))));
            site.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/moved")
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                            .withStatus(302)
                            .withHeader("Location", "http://provider.example/privacy")));
            Run latin = cli(officer, "statement", "import", "--url", "http://localhost:" + site.port() + "/latin");
            assertThat(latin.exit()).as(latin.err()).isZero();
            assertThat(latin.out()).contains("Geboortedatum (één)");
            Run moved = cli(officer, "statement", "import", "--url", "http://localhost:" + site.port() + "/moved");
            assertThat(moved.exit()).isNotZero();
            assertThat(moved.err()).as("a redirect meets the same rules").contains("https://");
            site.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/gone")
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                            .withStatus(404)));
            Run page = cli(officer, "statement", "import", "--url", "http://localhost:" + site.port() + "/privacy");
            assertThat(page.exit()).as(page.err()).isZero();
            assertThat(page.err()).contains("Read as html: 1 services, 2 categories");
            Run gone = cli(officer, "statement", "import", "--url", "http://localhost:" + site.port() + "/gone");
            assertThat(gone.exit()).isNotZero();
            assertThat(gone.err()).contains("404");
        } finally {
            site.stop();
        }
        assertThat(cli(officer, "statement", "import", "--url", "http://provider.example/privacy")
                        .err())
                .contains("https://");
        assertThat(cli(officer, "statement", "import").exit())
                .as("a file or an address")
                .isEqualTo(2);
    }

    @Test
    void importsEachSeedAppliesTheDraftAndRendersItsTable() throws Exception {
        SeedTables.assumeSeeds();
        String officer = token("register:read", "register:write", "statement:read", "statement:write");
        for (String seed : new String[] {SeedTables.PROGROUP, SeedTables.BEZORGSUPPORT}) {
            Run imported = cli(
                    officer,
                    "statement",
                    "import",
                    SeedTables.SEEDS.resolve(seed).toString());
            assertThat(imported.exit()).as(imported.err()).isZero();
            assertThat(imported.err()).contains("warning:", "categories");
            RegisterReader.read(imported.out());
            Path draft = dir.resolve(seed + ".yaml");
            Files.writeString(draft, imported.out());
            TestApi api = new TestApi(port, officer);
            var applied = api.post(
                    "/api/v1/register?acceptFindings=seed+as+published", "application/yaml", Files.readAllBytes(draft));
            assertThat(applied.status()).as(applied.body()).isIn(200, 201);
            int rv = applied.json().path("version").path("number").asInt();
            String html = api.get("/api/v1/statement?format=html&registerVersion=" + rv)
                    .body();
            assertThat(SeedTables.htmlTable(html, "data-table")).isEqualTo(SeedTables.seedTable(SeedTables.seed(seed)));
        }
        assertThat(audit.find(new AuditQuery(null, null, null, "register_draft", null, null, null, null, null, 10)))
                .isNotEmpty();
    }

    @Test
    void rendersEveryFormatToStandardOutputOrAFile() throws Exception {
        String officer = token("register:read", "register:write", "statement:read", "statement:write");
        TestApi.Response applied = new TestApi(port, officer)
                .post(
                        "/api/v1/register?acceptFindings=seed+as+published",
                        "application/yaml",
                        SeedTables.fixture("/register/seed-000-progroup.yaml").getBytes(StandardCharsets.UTF_8));
        assertThat(applied.status()).as(applied.body()).isIn(200, 201);
        String reader = token("statement:read");
        Run md = cli(reader, "statement", "render", "--lang", "en", "--format", "md");
        assertThat(md.exit()).as(md.err()).isZero();
        assertThat(md.out()).startsWith("# Privacy statement of ").contains("| Service | Data |");
        Run txt = cli(reader, "statement", "render", "--format", "txt");
        assertThat(txt.out()).contains("Dienst\tGegevens\tBewaartermijn\tVerantwoordelijke\tGrondslag");
        Path pdf = dir.resolve("statement.pdf");
        Run toFile = cli(reader, "statement", "render", "--format", "pdf", "--out", pdf.toString());
        assertThat(toFile.exit()).isZero();
        try (var doc = Loader.loadPDF(Files.readAllBytes(pdf))) {
            assertThat(new PDFTextStripper().getText(doc)).contains("Privacyverklaring van");
        }
        Run versions = cli(reader, "statement", "versions");
        assertThat(versions.out()).contains("VERSION", "IN FORCE FROM");
        Run bad = cli(reader, "statement", "render", "--format", "docx");
        assertThat(bad.exit()).isEqualTo(WaarborgCli.USAGE);
        assertThat(bad.err()).contains("format");
    }
}
