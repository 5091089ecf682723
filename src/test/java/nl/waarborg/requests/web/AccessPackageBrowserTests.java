package nl.waarborg.requests.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.waarborg.BrowserSession;
import nl.waarborg.MailServerTest;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.requests.PersonWithData;
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
 * An access request end to end in headless Chromium: a verified request, a privacy officer who prepares the package
 * and answers in the console, and the requester who opens the letter's link, confirms a code from the mail server and
 * downloads the ZIP: their data, their recording and their consultation log, and nobody else's data.
 */
class AccessPackageBrowserTests extends MailServerTest {

    static final Pattern LINK = Pattern.compile("(http://localhost:[0-9]+/portal/package/[A-Za-z0-9_-]{43})");

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
    nl.waarborg.mail.internal.OutboxSender sender;

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    @Test
    void theRequesterDownloadsTheirPackageAfterThePrivacyOfficerAnswers() throws Exception {
        TestRegisters.templateInForce(editor, registers);
        TestApi api =
                TestApi.withScopes(port, tokens, "subjects:read", "subjects:write", "requests:read", "requests:write");
        PersonWithData p = PersonWithData.create(api, 3, 4);
        String reference = p.verifiedRequest(api, "\"ACCESS\"", "en");
        String axe = Files.readString(AccessibilityTests.axeScript(), StandardCharsets.UTF_8);
        List<String> violations = new ArrayList<>();

        SetupLink setup = accounts.create(
                "officer." + UUID.randomUUID().toString().substring(0, 8), "Officer", Role.PRIVACY_OFFICER);
        ChromeDriver officer = BrowserSession.start();
        try {
            officer.get(setup.url());
            officer.findElement(By.id("password")).sendKeys("een lang en sterk wachtwoord 2026");
            officer.findElement(By.id("confirmation")).sendKeys("een lang en sterk wachtwoord 2026");
            BrowserSession.clickAndWait(officer, By.cssSelector("form button[type=submit]"));
            officer.findElement(By.id("username")).sendKeys(setup.username());
            officer.findElement(By.id("password")).sendKeys("een lang en sterk wachtwoord 2026");
            BrowserSession.clickAndWait(officer, By.cssSelector("form button[type=submit]"));
            officer.get(url("/console/requests/" + reference + "?lang=en"));
            violations.addAll(AccessibilityTests.check(officer, axe, "request with rights to carry out"));
            BrowserSession.clickAndWait(officer, By.cssSelector("form[action$='/package'] button"));
            assertThat(officer.findElement(By.id("package-ready")).getText()).startsWith("Access package ready");
            String summary = officer.findElement(By.id("summary")).getAttribute("value");
            assertThat(summary).contains("Access package prepared").contains("1 call recordings");
            BrowserSession.clickAndWait(officer, By.cssSelector("form[action$='/answer'] button"));
            assertThat(officer.findElement(By.cssSelector("dl.facts")).getText())
                    .contains("Answered");

            // A request for every right: each right's form, the index's blocks and the recipients to tell pass axe.
            PersonWithData q = PersonWithData.create(api, 2, 0);
            String all = q.verifiedRequest(
                    api,
                    "\"ACCESS\",\"RECTIFICATION\",\"ERASURE\",\"RESTRICTION\",\"OBJECTION\",\"PORTABILITY\","
                            + "\"CONSENT_WITHDRAWAL\"",
                    "en");
            officer.get(url("/console/requests/" + all + "?lang=en"));
            BrowserSession.clickAndWait(officer, By.cssSelector("form[action$='/restrict'] button"));
            assertThat(officer.findElement(By.tagName("main")).getText()).contains("Restriction of all data");
            violations.addAll(AccessibilityTests.check(officer, axe, "request for every right, restricted"));
        } finally {
            officer.quit();
        }

        String link = null;
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (link == null && System.nanoTime() < until) {
            sender.sendDue();
            for (MimeMessage m : greenMail.getReceivedMessages()) {
                Matcher found = LINK.matcher(String.valueOf(m.getContent()));
                if (m.getAllRecipients()[0].toString().equals(p.email()) && found.find()) {
                    link = found.group(1);
                }
            }
            Thread.sleep(200);
        }
        assertThat(link)
                .as("the answer's letter with the download link reached the requester")
                .isNotNull();

        ChromeDriver person = BrowserSession.start();
        try {
            person.get(link + "?lang=en");
            violations.addAll(AccessibilityTests.check(person, axe, "package page (code)"));
            assertThat(person.findElements(By.id("download"))).isEmpty();
            int before = greenMail.getReceivedMessages().length;
            BrowserSession.clickAndWait(person, By.cssSelector("form[action$='/new-code'] button"));
            assertThat(greenMail.waitForIncomingEmail(10_000, before + 1)).isTrue();
            // The newest code letter to the requester (other letters may be delivered meanwhile).
            String code = null;
            MimeMessage[] received = greenMail.getReceivedMessages();
            for (int i = received.length - 1; i >= 0 && code == null; i--) {
                Matcher m = PortalBrowserTests.CODE.matcher(String.valueOf(received[i].getContent()));
                if (received[i].getAllRecipients()[0].toString().equals(p.email())
                        && received[i].getSubject().toLowerCase().contains("code")
                        && m.find()) {
                    code = m.group(1);
                }
            }
            assertThat(code).as("the code letter reached the requester").isNotNull();
            person.findElement(By.id("code")).sendKeys(code);
            BrowserSession.clickAndWait(person, By.cssSelector("form[action$='/code'] button"));
            assertThat(person.findElement(By.id("download")).getText()).startsWith("Download the ZIP file");
            violations.addAll(AccessibilityTests.check(person, axe, "package page (download)"));

            // The browser fetches the file with its own session, as a click on the link would.
            String base64 = (String) person.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch(document.getElementById('download').href, {credentials: 'same-origin'})"
                    + ".then(r => r.arrayBuffer()).then(b => {let s = ''; const a = new Uint8Array(b);"
                    + "for (let i = 0; i < a.length; i++) s += String.fromCharCode(a[i]); done(btoa(s));})"
                    + ".catch(e => done('error ' + e));");
            Map<String, byte[]> zip = PersonWithData.unzip(Base64.getDecoder().decode(base64));
            assertThat(zip.keySet())
                    .contains(
                            "overview.html",
                            "overview.pdf",
                            "data.json",
                            "consultations.csv",
                            "recordings/" + p.recordingId() + ".wav");
            assertThat(zip.get("recordings/" + p.recordingId() + ".wav")).isEqualTo(p.audio());
            String data = new String(zip.get("data.json"), StandardCharsets.UTF_8);
            assertThat(data).contains(p.ownMarker()).contains(p.mobileE164());
            assertThat(data).doesNotContain(p.otherMarker()).doesNotContain(p.otherNumber());
            assertThat(new String(zip.get("consultations.csv"), StandardCharsets.UTF_8))
                    .startsWith("day,purpose,times")
                    .contains("request " + reference);
        } finally {
            person.quit();
        }
        assertThat(violations).as("axe-core violations").isEmpty();
    }
}
