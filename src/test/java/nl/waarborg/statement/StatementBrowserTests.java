package nl.waarborg.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nl.waarborg.BrowserSession;
import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.security.Role;
import nl.waarborg.security.SetupLink;
import nl.waarborg.security.StaffAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The public statement and the console page as a person sees them, in headless Chromium. */
@WaarborgTest
class StatementBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    StaffAccounts accounts;

    ChromeDriver browser;

    @BeforeEach
    void open() {
        TestApi officer = TestApi.withScopes(port, tokens, "register:write", "register:read");
        String yaml = SeedTables.fixture("/register/seed-000-progroup.yaml");
        TestApi.Response first = officer.post(
                "/api/v1/register?acceptFindings=seed+as+published",
                "application/yaml",
                yaml.getBytes(StandardCharsets.UTF_8));
        assertThat(first.status()).as(first.body()).isIn(200, 201);
        // The website row's retention changes from one year to two: the console's default difference.
        TestApi.Response second = officer.post(
                "/api/v1/register?acceptFindings=seed+as+published",
                "application/yaml",
                yaml.replace(
                                "display: {nl: Eén jaar, en: One year}}\n  - key: website",
                                "display: {nl: Twee jaar, en: Two years}}\n  - key: website")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        browser = BrowserSession.start();
    }

    @AfterEach
    void close() {
        browser.quit();
    }

    void shot(String name) throws Exception {
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(shots.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    @Test
    void publicStatementIsReadableWithoutSignInInBothLanguages() throws Exception {
        browser.get(url("/privacy"));
        assertThat(browser.getCurrentUrl()).endsWith("/privacy");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("nl");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Privacyverklaring van Progroup B.V.");
        List<WebElement> headers = browser.findElements(By.cssSelector("#data-table thead th[scope=col]"));
        assertThat(headers)
                .extracting(WebElement::getText)
                .containsExactly("Dienst", "Gegevens", "Bewaartermijn", "Verantwoordelijke", "Grondslag");
        assertThat(browser.findElements(By.cssSelector("#data-table tbody th[scope=rowgroup]")))
                .extracting(WebElement::getText)
                .contains("Algemeen", "Internetverbinding");
        assertThat(browser.findElement(By.cssSelector("article.statement")).getAttribute("lang"))
                .isEqualTo("nl");
        shot("statement-nl");

        BrowserSession.clickAndWait(browser, By.linkText("English version"));
        assertThat(browser.getCurrentUrl()).endsWith("/en/privacy");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(browser.findElements(By.cssSelector("#data-table thead th[scope=col]")))
                .extracting(WebElement::getText)
                .containsExactly("Service", "Data", "Retention period", "Responsible party", "Legal basis");
        shot("statement-en");

        BrowserSession.clickAndWait(browser, By.linkText("Earlier versions"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Archive of the privacy statement");
        assertThat(browser.findElements(By.cssSelector("tbody tr"))).hasSizeGreaterThanOrEqualTo(2);
        BrowserSession.clickAndWait(
                browser, browser.findElements(By.cssSelector("tbody tr th a")).get(1));
        assertThat(browser.findElement(By.cssSelector(".notice a")).getText())
                .isEqualTo("Back to the current statement");
        assertThat(browser.manage().logs().get("browser").getAll())
                .noneMatch(entry -> entry.getMessage().contains("Content Security Policy"));
    }

    void signInAsPrivacyOfficer(String username) {
        SetupLink link = accounts.create(username, "Statement Officer", Role.PRIVACY_OFFICER);
        browser.get(link.url());
        browser.findElement(By.id("password")).sendKeys("een lange zin als wachtwoord");
        browser.findElement(By.id("confirmation")).sendKeys("een lange zin als wachtwoord");
        BrowserSession.clickAndWait(browser, By.cssSelector("form button[type=submit]"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys("een lange zin als wachtwoord");
        BrowserSession.clickAndWait(browser, By.cssSelector("form button[type=submit]"));
    }

    @Test
    void privacyOfficerSeesVersionsTheirDifferenceAndReadsInAStatement() throws Exception {
        signInAsPrivacyOfficer("statement.officer");
        assertThat(browser.findElement(By.cssSelector(".tiles")).getText()).contains("Privacyverklaring");

        BrowserSession.clickAndWait(browser, By.linkText("Privacyverklaring"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Privacyverklaring");
        String diff = browser.findElement(By.cssSelector("table.diff")).getText();
        assertThat(diff).contains("Eén jaar", "Twee jaar");
        shot("statement-console");

        // Importing a real statement needs the reference statements beside the repository.
        SeedTables.assumeSeeds();
        browser.findElement(By.id("i-file"))
                .sendKeys(SeedTables.SEEDS
                        .resolve(SeedTables.BEZORGSUPPORT)
                        .toAbsolutePath()
                        .normalize()
                        .toString());
        BrowserSession.clickAndWait(browser, By.xpath("//button[text()='Inlezen']"));
        assertThat(browser.findElement(By.cssSelector("pre.draft")).getText())
                .contains("legalName: \"Bezorgsupport\"", "retention: {until: end-of-service}");
        shot("statement-import");
    }

    /** The rows of the console's difference as (class, mark as read aloud, text), in order. */
    List<List<String>> diffRows() {
        return browser.findElements(By.cssSelector("table.diff tbody tr")).stream()
                .map(tr -> {
                    List<WebElement> cells = tr.findElements(By.tagName("td"));
                    return List.of(
                            tr.getAttribute("class"),
                            cells.get(0).getAttribute("textContent").strip(),
                            cells.get(1).getText());
                })
                .toList();
    }

    static List<List<String>> ofKind(List<List<String>> rows, String kind) {
        return rows.stream().filter(r -> r.get(0).equals(kind)).toList();
    }

    @Test
    void consoleDifferenceMarksRemovedAddedAndUnchangedLinesInDutchAndEnglish() throws Exception {
        signInAsPrivacyOfficer("statement.reviewer");
        browser.get(url("/console/statement"));
        List<List<String>> rows = diffRows();
        // The one changed retention period: the old line marked removed, the new one added, nothing else changed.
        assertThat(ofKind(rows, "del")).singleElement().satisfies(r -> {
            assertThat(r.get(1)).isEqualTo("− Weg");
            assertThat(r.get(2)).contains("Eén jaar");
        });
        assertThat(ofKind(rows, "ins")).singleElement().satisfies(r -> {
            assertThat(r.get(1)).isEqualTo("+ Nieuw");
            assertThat(r.get(2)).contains("Twee jaar");
        });
        // Around it, unchanged lines for context, announced as unchanged; the rest of the statement left out.
        assertThat(ofKind(rows, "same")).hasSizeBetween(1, 4).allSatisfy(r -> {
            assertThat(r.get(1)).isEqualTo("Ongewijzigd");
            assertThat(r.get(2)).isNotBlank();
        });
        assertThat(ofKind(rows, "gap"))
                .isNotEmpty()
                .allSatisfy(r ->
                        assertThat(r.get(2)).matches("(Eén ongewijzigde regel|\\d+ ongewijzigde regels) weggelaten"));
        assertThat(rows.stream().map(r -> r.get(0))).containsOnly("del", "ins", "same", "gap");
        assertThat(browser.findElements(By.cssSelector("table.diff thead th[scope=col]")))
                .extracting(WebElement::getText)
                .containsExactly("Wijziging", "Regel");
        shot("statement-console-diff-nl");

        // The console in English: the same difference (still of the Dutch text), marked in English.
        BrowserSession.clickAndWait(browser, By.cssSelector(".lang a[hreflang=en]"));
        rows = diffRows();
        assertThat(ofKind(rows, "del")).singleElement().satisfies(r -> {
            assertThat(r.get(1)).isEqualTo("− Removed");
            assertThat(r.get(2)).contains("Eén jaar");
        });
        assertThat(ofKind(rows, "ins")).singleElement().satisfies(r -> {
            assertThat(r.get(1)).isEqualTo("+ Added");
            assertThat(r.get(2)).contains("Twee jaar");
        });
        assertThat(ofKind(rows, "same"))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.get(1)).isEqualTo("Unchanged"));
        assertThat(ofKind(rows, "gap"))
                .allSatisfy(r -> assertThat(r.get(2)).matches("(One unchanged line|\\d+ unchanged lines) left out"));

        // The English text of the statement, chosen in the form, does not switch the console's own language back.
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("d-lang"))).selectByValue("en");
        BrowserSession.clickAndWait(browser, By.cssSelector("form.filters button[type=submit]"));
        rows = diffRows();
        assertThat(ofKind(rows, "del"))
                .singleElement()
                .satisfies(r -> assertThat(r.get(2)).contains("One year"));
        assertThat(ofKind(rows, "ins"))
                .singleElement()
                .satisfies(r -> assertThat(r.get(2)).contains("Two years"));
        assertThat(browser.findElement(By.cssSelector("table.diff tbody td[lang=en]")))
                .isNotNull();
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        shot("statement-console-diff-en");

        // And the Dutch console on the English text: the marks follow the console, the lines the chosen text.
        BrowserSession.clickAndWait(browser, By.cssSelector(".lang a[hreflang=nl]"));
        rows = diffRows();
        assertThat(ofKind(rows, "del")).singleElement().satisfies(r -> {
            assertThat(r.get(1)).isEqualTo("− Weg");
            assertThat(r.get(2)).contains("One year");
        });
    }
}
