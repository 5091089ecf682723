package nl.waarborg.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.security.Permission;
import nl.waarborg.security.Role;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** The console pages of the register, in Dutch and English, for the roles that may read it. */
@WaarborgTest
class RegisterConsoleTests {

    @Autowired
    WebApplicationContext context;

    @Autowired
    RegisterEditor editor;

    MockMvc mvc;
    int version;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
        editor.apply(RegisterFixtures.load(RegisterFixtures.TEMPLATE), null, null);
        // Another test class may have applied a later version; look at the template's own.
        version = editor.versions().stream()
                .filter(v -> v.contentHash()
                        .equals(nl.waarborg.register.internal.RegisterWriter.hash(
                                nl.waarborg.register.internal.RegisterReader.read(
                                        RegisterFixtures.load(RegisterFixtures.TEMPLATE)))))
                .findFirst()
                .orElseThrow()
                .number();
    }

    static RequestPostProcessor as(Role role) {
        return user(role.name().toLowerCase())
                .authorities(role.permissions().stream()
                        .map(p -> new org.springframework.security.core.authority.SimpleGrantedAuthority(p.authority()))
                        .toList());
    }

    String page(String path, Role role) throws Exception {
        return mvc.perform(get(path).with(as(role)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    @Autowired
    nl.waarborg.security.ApiTokens tokens;

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @Test
    void versionsNameTheirAuthorAndTheFindingsAccepted() throws Exception {
        String name = "Koppeling " + java.util.UUID.randomUUID().toString().substring(0, 8);
        var issued = tokens.issue(name, java.util.Set.of("register:write"), "test");
        String seed = RegisterFixtures.load(RegisterFixtures.BEZORGSUPPORT)
                .replaceFirst("legalName: [^\\n]*", "legalName: Versies " + name);
        var applied = new nl.waarborg.TestApi(port, issued.secret())
                .post(
                        "/api/v1/register?acceptFindings=zoals+gepubliceerd+in+2024",
                        "application/yaml",
                        seed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(applied.status()).as(applied.body()).isEqualTo(201);

        String versions = page("/console/register/versions?lang=nl", Role.AUDITOR);
        assertThat(versions)
                .contains(name)
                .contains(
                        "Toegepast ondanks 3 foutbevinding(en) van de controle, met als reden: zoals gepubliceerd in 2024")
                .doesNotContain("API_TOKEN:" + issued.token().id());
        String overview = page("/console/register?lang=en", Role.AUDITOR);
        assertThat(overview).contains("id=\"accepted-findings\"", "zoals gepubliceerd in 2024");
        // Back to the template, so that the other tests of this class read what they expect.
        editor.apply(RegisterFixtures.load(RegisterFixtures.TEMPLATE), null, null);
    }

    @Test
    void overviewShowsTheRegisterPerServiceLikeAStatement() throws Exception {
        String nl = page("/console/register?version=" + version + "&lang=nl", Role.AGENT);
        assertThat(nl)
                .contains("Type dienst", "Bewaartermijn", "Grond voor verwerking")
                .contains("Internetverbinding")
                .contains("Tot het einde van de dienstverlening")
                .contains("6 maanden na de factuurdatum")
                .contains("Opdrachtgevende partij")
                .contains("Uitvoering overeenkomst (Art. 6(1)(b))");
        String en = page("/console/register?version=" + version + "&lang=en", Role.AUDITOR);
        assertThat(en).contains("Internet connection").contains("6 months after the invoice date");
    }

    @Test
    void categoryVersionsDiffCheckAndRecordPagesRender() throws Exception {
        assertThat(page("/console/register/categories/traffic-data?version=" + version, Role.PRIVACY_OFFICER))
                .contains("telecom.traffic_data")
                .contains("P6M");
        assertThat(page("/console/register/versions", Role.AGENT)).contains("/console/register?version=" + version);
        assertThat(page("/console/register/diff?from=" + version + "&to=" + version, Role.AGENT))
                .contains("Er zijn geen verschillen.");
        assertThat(page("/console/register/check?version=" + version, Role.AGENT))
                .contains("geeft geen bevindingen");
        assertThat(page("/console/register/records/controller?version=" + version, Role.AUDITOR))
                .contains("Art. 30(1) verantwoordelijke")
                .contains("Voorbeeld Telecom B.V.");
        assertThat(page("/console/register/records/processor?client=example-client&version=" + version, Role.AUDITOR))
                .contains("Voorbeeldklant B.V.");
        mvc.perform(get("/console/register/categories/nope?version=" + version).with(as(Role.AGENT)))
                .andExpect(status().isNotFound());
    }

    @Test
    void downloadsAreSpreadsheets() throws Exception {
        byte[] xlsx = mvc.perform(get("/console/register/records/controller/download?format=xlsx&version=" + version)
                        .with(as(Role.AUDITOR)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertThat(book.getSheetAt(0).getRow(0).getCell(0).getStringCellValue())
                    .startsWith("Verwerkingsverantwoordelijke: Voorbeeld Telecom B.V.");
        }
    }

    @Test
    void dashboardShowsTheRegisterTileAndTheMenuItem() throws Exception {
        String dashboard = page("/console", Role.AGENT);
        assertThat(dashboard)
                .contains("Verwerkingsregister")
                .contains("Bevindingen toetsing")
                .contains("/console/register");
    }

    @Test
    void staffWithoutRegisterReadCannotSeeIt() throws Exception {
        mvc.perform(get("/console/register")
                        .with(user("x")
                                .authorities(new org.springframework.security.core.authority.SimpleGrantedAuthority(
                                        Permission.AUDIT_READ.authority()))))
                .andExpect(status().isForbidden());
    }

    @Test
    void theRecipientsPageShowsEachAgreementsStateAndWhatGoesThere() throws Exception {
        String yaml = AgreementTests.withHosting("{present: true, date: 2025-01-15, reviewOn: 2026-01-31,"
                + " clauses: [a, b, c, d, e, f, g], subProcessors: [alarm-centre], auditRights: false}");
        editor.apply(yaml, null, null);
        int applied = editor.versions().stream()
                .filter(v -> v.contentHash()
                        .equals(nl.waarborg.register.internal.RegisterWriter.hash(
                                nl.waarborg.register.internal.RegisterReader.read(yaml))))
                .findFirst()
                .orElseThrow()
                .number();
        String html = page("/console/register/recipients?version=" + applied, Role.AUDITOR);
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(html);
        org.jsoup.nodes.Element hosting = page.getElementById("recipient-hosting");
        assertThat(hosting).isNotNull();
        org.jsoup.nodes.Element facts = hosting.nextElementSibling();
        assertThat(facts.select("[data-state]").attr("data-state")).isEqualTo("REVIEW_DUE");
        assertThat(facts.text())
                .contains("ontbreekt: h")
                .contains("alarm-centre")
                .contains("nee");
        assertThat(html).contains("(customer-contacts)");
        assertThat(page.select("[data-state=MISSING]"))
                .as("the template's processors all have an agreement")
                .isEmpty();
        assertThat(page.getElementById("recipient-mobile-network")
                        .nextElementSibling()
                        .text())
                .contains("Niet nodig");
    }

    @Test
    void theApiAndTheCommandLineListTheRecipientsWithTheirAgreementsState() {
        String token =
                nl.waarborg.TestApi.withScopes(port, tokens, "register:read").token();
        nl.waarborg.TestCli.Run list = nl.waarborg.TestCli.remote(port, token, "recipients", "list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out())
                .contains("AGREEMENT")
                .contains("hosting")
                .contains("mobile-network")
                .contains("NONE");
        nl.waarborg.TestApi.Response api = new nl.waarborg.TestApi(port, token).get("/api/v1/register/recipients");
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.json().findValuesAsString("agreementState")).contains("NONE");
    }

    @Test
    void aSignedAgreementIsStoredSealedAndReadBackAsUploaded(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String token = nl.waarborg.TestApi.withScopes(port, tokens, "register:read", "register:write")
                .token();
        byte[] pdf = ("%PDF-1.7\n% signed agreement " + java.util.UUID.randomUUID() + "\n%%EOF\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("VO hosting 2025.pdf"), pdf);
        nl.waarborg.TestCli.Run attached =
                nl.waarborg.TestCli.remote(port, token, "recipients", "attach", "hosting", file.toString());
        assertThat(attached.exit()).as(attached.err()).isZero();
        assertThat(attached.out()).contains("Stored the agreement of hosting");
        // Sealed at rest: the stored bytes are not the PDF.
        byte[] stored = new org.springframework.jdbc.core.JdbcTemplate(dataSource)
                .queryForObject(
                        "SELECT sealed FROM agreement_document WHERE party_key = 'hosting' ORDER BY uploaded_at DESC"
                                + " LIMIT 1",
                        byte[].class);
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("signed agreement");
        java.nio.file.Path back = dir.resolve("back.pdf");
        assertThat(nl.waarborg.TestCli.remote(
                                port, token, "recipients", "document", "hosting", "--out", back.toString())
                        .exit())
                .isZero();
        assertThat(java.nio.file.Files.readAllBytes(back)).isEqualTo(pdf);

        nl.waarborg.TestApi api = new nl.waarborg.TestApi(port, token);
        assertThat(api.post("/api/v1/recipients/hosting/agreement-document", "application/pdf", "not a pdf".getBytes())
                        .status())
                .isEqualTo(415);
        assertThat(api.post("/api/v1/recipients/nobody/agreement-document", "application/pdf", pdf)
                        .status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/recipients/billing/agreement-document", "application/pdf", pdf)
                        .status())
                .as("a stored agreement is created")
                .isEqualTo(201);
        assertThat(api.post("/api/v1/recipients/hosting/agreement-document", "application/pdf", new byte[0])
                        .json()
                        .path("field")
                        .asString())
                .isEqualTo("document");
        nl.waarborg.TestApi reader = nl.waarborg.TestApi.withScopes(port, tokens, "register:read");
        assertThat(reader.post("/api/v1/recipients/hosting/agreement-document", "application/pdf", pdf)
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/recipients/alarm-centre/agreement-document").status())
                .isEqualTo(404);
    }

    @Autowired
    javax.sql.DataSource dataSource;
}
