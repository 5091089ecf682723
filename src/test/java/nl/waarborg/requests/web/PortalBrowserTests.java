package nl.waarborg.requests.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.waarborg.BrowserSession;
import nl.waarborg.MailServerTest;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.requests.internal.Deadlines;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.security.Role;
import nl.waarborg.security.SetupLink;
import nl.waarborg.security.StaffAccounts;
import nl.waarborg.web.AccessibilityTests;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The portal in headless Chromium, as a requester and a staff member use it: an access request made in the portal,
 * the one-time code read from the mail server, the status page, and the request in the staff queue with its due date,
 * moved on in the console. Other people's links lead nowhere, and every page passes axe-core.
 */
class PortalBrowserTests extends MailServerTest {

    static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

    @LocalServerPort
    int port;

    @Autowired
    StaffAccounts accounts;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    ApiTokens tokens;

    @Autowired
    Deadlines deadlines;

    @Autowired
    javax.sql.DataSource dataSource;

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    @Test
    void anAccessRequestMadeInThePortalIsVerifiedByCodeAndReachesTheStaffQueue() throws Exception {
        TestRegisters.templateInForce(editor, registers);
        // A customer whose e-mail address is on file.
        String email = "portal-" + UUID.randomUUID() + "@example.nl";
        TestApi api = TestApi.withScopes(port, tokens, "subjects:write", "subjects:read");
        assertThat(api.post(
                                "/api/v1/subjects",
                                "{\"displayName\":\"Portal user\",\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\""
                                        + email + "\"}]}")
                        .status())
                .isEqualTo(201);
        greenMail.reset();
        String axe = Files.readString(AccessibilityTests.axeScript(), StandardCharsets.UTF_8);
        List<String> violations = new ArrayList<>();
        ChromeDriver person = BrowserSession.start();
        String status;
        String reference;
        try {
            person.get(url("/portal?lang=en"));
            violations.addAll(check(person, axe, "portal form"));
            // Without a right chosen, the server answers on the field (the browser's own check switched off).
            person.findElement(By.id("email")).sendKeys(email);
            person.executeScript("document.querySelector('form').noValidate = true");
            BrowserSession.clickAndWait(person, By.cssSelector("section form button[type=submit]"));
            assertThat(person.findElement(By.cssSelector("[role=alert]")).getText())
                    .isEqualTo("Choose at least one thing you would like.");
            violations.addAll(check(person, axe, "portal form (refused)"));

            person.findElement(By.cssSelector("input[name=rights][value=ACCESS]"))
                    .click();
            person.findElement(By.id("name")).sendKeys("Portal user");
            person.findElement(By.id("email")).clear();
            person.findElement(By.id("email")).sendKeys(email);
            BrowserSession.clickAndWait(person, By.cssSelector("section form button[type=submit]"));
            assertThat(person.getCurrentUrl()).matches(".*/portal/requests/[A-Za-z0-9_-]{43}/code");
            violations.addAll(check(person, axe, "code step"));
            reference =
                    person.findElement(By.tagName("section")).getText().replaceAll("(?s).*reference (\\S+)\\..*", "$1");

            // The code, as the mail server received it.
            assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
            MimeMessage mail = greenMail.getReceivedMessages()[0];
            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(email);
            Matcher m = CODE.matcher((String) mail.getContent());
            assertThat(m.find()).isTrue();
            String code = m.group(1);
            assertThat(new org.springframework.jdbc.core.JdbcTemplate(dataSource)
                            .queryForObject(
                                    "SELECT count(*) FROM mail_message WHERE body LIKE ?",
                                    Long.class,
                                    "%" + code + "%"))
                    .as("with a mail server the code is sent at once and never stored")
                    .isZero();

            person.findElement(By.id("code")).sendKeys(code.equals("000000") ? "111111" : "000000");
            BrowserSession.clickAndWait(person, By.cssSelector("section form button[type=submit]"));
            assertThat(person.findElement(By.id("code-error")).getText()).startsWith("This code is not right");
            violations.addAll(check(person, axe, "code step (wrong code)"));
            person.findElement(By.id("code")).sendKeys(code);
            BrowserSession.clickAndWait(person, By.cssSelector("section form button[type=submit]"));
            status = person.getCurrentUrl();
            assertThat(status).matches(".*/portal/requests/[A-Za-z0-9_-]{43}");
            assertThat(person.findElement(By.tagName("h1")).getText()).isEqualTo("Your request " + reference);
            assertThat(person.findElement(By.tagName("section")).getText()).contains("Being handled");
            violations.addAll(check(person, axe, "status page"));
        } finally {
            person.quit();
        }

        // Another browser: the link alone shows nothing but the code step; other links and references lead nowhere.
        ChromeDriver stranger = BrowserSession.start();
        try {
            stranger.get(status + "?lang=en");
            assertThat(stranger.getCurrentUrl()).endsWith("/code");
            assertThat(stranger.findElement(By.tagName("section")).getText()).doesNotContain(email);
            stranger.get(url("/portal/requests/" + "A".repeat(43) + "?lang=en"));
            assertThat(stranger.getPageSource()).doesNotContain(reference).doesNotContain("Exception");
            assertThat(stranger.findElement(By.tagName("h1")).getText()).isNotBlank();
            assertThat(stranger.getPageSource()).doesNotContain("internal-error");
            stranger.get(url("/portal/requests/" + reference));
            assertThat(stranger.getPageSource()).doesNotContain("Portal user");
        } finally {
            stranger.quit();
        }

        // The staff member finds it in the queue with the due date the law gives, verified by the code.
        SetupLink link =
                accounts.create("portal.staff." + UUID.randomUUID().toString().substring(0, 8), "Staff", Role.AGENT);
        ChromeDriver staff = BrowserSession.start();
        try {
            staff.get(link.url());
            staff.findElement(By.id("password")).sendKeys("een lang en sterk wachtwoord 2026");
            staff.findElement(By.id("confirmation")).sendKeys("een lang en sterk wachtwoord 2026");
            BrowserSession.clickAndWait(staff, By.cssSelector("form button[type=submit]"));
            staff.findElement(By.id("username")).sendKeys(link.username());
            staff.findElement(By.id("password")).sendKeys("een lang en sterk wachtwoord 2026");
            BrowserSession.clickAndWait(staff, By.cssSelector("form button[type=submit]"));
            staff.get(url("/console/requests?lang=en"));
            String row = staff.findElement(By.xpath("//tr[td/a[text()='" + reference + "']]"))
                    .getText();
            LocalDate due = deadlines
                    .due(LocalDate.now(ZoneId.of("Europe/Amsterdam")), 0, 0)
                    .dueOn();
            assertThat(row).contains("Identity established").contains("Portal").contains(due.toString());
            staff.findElement(By.linkText(reference)).click();
            BrowserSession.clickAndWait(staff, By.cssSelector("form[action$='/start'] button"));
            assertThat(staff.findElement(By.cssSelector("dl.facts")).getText()).contains("In progress");
        } finally {
            staff.quit();
        }
        assertThat(violations).as("axe-core violations").isEmpty();
    }

    static List<String> check(ChromeDriver browser, String axe, String page) {
        return AccessibilityTests.check(browser, axe, page);
    }
}
