package nl.waarborg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nl.waarborg.BrowserSession;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.security.Role;
import nl.waarborg.security.SetupLink;
import nl.waarborg.security.StaffAccounts;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console's pages checked with axe-core (from the npm registry, installed under target/npm/axe on first use) in
 * headless Chromium, against WCAG 2.1 A and AA, in Dutch and English. A violation fails the test with its rule, the
 * element and the page.
 */
@WaarborgTest
public class AccessibilityTests {

    static final List<String> PAGES = List.of(
            "/console",
            "/console/retention",
            "/console/retention/holds",
            "/console/retention/receipts",
            "/console/requests",
            "/console/requests/new",
            "/console/mail",
            "/console/consents",
            "/console/breaches",
            "/console/disclosures",
            "/console/disclosures/recipients",
            "/console/subjects",
            "/console/register",
            "/console/register/recipients",
            "/console/connectors",
            "/console/audit");

    @Autowired
    StaffAccounts accounts;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @LocalServerPort
    int port;

    @Autowired
    javax.sql.DataSource dataSource;

    @Test
    void theConsolePagesHaveNoAxeViolations() throws Exception {
        TestRegisters.templateInForce(editor, registers);
        // A message the mailbox reader passed over, so the outbox page shows its notice too.
        new org.springframework.jdbc.core.JdbcTemplate(dataSource)
                .update("INSERT INTO mail_inbox_skipped (folder, uid_validity, uid, reason, at)"
                        + " VALUES ('INBOX', 1, 42, 'unreadable: UnsupportedEncodingException', now())"
                        + " ON CONFLICT DO NOTHING");
        String axe = Files.readString(axeScript(), StandardCharsets.UTF_8);
        SetupLink link = accounts.create("axe.admin", "Axe Admin", Role.ADMIN);
        ChromeDriver browser = BrowserSession.start();
        List<String> violations = new ArrayList<>();
        try {
            // The harness finds what it should: a page with an unlabelled field and no language fails.
            browser.get("data:text/html,<html><body><input type=text></body></html>");
            assertThat(check(browser, axe, "canary"))
                    .as("axe reports a known violation")
                    .isNotEmpty();
            browser.get(link.url());
            browser.findElement(By.id("password")).sendKeys("toegankelijk voor iedereen 2026");
            browser.findElement(By.id("confirmation")).sendKeys("toegankelijk voor iedereen 2026");
            BrowserSession.clickAndWait(browser, By.cssSelector("form button[type=submit]"));
            browser.findElement(By.id("username")).sendKeys("axe.admin");
            browser.findElement(By.id("password")).sendKeys("toegankelijk voor iedereen 2026");
            BrowserSession.clickAndWait(browser, By.cssSelector("form button[type=submit]"));
            assertThat(browser.getCurrentUrl()).endsWith("/console");
            for (String lang : List.of("nl", "en")) {
                for (String page : PAGES) {
                    browser.get("http://localhost:" + port + page + "?lang=" + lang);
                    violations.addAll(check(browser, axe, page + "?lang=" + lang));
                }
            }
            // A page after a refused form: the error must be announced and the form still labelled.
            browser.get("http://localhost:" + port + "/console/retention/holds?lang=nl");
            // The browser's own checks would stop an empty form; the server's answer is what is checked here.
            browser.executeScript("document.querySelector('#place + form').noValidate = true");
            BrowserSession.clickAndWait(browser, By.cssSelector("#place + form button[type=submit]"));
            assertThat(browser.findElements(By.cssSelector("[role=alert]"))).isNotEmpty();
            violations.addAll(check(browser, axe, "/console/retention/holds (refused)"));

            // A letter entered as staff would: the request's page, then a step refused by the server.
            browser.get("http://localhost:" + port + "/console/requests/new?lang=en");
            browser.executeScript(
                    "document.getElementById('receivedOn').value = arguments[0]",
                    java.time.LocalDate.now(java.time.ZoneId.of("Europe/Amsterdam"))
                            .minusDays(1)
                            .toString());
            browser.findElement(By.cssSelector("input[name=rights][value=ACCESS]"))
                    .click();
            browser.findElement(By.id("email")).sendKeys("axe-" + java.util.UUID.randomUUID() + "@example.nl");
            BrowserSession.clickAndWait(
                    browser, By.cssSelector("main form button[type=submit], section form button[type=submit]"));
            assertThat(browser.getCurrentUrl()).contains("/console/requests/").contains("received=true");
            String requestPage = browser.getCurrentUrl().replaceAll("\\?.*", "");
            violations.addAll(check(browser, axe, "a request's page"));
            browser.executeScript("document.querySelectorAll('form').forEach(f => f.noValidate = true)");
            BrowserSession.clickAndWait(browser, By.cssSelector("form[action$='/verify'] button[type=submit]"));
            assertThat(browser.findElements(By.cssSelector("[role=alert]"))).isNotEmpty();
            violations.addAll(check(browser, axe, "a request's page (refused)"));
            // A reasonable doubt: an identity document asked for, sent through the portal link, waiting for staff.
            browser.get(requestPage + "?lang=en");
            browser.findElement(By.cssSelector("details.steps summary")).click();
            browser.findElement(By.id("doubt")).sendKeys("The signature does not match the contract");
            BrowserSession.clickAndWait(browser, By.cssSelector("form[action$='/ask-document'] button"));
            String reference = requestPage.substring(requestPage.lastIndexOf('/') + 1);
            String letter = new org.springframework.jdbc.core.JdbcTemplate(dataSource)
                    .queryForObject(
                            "SELECT body FROM mail_message WHERE reference = ? AND body LIKE '%/document%'",
                            String.class, "request " + reference);
            java.util.regex.Matcher upload =
                    java.util.regex.Pattern.compile("http://\\S+/document").matcher(letter);
            assertThat(upload.find()).as(letter).isTrue();
            browser.get(upload.group() + "?lang=en");
            violations.addAll(check(browser, axe, "the portal's document page"));
            Path picture = Files.createTempFile("id-", ".png");
            javax.imageio.ImageIO.write(
                    new java.awt.image.BufferedImage(300, 200, java.awt.image.BufferedImage.TYPE_INT_RGB),
                    "png",
                    picture.toFile());
            browser.findElement(By.id("file")).sendKeys(picture.toString());
            BrowserSession.clickAndWait(browser, By.cssSelector("section form button[type=submit]"));
            assertThat(browser.findElement(By.cssSelector("[role=status]")).getText())
                    .contains("We received the copy");
            violations.addAll(check(browser, axe, "the portal's document page (received)"));
            Files.delete(picture);
            browser.get(requestPage + "?lang=en");
            assertThat(browser.findElement(By.cssSelector("a[href$='/document']"))
                            .getText())
                    .contains("View the copy");
            violations.addAll(check(browser, axe, "a request's page with a document"));

            // A request forwarded to the client organisation that controls part of the data, with its instruction form.
            String forwarded = forwardedRequest();
            browser.get("http://localhost:" + port + "/console/requests/" + forwarded + "?lang=en");
            assertThat(browser.findElement(By.cssSelector("textarea[name=instruction]"))
                            .isDisplayed())
                    .isTrue();
            violations.addAll(check(browser, axe, "a forwarded request's page"));

            // A correction carried out: the recipient that got the data is told by e-mail (Art. 19), as its notice
            // shows with the message's state and a link to it.
            browser.get("http://localhost:" + port + "/console/requests/" + correctedRequest() + "?lang=en");
            assertThat(browser.findElement(By.cssSelector("a[href*='/console/mail/']"))
                            .isDisplayed())
                    .isTrue();
            assertThat(browser.getPageSource()).contains("By e-mail");
            violations.addAll(check(browser, axe, "a corrected request's page with its Art. 19 notice"));
            browser.get(requestPage + "?lang=en");

            // The acknowledgement the request wrote, as the outbox shows it.
            BrowserSession.clickAndWait(browser, By.cssSelector("a[href*='/console/mail/']"));
            assertThat(browser.findElement(By.cssSelector("pre.letter")).getText())
                    .contains("kosteloos");
            violations.addAll(check(browser, axe, "a letter in the outbox"));
        } finally {
            browser.quit();
        }
        assertThat(violations).as("axe-core violations").isEmpty();
    }

    @SuppressWarnings("unchecked")
    @Autowired
    nl.waarborg.security.ApiTokens tokens;

    /** A verified request whose correction was carried out, so that a recipient is to be told: its reference. */
    private String correctedRequest() {
        nl.waarborg.TestApi api = nl.waarborg.TestApi.withScopes(
                port, tokens, "subjects:read", "subjects:write", "requests:write", "requests:read");
        nl.waarborg.requests.PersonWithData p = nl.waarborg.requests.PersonWithData.create(api, 1, 0);
        String reference = p.verifiedRequest(api, "\"RECTIFICATION\"", "en");
        nl.waarborg.TestApi.Response done = api.post(
                "/api/v1/requests/" + reference + "/rectification",
                "{\"category\":\"customer-contacts\",\"field\":\"email\",\"value\":\"fixed-"
                        + java.util.UUID.randomUUID() + "@example.nl\"}");
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        return reference;
    }

    /** A verified request about a keyholder kept for the register's example client: answers its reference. */
    private String forwardedRequest() {
        nl.waarborg.TestApi api =
                nl.waarborg.TestApi.withScopes(port, tokens, "subjects:write", "requests:write", "requests:read");
        String org = api.post(
                        "/api/v1/organisations",
                        "{\"kind\":\"BUSINESS\",\"name\":\"Anker\",\"customerNumber\":\"AX-"
                                + java.util.UUID.randomUUID() + "\"}")
                .json()
                .path("id")
                .asString();
        api.put("/api/v1/organisations/" + org + "/register-client", "{\"registerClient\":\"example-client\"}");
        String email = "axe-" + java.util.UUID.randomUUID() + "@example.nl";
        String subject = api.post(
                        "/api/v1/subjects",
                        "{\"displayName\":\"K\",\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"" + email + "\"}]}")
                .json()
                .path("id")
                .asString();
        api.post(
                "/api/v1/subjects/records",
                "{\"category\":\"keyholders\",\"subjectIds\":[\"" + subject + "\"],\"organisationId\":\"" + org
                        + "\",\"payload\":{\"order\":1}}");
        String reference = api.post(
                        "/api/v1/requests", "{\"channel\":\"API\",\"rights\":[\"ACCESS\"],\"email\":\"" + email + "\"}")
                .json()
                .path("reference")
                .asString();
        api.post("/api/v1/requests/" + reference + "/verification", "{\"method\":\"KNOWN_CONTACT\"}");
        return reference;
    }

    /** The WCAG 2.1 A and AA violations axe-core finds on the page the browser shows, each named with the page. */
    public static List<String> check(ChromeDriver browser, String axe, String page) {
        browser.executeScript(axe);
        Object result = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',"
                + " 'wcag21aa']}}).then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): '"
                + " + v.nodes.map(n => n.target.join(' ')).join(', '))), e => done(['axe failed: ' + e]));");
        List<String> found = new ArrayList<>();
        for (Object v : (List<Object>) result) {
            found.add(page + ": " + v);
        }
        return found;
    }

    /** axe-core from the npm registry, installed once under target/npm/axe. */
    public static Path axeScript() throws IOException, InterruptedException {
        return nl.waarborg.NpmPackages.install("axe", "axe-core", "4.14.1").resolve("axe.min.js");
    }
}
