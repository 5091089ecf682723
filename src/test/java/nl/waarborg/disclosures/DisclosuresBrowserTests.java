package nl.waarborg.disclosures;

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
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A privacy officer records a demand in the console (first without the categories, which is refused and says so),
 * answers it and closes it, in English; an agent does not get the page. Every page is checked with axe-core.
 */
@WaarborgTest
class DisclosuresBrowserTests {

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @Autowired
    StaffAccounts accounts;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Test
    void aPrivacyOfficerRecordsAnswersAndClosesADemand() throws Exception {
        TestRegisters.templateInForce(editor, registers);
        String axe = Files.readString(AccessibilityTests.axeScript(), StandardCharsets.UTF_8);
        String name =
                "disclosure.officer." + java.util.UUID.randomUUID().toString().substring(0, 6);
        SetupLink link = accounts.create(name, "Officer", Role.PRIVACY_OFFICER);
        List<String> violations = new ArrayList<>();
        ChromeDriver browser = BrowserSession.start();
        try {
            BrowserSession.setUpAndSignIn(browser, link, "een lang en sterk wachtwoord 2026");

            browser.get("http://localhost:" + port + "/console/disclosures?lang=en");
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Disclosures to authorities");
            browser.findElement(By.id("authority")).sendKeys("Public Prosecutor Rotterdam");
            new Select(browser.findElement(By.id("legalBasis"))).selectByValue("SV_126NA");
            browser.findElement(By.id("demandReference")).sendKeys("OM-2026-77");
            browser.executeScript("document.getElementById('receivedAt').value = '2026-12-04T10:00'");
            browser.findElement(By.id("phone")).sendKeys("+31612000321");
            browser.findElement(By.id("tell-NOT_YET")).click();
            browser.executeScript("document.getElementById('tellFrom').value = '2027-06-01'");
            // Without the categories (the browser's own check taken away): refused, the field named.
            browser.executeScript("document.getElementById('categories').removeAttribute('required')");
            BrowserSession.clickAndWait(browser, By.cssSelector("form[action$='/console/disclosures'] button"));
            assertThat(browser.findElement(By.id("error")).getText()).contains("register categories");
            assertThat(browser.findElement(By.id("categories")).getAttribute("aria-invalid"))
                    .isEqualTo("true");
            violations.addAll(AccessibilityTests.check(browser, axe, "disclosures (refused)"));

            browser.findElement(By.id("authority")).sendKeys("Public Prosecutor Rotterdam");
            new Select(browser.findElement(By.id("legalBasis"))).selectByValue("SV_126NA");
            browser.findElement(By.id("demandReference")).sendKeys("OM-2026-77");
            browser.executeScript("document.getElementById('receivedAt').value = '2026-12-04T10:00'");
            browser.findElement(By.id("phone")).sendKeys("+31612000321");
            browser.findElement(By.id("tell-NOT_YET")).click();
            browser.executeScript("document.getElementById('tellFrom').value = '2027-06-01'");
            new Select(browser.findElement(By.id("categories"))).selectByValue("customer-contacts");
            BrowserSession.clickAndWait(browser, By.cssSelector("form[action$='/console/disclosures'] button"));
            assertThat(browser.getCurrentUrl()).matches(".*/console/disclosures/VS-\\d{4}-\\d{4}\\?saved");
            assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("Running, not answered yet");
            assertThat(browser.findElement(By.id("tell")).getText()).isEqualTo("Not yet, from 2027-06-01");
            assertThat(browser.findElement(By.id("hold")).getText()).startsWith("No automatic legal hold");
            violations.addAll(AccessibilityTests.check(browser, axe, "a disclosure"));

            browser.findElement(By.id("providedAnswer")).sendKeys("Name and address behind the number");
            BrowserSession.clickAndWait(browser, By.cssSelector("form[action$='/answer'] button"));
            assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("Answered, still running");
            browser.findElement(By.id("note")).sendKeys("Dealt with");
            BrowserSession.clickAndWait(browser, By.cssSelector("form[action$='/close'] button"));
            assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("Closed");
            assertThat(browser.findElements(By.cssSelector("form[action$='/answer']")))
                    .isEmpty();
            violations.addAll(AccessibilityTests.check(browser, axe, "a closed disclosure"));
            // The log's CSV, from the console with the staff member's session (the API's export takes a token).
            String reference = browser.getCurrentUrl().replaceAll(".*/(VS-\\d{4}-\\d{4}).*", "$1");
            Object csv = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + " fetch('/console/disclosures/export.csv').then(r => r.text()).then(done);");
            assertThat((String) csv)
                    .startsWith("reference,authority")
                    .contains(reference)
                    .contains("OM-2026-77");
            Files.write(
                    Files.createDirectories(Path.of("target", "screenshots")).resolve("disclosure.png"),
                    browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
        assertThat(violations).as("axe-core violations").isEmpty();
    }

    @Autowired
    nl.waarborg.security.ApiTokens tokens;

    @Test
    void aPrivacyOfficerUploadsASignedAgreementAndReadsWhatWentToARecipient() throws Exception {
        TestRegisters.templateInForce(editor, registers);
        nl.waarborg.TestApi staff = nl.waarborg.TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        nl.waarborg.requests.PersonWithData p = nl.waarborg.requests.PersonWithData.create(staff, 1, 0);
        String marker = "BR-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertThat(staff.post(
                                "/api/v1/recipients/billing/transfers",
                                "{\"subjectId\":\"" + p.subjectId() + "\",\"categories\":[\"invoices\"],"
                                        + "\"reference\":\"" + marker + "\"}")
                        .status())
                .isEqualTo(201);
        Path pdf = Files.createTempFile("verwerkersovereenkomst", ".pdf");
        Files.writeString(pdf, "%PDF-1.4\n% getekende verwerkersovereenkomst " + marker + "\n%%EOF\n");
        Path notPdf = Files.createTempFile("overeenkomst", ".pdf");
        Files.writeString(notPdf, "Dit is geen PDF");
        String axe = Files.readString(AccessibilityTests.axeScript(), StandardCharsets.UTF_8);
        String name =
                "recipients.officer." + java.util.UUID.randomUUID().toString().substring(0, 6);
        SetupLink link = accounts.create(name, "Officer", Role.PRIVACY_OFFICER);
        List<String> violations = new ArrayList<>();
        ChromeDriver browser = BrowserSession.start();
        try {
            BrowserSession.setUpAndSignIn(browser, link, "een lang en sterk wachtwoord 2026");

            browser.get("http://localhost:" + port + "/console/disclosures/recipients?lang=nl");
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Verstuurd aan ontvangers");
            assertThat(browser.findElement(By.cssSelector("#transfer-totals tr[data-recipient=billing]"))
                            .getText())
                    .contains("Gemeld door het versturende systeem");
            new Select(browser.findElement(By.id("recipient"))).selectByValue("billing");
            BrowserSession.clickAndWait(browser, By.cssSelector("form.filters button"));
            assertThat(browser.findElement(By.id("transfers")).getText()).contains(marker);
            violations.addAll(AccessibilityTests.check(browser, axe, "recipients (filtered)"));

            // A file that is not a PDF is refused and says why; nothing is stored (the row shows what it did before,
            // which may be another test's document: the database is shared).
            String before = browser.findElement(By.cssSelector("#agreement-documents tr[data-party=billing]"))
                    .getText();
            new Select(browser.findElement(By.id("party"))).selectByValue("billing");
            browser.findElement(By.id("file")).sendKeys(notPdf.toAbsolutePath().toString());
            BrowserSession.clickAndWait(browser, By.cssSelector("form[enctype='multipart/form-data'] button"));
            assertThat(browser.findElement(By.id("error")).getText())
                    .as("in the page's language")
                    .isEqualTo("het document is geen pdf (het begint niet met %PDF-)");
            assertThat(browser.findElement(By.cssSelector("#agreement-documents tr[data-party=billing]"))
                            .getText())
                    .isEqualTo(before);
            violations.addAll(AccessibilityTests.check(browser, axe, "recipients (refused upload)"));

            new Select(browser.findElement(By.id("party"))).selectByValue("billing");
            browser.findElement(By.id("file")).sendKeys(pdf.toAbsolutePath().toString());
            BrowserSession.clickAndWait(browser, By.cssSelector("form[enctype='multipart/form-data'] button"));
            assertThat(browser.getCurrentUrl()).contains("saved");
            String row = browser.findElement(By.cssSelector("#agreement-documents tr[data-party=billing]"))
                    .getText();
            assertThat(row).contains(pdf.getFileName().toString());
            Object download = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + " fetch('/console/disclosures/recipients/billing/agreement-document').then(r => r.text())"
                    + ".then(done);");
            assertThat((String) download).as("read back as uploaded").contains(marker);
            Object csv = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + " fetch('/console/disclosures/recipients/export.csv?recipient=billing').then(r => r.text())"
                    + ".then(done);");
            assertThat((String) csv).startsWith("recipient_key,recipient,via").contains(marker);
            violations.addAll(AccessibilityTests.check(browser, axe, "recipients (document stored)"));
            Files.write(
                    Files.createDirectories(Path.of("target", "screenshots")).resolve("recipients.png"),
                    browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
        assertThat(violations).as("axe-core violations").isEmpty();
    }
}
