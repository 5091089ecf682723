package nl.waarborg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import nl.waarborg.BrowserSession;
import nl.waarborg.WaarborgTest;
import nl.waarborg.security.Role;
import nl.waarborg.security.SetupLink;
import nl.waarborg.security.StaffAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The console as a person sees it, in headless Chromium: sign in, language switch, dashboard, audit trail. */
@WaarborgTest
class ConsoleBrowserTests {

    @Autowired
    StaffAccounts accounts;

    @LocalServerPort
    int port;

    ChromeDriver browser;

    @BeforeEach
    void open() {
        browser = BrowserSession.start();
    }

    @AfterEach
    void close() {
        shot("last");
        browser.quit();
    }

    /** Screenshots in target/screenshots, to look at what a person sees. */
    void shot(String name) {
        try {
            Path shots = Files.createDirectories(Path.of("target", "screenshots"));
            Files.write(shots.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    @Test
    void setUpPasswordSignInSwitchLanguageAndBrowseTheAuditTrail() {
        SetupLink link = accounts.create("browser.admin", "Browser Admin", Role.ADMIN);

        browser.get(link.url());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Wachtwoord kiezen");
        // Switching language keeps the page and what it was opened with: the setup link's token.
        BrowserSession.clickAndWait(browser, By.linkText("English"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Choose a password");
        assertThat(browser.getCurrentUrl()).contains("token=").contains("lang=en");
        BrowserSession.clickAndWait(browser, By.linkText("Nederlands"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Wachtwoord kiezen");
        assertThat(browser.findElements(By.id("password"))).hasSize(1);
        browser.findElement(By.id("password")).sendKeys("een lange zin als wachtwoord");
        browser.findElement(By.id("confirmation")).sendKeys("een lange zin als wachtwoord");
        BrowserSession.clickAndWait(browser, By.cssSelector("form button[type=submit]"));

        assertThat(browser.getCurrentUrl()).contains("/console/login");
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText())
                .contains("wachtwoord is ingesteld");
        browser.findElement(By.id("username")).sendKeys("browser.admin");
        browser.findElement(By.id("password")).sendKeys("een lange zin als wachtwoord");
        BrowserSession.clickAndWait(browser, By.cssSelector("form button[type=submit]"));

        assertThat(browser.getCurrentUrl()).endsWith("/console");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Overzicht");
        assertThat(browser.findElement(By.cssSelector(".tiles")).getText()).contains("Database", "PostgreSQL 17");
        shot("dashboard");

        BrowserSession.clickAndWait(browser, By.linkText("English"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Dashboard");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");

        BrowserSession.clickAndWait(browser, By.linkText("Audit trail"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Audit trail");
        assertThat(browser.findElements(By.cssSelector("tbody tr"))).isNotEmpty();
        // The trail keeps the account id; the page shows the account's current username beside it.
        assertThat(browser.findElement(By.cssSelector("tbody")).getText()).contains("browser.admin");
        BrowserSession.clickAndWait(browser, By.xpath("//button[text()='Check the chain now']"));
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText())
                .contains("The chain is intact");
        shot("audit");

        browser.get(url("/console/no-such-page"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Something went wrong");
        assertThat(browser.getPageSource()).contains("This page does not exist");

        // The language choice is remembered; Dutch comes back on request.
        browser.get(url("/console?lang=nl"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Overzicht");

        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
                .as("no script or CSP errors in the console")
                .noneMatch(entry -> entry.getMessage().contains("Content Security Policy"));

        browser.findElement(By.xpath("//button[text()='Afmelden']")).click();
        // Under load the redirect may not have arrived when click() returns.
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains("/console/login"));
        assertThat(browser.getCurrentUrl()).contains("/console/login?logout");
    }
}
