package nl.waarborg.subjects;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import nl.waarborg.BrowserSession;
import nl.waarborg.TestApi;
import nl.waarborg.TestCli;
import nl.waarborg.TestCli.Run;
import nl.waarborg.WaarborgTest;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditEntry;
import nl.waarborg.audit.AuditQuery;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.security.Role;
import nl.waarborg.security.SetupLink;
import nl.waarborg.security.StaffAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The subject page, its API and {@code subject find} with everything a person's data can be: records in the built-in
 * store, traffic data from an ingested Asterisk file, and three external systems configured as properties — a CRM
 * played by WireMock, a system that answers 500, and a manual one — with due dates by an applied register.
 */
@WaarborgTest
class SubjectOverviewTests {

    static WireMockServer peers;

    @DynamicPropertySource
    static void connectors(DynamicPropertyRegistry properties) {
        peers = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        peers.start();
        properties.add("waarborg.connectors.crm.type", () -> "http");
        properties.add("waarborg.connectors.crm.base-url", () -> peers.baseUrl() + "/crm/");
        properties.add("waarborg.connectors.crm.timeout", () -> "5s");
        properties.add("waarborg.connectors.crm.max-attempts", () -> "1");
        properties.add("waarborg.connectors.broken.type", () -> "http");
        properties.add("waarborg.connectors.broken.base-url", () -> peers.baseUrl() + "/broken/");
        properties.add("waarborg.connectors.broken.max-attempts", () -> "1");
        properties.add("waarborg.connectors.accounting.type", () -> "manual");
    }

    @AfterAll
    static void stopPeers() {
        peers.stop();
    }

    static final String REGISTER = """
            format: 1
            organisation: {legalName: Overzicht Telecom B.V.}
            services:
              - key: general
                name: {nl: Algemeen, en: General}
                categories:
                  - key: crm-contact
                    description: {nl: Contactgegevens in het CRM, en: Contact details in the CRM}
                    dataCategories: [user.contact.email]
                    subjects: [customer]
                    purposes: [{nl: De dienst leveren, en: Delivering the service, uses: [essential.service]}]
                    legalBasis: contract
                    controller: provider
                    retention: {period: P1Y, from: collection}
                  - key: support-tickets
                    description: {nl: Meldingen, en: Tickets}
                    dataCategories: [user.content]
                    subjects: [customer]
                    purposes: [{nl: Storingen verhelpen, en: Fixing faults, uses: [essential.service]}]
                    legalBasis: contract
                    controller: client
                    retention: {setBy: client, default: P30D, maximum: P1Y, from: collection}
                  - key: notes
                    description: {nl: Notities, en: Notes}
                    dataCategories: [user.name]
                    subjects: [customer]
                    purposes: [{nl: De dienst leveren, en: Delivering the service, uses: [essential.service]}]
                    legalBasis: contract
                    controller: provider
                    retention: {display: {nl: Zolang nodig, en: As long as needed}}
              - key: voip
                name: {nl: Telefonie, en: Telephony}
                categories:
                  - key: voip-devices
                    description: {nl: Toestellen, en: Handsets}
                    dataCategories: [telecom.device.mac_address]
                    subjects: [end_user]
                    purposes: [{nl: De dienst leveren, en: Delivering the service, uses: [essential.service]}]
                    legalBasis: contract
                    controller: provider
                    retention: {until: end-of-service}
              - key: usage
                name: {nl: Gebruik, en: Usage}
                categories:
                  - key: traffic-data
                    description: {nl: Verkeersgegevens, en: Traffic data}
                    dataCategories: [telecom.traffic_data]
                    subjects: [subscriber]
                    purposes: [{nl: Factureren, en: Billing, uses: [essential.service]}]
                    legalBasis: contract
                    controller: provider
                    retention: {period: P6M, from: collection}
            """;

    static final String CRM_FIND = """
            {"records": [
              {"id": "c-17", "category": "crm-contact", "location": "contacts", "timestamp": "2024-02-29T10:00:00Z"},
              {"id": "e-2", "category": "user.contact.email", "location": "newsletter", "timestamp": "2030-01-31T12:00:00Z"},
              {"id": "t-3", "category": "support-tickets", "location": "tickets", "timestamp": "2026-11-01T09:00:00Z"},
              {"id": "n-1", "category": "notes", "location": "notes", "timestamp": "2026-11-01T09:00:00Z"},
              {"id": "d-1", "category": "voip-devices", "location": "devices", "timestamp": "2026-11-01T09:00:00Z"},
              {"id": "x-9", "category": "loyalty-points", "location": "loyalty", "timestamp": "2026-11-01T09:00:00Z"}
            ]}
            """;

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    AuditTrail audit;

    @Autowired
    StaffAccounts accounts;

    TestApi api;
    String mobile;
    String email;
    String subject;

    @BeforeEach
    void setUp() {
        peers.resetAll();
        peers.stubFor(post("/crm/find").willReturn(okJson(CRM_FIND)));
        peers.stubFor(post("/broken/find").willReturn(serverError()));
        TestApi officer = TestApi.withScopes(port, tokens, "register:read", "register:write");
        TestApi.Response applied = officer.post(
                // The notes row has only a text as its retention, on purpose: accepted.
                "/api/v1/register?acceptFindings=notes+kept+as+text+on+purpose",
                "application/yaml",
                REGISTER.getBytes(StandardCharsets.UTF_8));
        assertThat(applied.status()).as(applied.body()).isIn(200, 201);

        api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        SubjectFixtures fixtures = new SubjectFixtures(api);
        String org = fixtures.organisation("Overzicht B.V.", "C-" + UUID.randomUUID());
        String voip = fixtures.service(org, "voip", "2024-01-01", null);
        mobile = "06" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        email = "o" + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
        subject = SubjectFixtures.created(api.post(
                        "/api/v1/subjects",
                        "{\"displayName\":\"Olga Overzicht\",\"identifiers\":[{\"kind\":\"PHONE\",\"value\":\"" + mobile
                                + "\"},{\"kind\":\"EMAIL\",\"value\":\"" + email + "\"}],\"roles\":[{\"role\":"
                                + "\"END_USER\",\"organisationId\":\"" + org + "\",\"serviceDeliveredId\":\"" + voip
                                + "\"}]}"))
                .path("id")
                .asString();
        fixtures.record(
                subject,
                "user.contact.email",
                "\"collectedAt\":\"2025-01-31T10:00:00Z\",\"retentionPeriod\":\"P1M\",\"retentionAnchor\":\"COLLECTED\"",
                "{\"email\":\"" + email + "\"}");
        // No period of its own: due by the register's rule for the category (crm-contact, P1Y from collection).
        fixtures.record(
                subject,
                "user.contact.email",
                "\"collectedAt\":\"2024-02-29T12:00:00Z\"",
                "{\"email\":\"" + email + "\"}");
        ingestCalls();
    }

    /**
     * 25 calls a week apart from or to the person's number, in two notations, the first at 00:30 on the night the
     * clocks go forward (23:30 UTC the day before), and one call between two other numbers.
     */
    void ingestCalls() {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        StringBuilder csv = new StringBuilder();
        LocalDateTime first = LocalDateTime.of(2026, 3, 29, 0, 30);
        String international = "0031" + mobile.substring(1);
        for (int i = 0; i < 25; i++) {
            LocalDateTime start = first.plusWeeks(i);
            String a = i % 2 == 0 ? mobile : "0201234567";
            String b = i % 2 == 0 ? "0201234567" : international;
            csv.append(line(a, b, start, f));
        }
        csv.append(line("0104567890", "0201234567", first.plusDays(1), f));
        TestApi.Response r = api.post(
                "/api/v1/traffic/cdr?format=asterisk",
                "text/csv",
                csv.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("rejected").asLong()).as(r.body()).isZero();
    }

    static String line(String from, String to, LocalDateTime start, DateTimeFormatter f) {
        return "\"\",\"" + from + "\",\"" + to + "\",\"from-internal\",\"" + from + "\",\"SIP/201-1\",\"SIP/trunk-2\","
                + "\"Dial\",\"SIP/trunk,60\",\"" + f.format(start) + "\",\"" + f.format(start.plusSeconds(5)) + "\",\""
                + f.format(start.plusSeconds(65)) + "\",65,60,\"ANSWERED\",\"DOCUMENTATION\"\n";
    }

    JsonNode overview(String query) {
        TestApi.Response r = api.get("/api/v1/subjects/" + subject + "/overview?" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static JsonNode find(JsonNode list, String field, String value) {
        for (JsonNode n : list) {
            if (value.equals(n.path(field).asString())) {
                return n;
            }
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + list);
    }

    @Test
    void apiAnswersTrafficExternalSystemsAndWhereTheDataLivesWithDueDates() {
        JsonNode local = overview("purpose=api-check");
        assertThat(peers.findAll(postRequestedFor(urlEqualTo("/crm/find")))).isEmpty();
        JsonNode traffic = local.path("traffic");
        assertThat(traffic.path("total").asLong()).isEqualTo(25);
        assertThat(traffic.path("matching").asLong()).isEqualTo(25);
        assertThat(traffic.path("firstCall").asString()).isEqualTo("2026-03-28T23:30:00Z");
        assertThat(traffic.path("registerCategory").asString()).isEqualTo("traffic-data");
        // The oldest call started at 00:30 on 29 March in Amsterdam (the night the clocks go forward): six months on.
        assertThat(traffic.path("oldestDue").path("dueOn").asString()).isEqualTo("2026-09-29");
        assertThat(traffic.path("oldestDue").path("overdue").asBoolean()).isTrue();
        assertThat(traffic.path("calls")).hasSize(20);
        assertThat(traffic.path("calls").get(0).path("timestamp").asString()).isEqualTo("2026-09-12T22:30:00Z");
        assertThat(local.path("external").path("searched").asBoolean()).isFalse();
        assertThat(local.path("external").path("configured").properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("accounting", "broken", "crm");
        JsonNode trafficRow = find(local.path("where"), "place", "TRAFFIC");
        assertThat(trafficRow.path("records").asLong()).isEqualTo(25);
        assertThat(trafficRow.path("category").asString()).isEqualTo("telecom.traffic_data");
        assertThat(trafficRow.path("earliestDue").asString()).isEqualTo("2026-09-29");
        JsonNode builtIn = find(local.path("where"), "place", "BUILT_IN");
        assertThat(builtIn.path("category").asString()).isEqualTo("crm-contact");
        assertThat(builtIn.path("earliestDue").asString()).isEqualTo("2025-02-28");
        assertThat(builtIn.path("records").asLong()).isEqualTo(2);
        List<JsonNode> builtInRecords = new java.util.ArrayList<>();
        local.path("groups")
                .forEach(
                        g -> g.path("categories").forEach(c -> c.path("records").forEach(builtInRecords::add)));
        JsonNode own = builtInRecords.stream()
                .filter(v -> v.path("registerRule").isNull())
                .findFirst()
                .orElseThrow();
        assertThat(own.path("dueOn").asString()).isEqualTo("2025-02-28");
        // Without a period of its own: the register's crm-contact rule, a year from 29 February 2024.
        JsonNode byRegister = builtInRecords.stream()
                .filter(v -> !v.path("registerRule").isNull())
                .findFirst()
                .orElseThrow();
        assertThat(byRegister.path("registerRule").path("en").asString()).isEqualTo("1 year after collection");
        assertThat(byRegister.path("dueOn").asString()).isEqualTo("2025-02-28");
        assertThat(byRegister.path("overdue").asBoolean()).isTrue();
        // The record list and the record's own page give the same date as the overview.
        JsonNode listed = api.get("/api/v1/subjects/" + subject + "/records").json();
        assertThat(listed.findValuesAsString("dueOn")).containsExactlyInAnyOrder("2025-02-28", "2025-02-28");
        assertThat(listed.findValues("registerRule").stream().filter(n -> !n.isNull()))
                .hasSize(1);
        assertThat(local.path("holdings").toString()).contains("\"location\":\"traffic\"", "\"records\":25");

        JsonNode page2 = overview("calls=20&callsOffset=20");
        assertThat(page2.path("traffic").path("calls")).hasSize(5);
        assertThat(page2.path("traffic").path("calls").get(4).path("timestamp").asString())
                .isEqualTo("2026-03-28T23:30:00Z");
        JsonNode window = overview("callsFrom=2026-03-29&callsTo=2026-04-05&calls=5");
        assertThat(window.path("traffic").path("matching").asLong()).isEqualTo(2);
        assertThat(window.path("traffic").path("total").asLong()).isEqualTo(25);

        JsonNode full = overview("external=true&purpose=api-check");
        JsonNode systems = full.path("external").path("systems");
        assertThat(systems).hasSize(3);
        JsonNode crm = find(systems, "system", "crm");
        assertThat(crm.path("status").asString()).isEqualTo("DONE");
        JsonNode contact = find(crm.path("records"), "key", "c-17");
        assertThat(contact.path("location").asString()).isEqualTo("crm:contacts");
        assertThat(contact.path("registerCategory").asString()).isEqualTo("crm-contact");
        // Created on a leap day, kept one year: 28 February.
        assertThat(contact.path("due").path("dueOn").asString()).isEqualTo("2025-02-28");
        assertThat(contact.path("due").path("overdue").asBoolean()).isTrue();
        JsonNode byDataCategory = find(crm.path("records"), "key", "e-2");
        assertThat(byDataCategory.path("registerCategory").asString()).isEqualTo("crm-contact");
        assertThat(byDataCategory.path("due").path("dueOn").asString()).isEqualTo("2031-01-31");
        assertThat(byDataCategory.path("due").path("overdue").asBoolean()).isFalse();
        assertThat(find(crm.path("records"), "key", "t-3")
                        .path("due")
                        .path("unknown")
                        .asString())
                .isEqualTo("SET_BY_CLIENT");
        assertThat(find(crm.path("records"), "key", "n-1")
                        .path("due")
                        .path("unknown")
                        .asString())
                .isEqualTo("TEXT_ONLY");
        assertThat(find(crm.path("records"), "key", "d-1")
                        .path("due")
                        .path("unknown")
                        .asString())
                .isEqualTo("SERVICE_RUNNING");
        assertThat(find(crm.path("records"), "key", "x-9")
                        .path("due")
                        .path("unknown")
                        .asString())
                .isEqualTo("NOT_IN_REGISTER");
        JsonNode broken = find(systems, "system", "broken");
        assertThat(broken.path("status").asString()).isEqualTo("FAILED");
        assertThat(broken.path("error").asString()).contains("HTTP 500");
        JsonNode accounting = find(systems, "system", "accounting");
        assertThat(accounting.path("status").asString()).isEqualTo("PENDING");
        assertThat(accounting.path("reference").asString()).startsWith("task:");

        JsonNode crmRow = null;
        for (JsonNode w : full.path("where")) {
            if ("crm".equals(w.path("location").asString())
                    && "crm-contact".equals(w.path("category").asString())) {
                crmRow = w;
            }
        }
        assertThat(crmRow).isNotNull();
        assertThat(crmRow.path("records").asLong()).isEqualTo(1);
        assertThat(crmRow.path("earliestDue").asString()).isEqualTo("2025-02-28");
        assertThat(crmRow.path("overdue").asBoolean()).isTrue();
        assertThat(find(full.path("where"), "location", "broken").path("status").asString())
                .isEqualTo("FAILED");

        TestApi.Response bad = api.get("/api/v1/subjects/" + subject + "/overview?calls=0");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("field").asString()).isEqualTo("calls");
        TestApi.Response badDay = api.get("/api/v1/subjects/" + subject + "/overview?callsFrom=29-03-2026");
        assertThat(badDay.status()).isEqualTo(400);
        assertThat(badDay.json().path("field").asString()).isEqualTo("callsFrom");
        assertThat(badDay.body()).doesNotContain("29-03-2026");
        assertThat(api.get("/api/v1/subjects/" + UUID.randomUUID() + "/overview")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void pageReadsAreAuditedWithThePurposeAndNoPersonalData() {
        overview("external=true&purpose=ticket-77");
        List<AuditEntry> entries =
                audit.find(new AuditQuery(null, null, null, null, null, subject, null, null, null, 100));
        assertThat(entries)
                .anySatisfy(e -> {
                    assertThat(e.action()).isEqualTo(AuditAction.READ);
                    assertThat(e.targetType()).isEqualTo("subject");
                    assertThat(e.purpose()).isEqualTo("ticket-77");
                    assertThat(e.details()).containsEntry("external", "true");
                })
                .anySatisfy(e -> {
                    assertThat(e.action()).isEqualTo(AuditAction.READ);
                    assertThat(e.targetType()).isEqualTo("data_store");
                    assertThat(e.targetId()).isEqualTo("traffic");
                    assertThat(e.purpose()).isEqualTo("ticket-77");
                    assertThat(e.details()).containsEntry("step", "find").containsEntry("records", "25");
                })
                .anySatisfy(e -> {
                    assertThat(e.action()).isEqualTo(AuditAction.EXPORT);
                    assertThat(e.targetId()).isEqualTo("traffic");
                    assertThat(e.details()).containsEntry("step", "export").containsEntry("affected", "20");
                })
                .anySatisfy(e -> {
                    assertThat(e.targetType()).isEqualTo("data_store");
                    assertThat(e.targetId()).isEqualTo("broken");
                    assertThat(e.purpose()).isEqualTo("ticket-77");
                    assertThat(e.details()).containsEntry("status", "FAILED");
                });
        String digits = mobile.substring(1);
        for (AuditEntry e : entries) {
            assertThat(e.toString()).doesNotContain(digits).doesNotContain(email);
        }
    }

    @Test
    void subjectPageInChromiumShowsCallsExternalRecordsAndAFailingSystem() throws Exception {
        SetupLink link =
                accounts.create("overview." + UUID.randomUUID().toString().substring(0, 8), "Overview", Role.ADMIN);
        ChromeDriver browser = BrowserSession.start();
        try {
            browser.get(link.url());
            browser.findElement(By.id("password")).sendKeys("een lange zin als wachtwoord");
            browser.findElement(By.id("confirmation")).sendKeys("een lange zin als wachtwoord");
            BrowserSession.clickAndWait(browser, By.cssSelector("form button[type=submit]"));
            browser.findElement(By.id("username")).sendKeys(link.username());
            browser.findElement(By.id("password")).sendKeys("een lange zin als wachtwoord");
            BrowserSession.clickAndWait(browser, By.cssSelector("form button[type=submit]"));

            browser.get("http://localhost:" + port + "/console/subjects/" + subject + "?purpose=ticket-78&lang=en");
            assertThat(browser.findElement(By.id("traffic-count")).getText()).isEqualTo("25");
            assertThat(browser.findElement(By.id("traffic-due")).getText()).isEqualTo("2026-09-29 (overdue)");
            assertThat(browser.findElements(By.cssSelector("#calls tbody tr"))).hasSize(20);
            assertThat(browser.findElement(By.cssSelector("#calls caption")).getText())
                    .isEqualTo("Calls 1 to 20 of 25, newest first");
            String where = browser.findElement(By.id("where")).getText();
            assertThat(where)
                    .contains("Traffic data Traffic data in Waarborg 25 2026-09-29 (overdue)")
                    .contains("External system crm (http) not searched yet");
            assertThat(browser.getPageSource()).contains("Not searched yet (3 connected)");
            shot(browser, "subject-overview");

            browser.findElement(By.linkText("Older calls")).click();
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains("callsOffset=20"));
            assertThat(browser.findElements(By.cssSelector("#calls tbody tr"))).hasSize(5);
            assertThat(browser.findElement(By.cssSelector("#calls tbody tr:last-child"))
                            .getText())
                    .startsWith("2026-03-29 00:30:00");

            browser.findElement(By.xpath("//button[text()='Search external systems']"))
                    .click();
            // The systems are asked before the page answers: wait for it rather than read the old one.
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains("external=true"));
            String page = browser.findElement(By.tagName("main")).getText();
            assertThat(page)
                    .contains("External system crm (http)", "6 found")
                    .contains("crm-contact crm:contacts c-17 2024-02-29 11:00 1 year after collection (crm-contact)"
                            + " 2025-02-28 (overdue)")
                    .contains("set by the client organisation", "unknown: the register gives only a text")
                    .contains("after the service ends (still running)", "unknown: this category is not in the register")
                    .contains("Failed: broken: find failed after 1 attempt(s), last: HTTP 500")
                    .contains("Not known yet, pending: task:");
            assertThat(browser.findElement(By.id("where")).getText())
                    .contains("Contact details in the CRM External system crm (http) 1 2025-02-28 (overdue)")
                    .contains("External system broken (http) failed");
            shot(browser, "subject-overview-external");

            browser.get("http://localhost:" + port + "/console/subjects/" + subject + "?purpose=ticket-78&lang=nl");
            assertThat(browser.findElement(By.id("where")).getText())
                    .contains("Verkeersgegevens in Waarborg 25 2026-09-29 (verlopen)")
                    .doesNotContain("telecom.traffic_data")
                    .contains("Extern systeem crm (http) nog niet doorzocht");
            assertThat(browser.findElement(By.tagName("main")).getText())
                    .contains("Oudste gesprek te verwijderen op", "Externe systemen doorzoeken")
                    .doesNotContain("??");
        } finally {
            browser.quit();
        }
    }

    /** A screenshot of the whole page in target/screenshots, to look at what a person sees. */
    static void shot(ChromeDriver browser, String name) throws java.io.IOException {
        Object height = browser.executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(1280, Math.min(6000, ((Number) height).intValue() + 100)));
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(shots.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    Run cli(String... args) {
        return TestCli.remote(port, api.token(), args);
    }

    @Test
    void subjectFindPrintsTrafficAndWithExternalEachSystemsAnswer() {
        Run text = cli("subject", "find", email);
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out())
                .contains("Olga Overzicht", subject)
                .containsPattern("crm-contact\\s+2\\s+built-in\\s+2025-02-28 \\(overdue\\)")
                .containsPattern("telecom\\.traffic_data\\s+25\\s+traffic\\s+2026-09-29 \\(overdue\\)")
                .containsPattern("-\\s+not searched\\s+external: crm")
                .contains("external systems not searched: add --external");
        assertThat(peers.findAll(postRequestedFor(urlEqualTo("/crm/find")))).isEmpty();

        Run external = cli("subject", "find", email, "--external");
        assertThat(external.exit()).as(external.err()).isZero();
        assertThat(external.out())
                .containsPattern("crm-contact\\s+1\\s+external: crm\\s+2025-02-28 \\(overdue\\)")
                .containsPattern("-\\s+failed\\s+external: broken")
                .containsPattern("crm\\s+http\\s+DONE\\s+6 found")
                .containsPattern(
                        "broken\\s+http\\s+FAILED\\s+broken: find failed after 1 attempt\\(s\\), last: HTTP 500")
                .containsPattern("accounting\\s+manual\\s+PENDING\\s+task:");

        Run json = cli("subject", "find", mobile, "--external", "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode found = TestApi.JSON.readTree(json.out()).get(0);
        assertThat(found.path("id").asString()).isEqualTo(subject);
        assertThat(found.path("traffic").path("calls").asLong()).isEqualTo(25);
        assertThat(found.path("traffic").path("oldestDue").path("dueOn").asString())
                .isEqualTo("2026-09-29");
        assertThat(find(found.path("external").path("systems"), "system", "crm")
                        .path("records")
                        .asInt())
                .isEqualTo(6);
        assertThat(find(found.path("where"), "place", "TRAFFIC").path("records").asLong())
                .isEqualTo(25);
    }
}
