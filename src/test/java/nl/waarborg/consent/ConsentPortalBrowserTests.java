package nl.waarborg.consent;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import nl.waarborg.security.ApiTokens;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.web.AccessibilityTests;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The portal's consent page in headless Chromium, as a person uses it: ask for a link at the address consent was given
 * with, read it from the mail server, see the consent with its wording and TC string, withdraw it with one button.
 * An unknown address gets the same answer and no mail; a changed link opens nothing; every page passes axe-core.
 */
class ConsentPortalBrowserTests extends MailServerTest {

    static final Pattern LINK = Pattern.compile("(http\\S+/portal/consents/[A-Za-z0-9_-]{43}\\S*)");

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    ConsentLedger ledger;

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    @Test
    void aPersonSeesTheirConsentsAndWithdrawsOneWithOneClick() throws Exception {
        TestRegisters.templateInForce(editor, registers);
        String email = "toestemming-" + UUID.randomUUID() + "@example.nl";
        String customer = "K-" + UUID.randomUUID().toString().substring(0, 8);
        TestApi website = TestApi.withScopes(port, tokens, "subjects:write");
        TestApi.Response given = website.post(
                "/api/v1/consents",
                "{\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"" + email + "\"},{\"kind\":\"CUSTOMER_NUMBER\","
                        + "\"value\":\"" + customer + "\"}],\"purpose\":\"newsletter\","
                        + "\"event\":\"GIVEN\",\"channel\":\"WEBSITE\",\"wording\":\"Stuur mij elke maand het nieuws."
                        + "\",\"tcString\":\"" + TcfTests.encodedByIab() + "\"}");
        assertThat(given.status()).as(given.body()).isEqualTo(201);
        greenMail.reset();

        String axe = Files.readString(AccessibilityTests.axeScript(), StandardCharsets.UTF_8);
        List<String> violations = new ArrayList<>();
        ChromeDriver person = BrowserSession.start();
        try {
            person.get(url("/portal?lang=en"));
            BrowserSession.clickAndWait(person, By.id("consents-link"));
            assertThat(person.findElement(By.tagName("h1")).getText()).isEqualTo("My consents");
            violations.addAll(AccessibilityTests.check(person, axe, "consents: ask"));

            // A malformed address is refused on the field; nothing is sent.
            person.findElement(By.id("email")).sendKeys("not-an-address");
            BrowserSession.clickAndWait(person, By.cssSelector("section form button[type=submit]"));
            assertThat(person.findElement(By.id("email-error")).getText())
                    .isEqualTo("Enter the e-mail address you gave your consent with (at most 320 characters).");
            violations.addAll(AccessibilityTests.check(person, axe, "consents: refused address"));
            // In the person's language, not the domain's English detail.
            person.get(url("/portal/consents?lang=nl"));
            person.findElement(By.id("email")).sendKeys("not-an-address");
            BrowserSession.clickAndWait(person, By.cssSelector("section form button[type=submit]"));
            assertThat(person.findElement(By.id("email-error")).getText())
                    .startsWith("Vul het e-mailadres in waarmee u toestemming gaf");
            person.get(url("/portal/consents?lang=en"));

            // An address with no consents gets the same answer as a known one, and no mail.
            person.findElement(By.id("email")).clear();
            person.findElement(By.id("email")).sendKeys("nobody-" + UUID.randomUUID() + "@example.nl");
            BrowserSession.clickAndWait(person, By.cssSelector("section form button[type=submit]"));
            String unknownAnswer = person.findElement(By.id("sent")).getText();

            person.findElement(By.id("email")).sendKeys(email.toUpperCase());
            BrowserSession.clickAndWait(person, By.cssSelector("section form button[type=submit]"));
            assertThat(person.findElement(By.id("sent")).getText()).isEqualTo(unknownAnswer);
            assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
            Thread.sleep(1_000);
            assertThat(greenMail.getReceivedMessages())
                    .as("one mail, to the known address; none to the unknown one")
                    .hasSize(1);
            MimeMessage mail = greenMail.getReceivedMessages()[0];
            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(email);
            Matcher m = LINK.matcher((String) mail.getContent());
            assertThat(m.find()).as("the mail carries the link").isTrue();
            String link = m.group(1);

            person.get(link);
            assertThat(person.findElement(By.tagName("h1")).getText()).isEqualTo("My consents");
            String row = person.findElement(By.cssSelector("#consents tr[data-purpose=newsletter]"))
                    .getText();
            assertThat(row)
                    .contains("Consent given on")
                    .contains("website")
                    .contains("Stuur mij elke maand het nieuws.")
                    .contains("purposes 1, 3, 4")
                    .contains("vendors 25, 755");
            violations.addAll(AccessibilityTests.check(person, axe, "consents: list"));
            assertThat(ledger.state(email, "EMAIL", "newsletter").get(0).consented())
                    .as("opening the link changes nothing")
                    .isTrue();

            BrowserSession.clickAndWait(person, By.cssSelector("#consents tr[data-purpose=newsletter] button"));
            assertThat(person.findElement(By.id("done")).getText()).contains("is withdrawn");
            assertThat(person.findElement(By.cssSelector("#consents tr[data-purpose=newsletter]"))
                            .getText())
                    .contains("Withdrawn on")
                    .contains("portal")
                    .as("what was withdrawn stays readable")
                    .contains("Stuur mij elke maand het nieuws.")
                    .contains("vendors 25, 755");
            assertThat(person.findElements(By.cssSelector("#consents tr[data-purpose=newsletter] button")))
                    .as("nothing left to withdraw")
                    .isEmpty();
            assertThat(person.findElement(By.id("history")).getText())
                    .contains("Withdrawn")
                    .contains("Consent given");
            violations.addAll(AccessibilityTests.check(person, axe, "consents: withdrawn"));
            shot(person, "consent-portal");
            assertThat(ledger.state(email, "EMAIL", "newsletter").get(0).consented())
                    .isFalse();
            assertThat(ledger.state(customer, "CUSTOMER_NUMBER", "newsletter")
                            .get(0)
                            .consented())
                    .as("withdrawn under every identifier it was given with")
                    .isFalse();
            assertThat(ledger.history(List.of(new Identifier(IdentifierKind.EMAIL, email))))
                    .extracting(ConsentLedger.Recorded::channel)
                    .containsExactly(ConsentLedger.Channel.WEBSITE, ConsentLedger.Channel.PORTAL);

            // A link changed by one character opens nothing.
            String token = link.replaceAll(".*/portal/consents/([A-Za-z0-9_-]{43}).*", "$1");
            String changed = token.substring(0, 42) + (token.endsWith("A") ? "B" : "A");
            person.get(url("/portal/consents/" + changed + "?lang=en"));
            assertThat(person.getPageSource())
                    .contains("This link does not work")
                    .doesNotContain("Stuur mij");
        } finally {
            person.quit();
        }

        // Three links an hour for one address; a fourth request is answered the same and sends nothing.
        TestApi anonymous = new TestApi(port, null);
        greenMail.reset();
        for (int i = 0; i < 2; i++) {
            ConsentPortalBrowserTests.ask(port, email);
        }
        assertThat(greenMail.waitForIncomingEmail(5_000, 2)).isTrue();
        ConsentPortalBrowserTests.ask(port, email);
        Thread.sleep(2_000);
        assertThat(greenMail.getReceivedMessages()).hasSize(2);
        assertThat(anonymous.get("/portal/consents/" + "x".repeat(43)).status()).isEqualTo(404);
        assertThat(violations).as("axe-core violations").isEmpty();
    }

    /** Asks for a link the way the form does, with a fresh session's CSRF token. */
    static void ask(int port, String email) throws Exception {
        try (var browser = new Closing(BrowserSession.start())) {
            browser.driver().get("http://localhost:" + port + "/portal/consents?lang=en");
            browser.driver().findElement(By.id("email")).sendKeys(email);
            BrowserSession.clickAndWait(browser.driver(), By.cssSelector("section form button[type=submit]"));
        }
    }

    record Closing(ChromeDriver driver) implements AutoCloseable {
        @Override
        public void close() {
            driver.quit();
        }
    }

    static void shot(ChromeDriver browser, String name) throws java.io.IOException {
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(shots.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
