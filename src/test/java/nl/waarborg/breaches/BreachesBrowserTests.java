package nl.waarborg.breaches;

import static org.assertj.core.api.Assertions.assertThat;

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
import nl.waarborg.web.AccessibilityTests;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The breach register in headless Chromium, as a privacy officer uses it: record a breach (a refused form first),
 * see the clock, take the decision, record the notice, read the authority's form; every page passes axe-core.
 */
@WaarborgTest
class BreachesBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    StaffAccounts accounts;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Test
    void aPrivacyOfficerRecordsDecidesAndNotifiesABreach() throws Exception {
        TestRegisters.templateInForce(editor, registers);
        String axe = Files.readString(AccessibilityTests.axeScript(), StandardCharsets.UTF_8);
        SetupLink link = accounts.create(
                "breach.officer." + java.util.UUID.randomUUID().toString().substring(0, 6),
                "Officer",
                Role.PRIVACY_OFFICER);
        List<String> violations = new ArrayList<>();
        ChromeDriver browser = BrowserSession.start();
        try {
            BrowserSession.setUpAndSignIn(browser, link, "een lang en sterk wachtwoord 2026");

            browser.get("http://localhost:" + port + "/console/breaches?lang=en");
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Breaches");
            assertThat(browser.findElement(By.tagName("section")).getText()).contains("within 24 hours");
            violations.addAll(AccessibilityTests.check(browser, axe, "breaches"));

            // Refused by the server (the browser's own checks off): no nature chosen.
            browser.executeScript("document.querySelectorAll('form').forEach(f => f.noValidate = true)");
            browser.findElement(By.id("title")).sendKeys("Lost backup tape");
            BrowserSession.clickAndWait(browser, By.cssSelector("section form button[type=submit]"));
            assertThat(browser.findElement(By.id("error")).getText()).isNotBlank();
            violations.addAll(AccessibilityTests.check(browser, axe, "breaches (refused)"));

            browser.findElement(By.id("title")).clear();
            browser.findElement(By.id("title")).sendKeys("Lost backup tape");
            browser.findElement(By.id("description"))
                    .sendKeys("A backup tape with call records went missing in"
                            + " transport to the second data centre.");
            String aware = java.time.LocalDateTime.now(java.time.ZoneId.of("Europe/Amsterdam"))
                    .minusHours(2)
                    .withSecond(0)
                    .withNano(0)
                    .toString();
            browser.executeScript("document.getElementById('awareAt').value = arguments[0]", aware);
            browser.findElement(By.id("nature-AVAILABILITY")).click();
            browser.findElement(By.id("nature-CONFIDENTIALITY")).click();
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("categories")))
                    .selectByValue("traffic-data");
            browser.findElement(By.id("peopleApprox")).sendKeys("5000");
            BrowserSession.clickAndWait(browser, By.cssSelector("section form button[type=submit]"));
            assertThat(browser.getCurrentUrl()).matches(".*/console/breaches/DL-\\d{4}-\\d{4}\\?saved");
            // The register promises to tell the people: said beside the decision.
            assertThat(browser.findElement(By.id("promise")).getText())
                    .startsWith("Your privacy statement promises for a breach: to tell the people concerned");

            // Who is concerned: counted in the traffic data only, the one place named; the table says per place.
            browser.executeScript("document.getElementById('from').value = '2026-10-01T00:00'");
            browser.findElement(By.id("place-traffic")).click();
            BrowserSession.clickAndWait(browser, By.cssSelector("form[action$='/scope'] button"));
            assertThat(browser.findElement(By.cssSelector("table caption")).getText())
                    .isEqualTo("Per place");
            assertThat(browser.findElements(By.cssSelector("table caption + thead + tbody tr th")))
                    .extracting(org.openqa.selenium.WebElement::getText)
                    .containsExactly("traffic");
            assertThat(browser.findElement(By.id("found")).getText()).startsWith("Counted: ");
            violations.addAll(AccessibilityTests.check(browser, axe, "a breach counted"));
            Files.write(
                    Files.createDirectories(Path.of("target", "screenshots")).resolve("breach-scope.png"),
                    browser.getScreenshotAs(OutputType.BYTES));
            assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("Reported, not yet assessed");
            assertThat(browser.findElement(By.id("left")).getText()).matches("2[12]:\\d\\d");
            violations.addAll(AccessibilityTests.check(browser, axe, "a breach"));

            browser.findElement(By.id("risk-HIGH")).click();
            browser.findElement(By.id("reasons")).sendKeys("Call records of 5,000 customers, unencrypted.");
            BrowserSession.clickAndWait(browser, By.cssSelector("form[action$='/assessment'] button"));
            assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("Assessed, still to notify");
            browser.findElement(By.id("authorityReference")).sendKeys("AP-2026-4711");
            BrowserSession.clickAndWait(browser, By.cssSelector("form[action$='/authority-notice'] button"));
            assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("Notified to the AP");
            assertThat(browser.findElements(By.id("left")))
                    .as("the clock has stopped")
                    .isEmpty();
            assertThat(browser.findElement(By.tagName("section")).getText())
                    .contains("Aantal betrokken personen (ongeveer)")
                    .contains("5000")
                    .contains("AP-2026-4711");
            violations.addAll(AccessibilityTests.check(browser, axe, "a notified breach"));
            Path shots = Files.createDirectories(Path.of("target", "screenshots"));
            Files.write(shots.resolve("breach.png"), browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
        assertThat(violations).as("axe-core violations").isEmpty();
    }
}
