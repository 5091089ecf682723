package nl.waarborg.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditQuery;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.security.Permission;
import nl.waarborg.security.Role;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import tools.jackson.databind.JsonNode;

/** The register over real HTTP against the real database: apply, versions, diff, export, records, errors, roles. */
@WaarborgTest
@RecordApplicationEvents
class RegisterApiTests {

    static final String API = "/api/v1/register";

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    AuditTrail audit;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    java.time.Clock clock;

    TestApi officer;

    @BeforeEach
    void setUp() {
        officer = TestApi.withScopes(port, tokens, "register:read", "register:write");
    }

    TestApi.Response apply(String yaml) {
        return officer.post(API, "application/yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    /** The seeds are real statements with what the checks call errors: applied as published, with a reason. */
    TestApi.Response applyAccepting(String yaml) {
        return officer.post(
                API + "?acceptFindings=seed+as+the+provider+published+it",
                "application/yaml",
                yaml.getBytes(StandardCharsets.UTF_8));
    }

    int currentNumber() {
        return registers.current().map(RegisterVersion::number).orElse(0);
    }

    byte[] bytes(String path) {
        try {
            HttpResponse<byte[]> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(officer.baseUrl() + path))
                                    .header("Authorization", "Bearer " + officer.token())
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRegisterWithErrorFindingsIsRefusedUnlessAcceptedWithAReasonWhichTheVersionKeeps() {
        String seed = RegisterFixtures.load(RegisterFixtures.COMPUTRON);
        assertThat(apply(RegisterFixtures.load(RegisterFixtures.TEMPLATE)).status())
                .isIn(200, 201);
        int before = currentNumber();
        TestApi.Response refused = apply(seed);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().path("type").asString()).isEqualTo("urn:waarborg:problem:unaccepted-findings");
        assertThat(refused.json().path("field").asString()).isEqualTo("acceptFindings");
        assertThat(refused.json().path("detail").asString()).contains("no-executable-retention@website-usage");
        assertThat(refused.json().path("findings").size()).isEqualTo(9);
        assertThat(currentNumber()).isEqualTo(before);
        assertThat(officer.post(API + "?acceptFindings=+++", "application/yaml", seed.getBytes(StandardCharsets.UTF_8))
                        .status())
                .as("a blank reason is no reason")
                .isEqualTo(409);
        TestApi.Response notAReason =
                officer.post(API + "?acceptFindings=false", "application/yaml", seed.getBytes(StandardCharsets.UTF_8));
        assertThat(notAReason.status()).as("nor is a flag").isEqualTo(400);
        assertThat(notAReason.json().path("field").asString()).isEqualTo("acceptFindings");
        assertThat(currentNumber()).isEqualTo(before);

        TestApi.Response accepted = applyAccepting(seed);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        var version = accepted.json().path("version");
        assertThat(version.path("acceptedFindingsReason").asString()).isEqualTo("seed as the provider published it");
        assertThat(version.path("acceptedFindings").size()).isEqualTo(9);
        assertThat(officer.get(API + "/versions").body()).contains("seed as the provider published it");

        // The template has no error findings: nothing to accept, and a reason given anyway is not recorded.
        TestApi.Response clean = officer.post(
                API + "?acceptFindings=not+needed",
                "application/yaml",
                RegisterFixtures.load(RegisterFixtures.TEMPLATE).getBytes(StandardCharsets.UTF_8));
        assertThat(clean.status()).as(clean.body()).isEqualTo(201);
        assertThat(clean.json().path("version").path("acceptedFindingsReason").isNull())
                .isTrue();
        assertThat(clean.json().path("version").path("acceptedFindings").size()).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                RegisterFixtures.PROGROUP,
                RegisterFixtures.BEZORGSUPPORT,
                RegisterFixtures.COMPUTRON,
                RegisterFixtures.TEMPLATE
            })
    void seedRegisterSurvivesApplyExportAndReapplyWithoutANewVersion(String resource) {
        TestApi.Response first = applyAccepting(RegisterFixtures.load(resource));
        assertThat(first.status()).as(first.body()).isIn(200, 201);
        int version = first.json().path("version").path("number").asInt();

        String yaml = officer.get(API + "/export?format=yaml").body();
        TestApi.Response again = apply(yaml);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("created").asBoolean()).isFalse();
        assertThat(again.json().path("version").path("number").asInt()).isEqualTo(version);

        String json = officer.get(API + "/export?format=json").body();
        TestApi.Response fromJson = officer.post(API, json);
        assertThat(fromJson.status()).isEqualTo(200);
        assertThat(currentNumber()).isEqualTo(version);

        // The exported register says the same as the fixture, field by field.
        assertThat(registers.current().orElseThrow().register())
                .isEqualTo(nl.waarborg.register.internal.RegisterReader.read(RegisterFixtures.load(resource)));
    }

    @Test
    void applyingCreatesVersionsOnlyOnChangeAndDiffShowsWhatChanged(ApplicationEvents events) {
        String template = RegisterFixtures.load(RegisterFixtures.TEMPLATE);
        var base = editor.apply(template, null, null);
        int a = base.version().number();
        var same = editor.apply(template, "nothing", null);
        assertThat(same.created()).isFalse();
        assertThat(same.version().number()).isEqualTo(a);

        String changed = template.replace(
                        "retention: {period: P30D, from: collection}", "retention: {period: P60D, from: collection}")
                .replace("      - key: newsletter\n", "      - key: mailing-list\n");
        // Today: a later date would hold back every later apply in this shared database.
        java.time.LocalDate today = java.time.LocalDate.now(clock);
        var next = editor.apply(changed, "Longer recordings; newsletter renamed", today);
        assertThat(next.created()).isTrue();
        int b = next.version().number();
        assertThat(b).isEqualTo(a + 1);
        assertThat(next.version().changeSummary()).isEqualTo("Longer recordings; newsletter renamed");
        assertThat(next.version().inForceFrom()).isEqualTo(today);
        assertThat(next.version().author()).isNotBlank();
        assertThat(events.stream(RegisterVersionApplied.class)).anyMatch(e -> e.version() == b);
        assertThat(audit.find(new AuditQuery(
                        null,
                        null,
                        AuditAction.CREATE,
                        "register_version",
                        Integer.toString(b),
                        null,
                        null,
                        null,
                        null,
                        10)))
                .hasSize(1);

        JsonNode diff = officer.get(API + "/diff?from=" + a + "&to=" + b).json();
        List<String> changes = new ArrayList<>();
        diff.path("changes")
                .forEach(c -> changes.add(c.path("kind").asString() + " "
                        + c.path("scope").asString() + " "
                        + c.path("key").asString("") + " " + c.path("field").asString("") + " "
                        + c.path("before").asString("") + ">" + c.path("after").asString("")));
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        "CHANGED category support-calls retention.period P30D>P60D",
                        "REMOVED category newsletter  >",
                        "ADDED category mailing-list  >");

        JsonNode versions = officer.get(API + "/versions").json();
        assertThat(versions.get(0).path("number").asInt()).isEqualTo(b);
        assertThat(versions.get(0).path("contentHash").asString()).hasSize(64);
        assertThat(officer.get(API + "/versions/" + a).json().path("number").asInt())
                .isEqualTo(a);

        // An in-force date before the current one would rewrite history.
        TestApi.Response back = officer.post(
                API + "?inForceFrom=2000-01-01", "application/yaml", template.getBytes(StandardCharsets.UTF_8));
        assertThat(back.status()).isEqualTo(400);
        assertThat(back.json().path("field").asString()).isEqualTo("inForceFrom");
        assertThat(currentNumber()).isEqualTo(b);
    }

    @Test
    void facadeAnswersPerVersionForOtherModules() {
        var applied =
                editor.apply(RegisterFixtures.load(RegisterFixtures.BEZORGSUPPORT), null, null, "seed as published");
        int n = applied.version().number();
        assertThat(registers.version(n).orElseThrow().register().organisation().legalName())
                .isEqualTo("Bezorgsupport");
        assertThat(registers
                        .retention(n, "support-call-recordings")
                        .orElseThrow()
                        .period())
                .isEqualTo(java.time.Period.ofDays(180));
        assertThat(registers.retention(n, "no-such-category")).isEmpty();
        assertThat(registers.version(n + 1000)).isEmpty();
        // The apply made this version the current one, or found it already current.
        assertThat(registers.current().orElseThrow().number()).isEqualTo(n);
        assertThat(registers.categories()).extracting(DataCategory::key).contains("keyholders");
        assertThat(registers.retention("keyholders").orElseThrow().kind())
                .isEqualTo(RetentionRule.Kind.UNTIL_END_OF_SERVICE);
    }

    @Test
    void badFileIsRefusedWithEveryErrorAndLeavesTheCurrentVersionAlone() {
        apply(RegisterFixtures.load(RegisterFixtures.TEMPLATE));
        int before = currentNumber();
        String hash = registers.current().orElseThrow().contentHash();
        String bad = RegisterFixtures.load(RegisterFixtures.TEMPLATE)
                .replace("retention: {period: P7Y, from: invoice-date}", "retention: {period: seven years}")
                .replace(
                        "        sensitive: true\n        retention: {until: end-of-service}",
                        "        sensitive: yes please\n        retention: {until: end-of-service}");
        TestApi.Response response = apply(bad);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("type").asString()).isEqualTo("urn:waarborg:problem:invalid-register");
        assertThat(problem.path("errors")).hasSize(2);
        JsonNode first = problem.path("errors").get(0);
        assertThat(first.path("path").asString()).isEqualTo("services[0].categories[2].retention.period");
        assertThat(first.path("line").asInt()).isEqualTo(RegisterFormatTests.lineOf(bad, "seven years"));
        assertThat(first.path("column").asInt()).isPositive();
        assertThat(problem.path("errors").get(1).path("path").asString())
                .isEqualTo("services[0].categories[3].sensitive");
        assertThat(response.body()).doesNotContain("seven years").doesNotContain("yes please");

        assertThat(currentNumber()).isEqualTo(before);
        assertThat(registers.current().orElseThrow().contentHash()).isEqualTo(hash);
    }

    @Test
    void xlsxExportHoldsTheSameRowsAsTheCsvExport() throws IOException {
        apply(RegisterFixtures.load(RegisterFixtures.TEMPLATE));
        int version = currentNumber();
        List<CSVRecord> csv = CSVFormat.RFC4180
                .builder()
                .setCommentMarker('#')
                .get()
                .parse(new StringReader(
                        new String(bytes(API + "/export?format=csv&version=" + version), StandardCharsets.UTF_8)))
                .getRecords();
        try (XSSFWorkbook book =
                new XSSFWorkbook(new ByteArrayInputStream(bytes(API + "/export?format=xlsx&version=" + version)))) {
            Sheet sheet = book.getSheet("register");
            DataFormatter format = new DataFormatter();
            List<List<String>> rows = new ArrayList<>();
            // Row 0 is the preamble, row 1 empty, row 2 the header.
            for (int r = 2; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < csv.get(0).size(); c++) {
                    cells.add(row.getCell(c) == null ? "" : format.formatCellValue(row.getCell(c)));
                }
                rows.add(cells);
            }
            assertThat(rows).hasSize(csv.size());
            for (int i = 0; i < csv.size(); i++) {
                assertThat(rows.get(i)).isEqualTo(csv.get(i).toList());
            }
            long categories =
                    registers.current().orElseThrow().register().categories().count();
            assertThat(rows).hasSize((int) categories + 1);
            assertThat(rows.get(1).get(3)).isEqualTo("customer-contacts");
            assertThat(book.getSheet("Art. 30(1) verantwoordelijke")).isNotNull();
            assertThat(book.getSheet("Ontvangers").getRow(1).getCell(0).getStringCellValue())
                    .isEqualTo("hosting");
        }
        assertThat(audit
                        .find(new AuditQuery(
                                null,
                                null,
                                AuditAction.EXPORT,
                                "register_version",
                                Integer.toString(version),
                                null,
                                null,
                                null,
                                null,
                                50))
                        .stream()
                        .map(e -> e.details().get("format")))
                .contains("csv", "xlsx");
    }

    @Test
    void art30RecordsSplitOwnProcessingFromProcessingForClients() throws IOException {
        apply(RegisterFixtures.load(RegisterFixtures.TEMPLATE));
        JsonNode controller = officer.get(API + "/records/controller?lang=en").json();
        assertThat(controller.path("preamble").get(0).asString()).startsWith("Controller: Voorbeeld Telecom B.V.");
        List<String> services = new ArrayList<>();
        controller.path("rows").forEach(r -> services.add(r.get(1).asString()));
        assertThat(services)
                .contains(
                        "Traffic data (CDRs) of calls, texts and data use: which number, when, for how long, from where.")
                .doesNotContain("Names and phone numbers of keyholders who are called when an alarm goes off.");

        JsonNode processor =
                officer.get(API + "/records/processor?client=example-client").json();
        assertThat(processor.path("preamble").toString()).contains("Voorbeeldklant B.V.");
        List<String> processed = new ArrayList<>();
        processor.path("rows").forEach(r -> processed.add(r.get(1).asString()));
        assertThat(processed)
                .contains("Namen en telefoonnummers van sleutelhouders die bij een alarm worden gebeld.")
                .hasSize(4);
        assertThat(officer.get(API + "/records/processor?client=nobody").status())
                .isEqualTo(404);

        try (XSSFWorkbook book = new XSSFWorkbook(
                new ByteArrayInputStream(bytes(API + "/records/processor?client=example-client&format=xlsx")))) {
            assertThat(book.getSheetAt(0).getSheetName()).isEqualTo("Art. 30(2) verwerker");
        }
        String csv = new String(bytes(API + "/records/controller?format=csv"), StandardCharsets.UTF_8);
        assertThat(csv).startsWith("# Verwerkingsverantwoordelijke: Voorbeeld Telecom B.V.");
    }

    @Test
    void theControllersRecordNamesTheJointControllerAndTheArrangement() {
        apply(RegisterFixtures.load(RegisterFixtures.TEMPLATE)
                .replace(
                        "  website: https://www.voorbeeld.example\n",
                        "  website: https://www.voorbeeld.example\n  entities:\n"
                                + "    - {legalName: Voorbeeld Beveiliging B.V., kvk: \"87654321\", relation: group-company}\n"
                                + "    - legalName: Stichting Alarmnet\n      kvk: \"11223344\"\n"
                                + "      relation: joint-controller\n      arrangement:\n        nl: Alarmnet beheert de"
                                + " meldkamer, wij de aansluitingen.\n        en: Alarmnet runs the alarm centre, we run the"
                                + " connections.\n"));
        JsonNode controller = officer.get(API + "/records/controller?lang=en").json();
        assertThat(controller.path("preamble").toString())
                .contains("Joint controller (Art. 26): Stichting Alarmnet, KvK 11223344; arrangement: Alarmnet runs the"
                        + " alarm centre, we run the connections.")
                .doesNotContain("Joint controller (Art. 26): Voorbeeld Beveiliging");
        assertThat(officer.get(API + "/records/controller")
                        .json()
                        .path("preamble")
                        .toString())
                .contains("Gezamenlijk verwerkingsverantwoordelijke (art. 26): Stichting Alarmnet");
    }

    @Test
    void checkReportsFindingsOfTheCurrentVersionAndOfAFile() {
        apply(RegisterFixtures.load(RegisterFixtures.TEMPLATE));
        JsonNode clean = officer.get(API + "/check").json();
        assertThat(clean.path("findings")).isEmpty();
        JsonNode seed = officer.post(
                        API + "/check",
                        "application/yaml",
                        RegisterFixtures.load(RegisterFixtures.PROGROUP).getBytes(StandardCharsets.UTF_8))
                .json();
        assertThat(seed.path("errors").asInt()).isPositive();
        assertThat(seed.path("findings").toString()).contains("traffic-data-no-retention-duty");
    }

    @Test
    void agentsAndAuditorsReadButDoNotApply() {
        apply(RegisterFixtures.load(RegisterFixtures.TEMPLATE));
        for (Role role : List.of(Role.AGENT, Role.AUDITOR)) {
            TestApi api = TestApi.withScopes(
                    port,
                    tokens,
                    role.permissions().stream().map(Permission::authority).toArray(String[]::new));
            assertThat(api.get(API).status()).as(role.name()).isEqualTo(200);
            assertThat(api.get(API + "/versions").status()).isEqualTo(200);
            assertThat(api.get(API + "/check").status()).isEqualTo(200);
            assertThat(api.get(API + "/export?format=csv").status()).isEqualTo(200);
            TestApi.Response refused = api.post(
                    API,
                    "application/yaml",
                    RegisterFixtures.load(RegisterFixtures.PROGROUP).getBytes(StandardCharsets.UTF_8));
            assertThat(refused.status()).as(role.name()).isEqualTo(403);
        }
        TestApi none = TestApi.withScopes(port, tokens, "audit:read");
        assertThat(none.get(API).status()).isEqualTo(403);
    }
}
