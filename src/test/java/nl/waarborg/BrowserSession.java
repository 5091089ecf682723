package nl.waarborg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver; no driver download (the network is closed), and
 * the flags that keep Chromium from reaching out at start.
 */
public final class BrowserSession {

    private BrowserSession() {}

    public static ChromeDriver start() {
        try {
            Path profile = Files.createTempDirectory("waarborg-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--window-size=1280,900",
                    "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return driver;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Clicks something that loads a new page and waits until the old page is gone: a click returns before the
     * navigation it starts may have begun, so reading the page straight after it can read the old one under load.
     */
    /** Follows a new staff member's setup link, chooses the password and signs in with it. */
    public static void setUpAndSignIn(ChromeDriver browser, nl.waarborg.security.SetupLink link, String password) {
        browser.get(link.url());
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("confirmation")).sendKeys(password);
        clickAndWait(browser, By.cssSelector("form button[type=submit]"));
        browser.findElement(By.id("username")).sendKeys(link.username());
        browser.findElement(By.id("password")).sendKeys(password);
        clickAndWait(browser, By.cssSelector("form button[type=submit]"));
    }

    public static void clickAndWait(ChromeDriver browser, By target) {
        clickAndWait(browser, browser.findElement(target));
    }

    public static void clickAndWait(ChromeDriver browser, WebElement target) {
        WebElement page = browser.findElement(By.tagName("html"));
        target.click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> gone(page));
    }

    /**
     * Whether an element's page has been replaced. Asked mid-navigation, Chrome answers either "stale element" or
     * "node does not belong to the document" (seen in CI); both mean the old page is gone.
     */
    private static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }
}
