package nl.waarborg.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import nl.waarborg.BrowserSession;
import nl.waarborg.FirefoxSession;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.web.AccessibilityTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The cookie notice on a provider's website in real browsers, headless Chromium and Firefox ESR, with Global Privacy
 * Control off and on: no marketing cookie before consent, refusing as easy as allowing and done by keyboard, the
 * choice recorded in the ledger, a withdrawal removing the cookie, GPC keeping marketing off, a change of wording
 * asking again; the notice passes axe-core.
 */
@WaarborgTest
class CookieBannerBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    DataSource dataSource;

    ProviderSite site;

    @BeforeEach
    void setUp() throws Exception {
        TestRegisters.templateInForce(editor, registers);
        site = new ProviderSite(port);
    }

    @AfterEach
    void tearDown() {
        site.close();
    }

    /** The visitor's newest event per purpose, from the ledger. */
    List<Map<String, Object>> ledger(String visitorId) {
        return new JdbcTemplate(dataSource)
                .queryForList(
                        "SELECT category, event FROM consent_event WHERE visitor_id = ? ORDER BY at, id",
                        ConsentLedger.sha256("VISITOR:" + visitorId));
    }

    static String visitorOf(String storedCookie) {
        return TestApi.JSON
                .readTree(URLDecoder.decode(storedCookie, StandardCharsets.UTF_8))
                .path("id")
                .asString();
    }

    static void shot(ChromeDriver browser, String name) throws java.io.IOException {
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(shots.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    /**
     * A script that posts marketing switched on for the visitor, as a tampered page would, and hands what the server
     * allowed to {@code done} (Selenium's async callback, or {@code globalThis.done}).
     */
    String forcedMarketing(String visitor) {
        return "const done = typeof arguments !== 'undefined' && arguments.length ? arguments[arguments.length - 1]"
                + " : globalThis.done;"
                + "fetch('http://localhost:" + port + "/consent/banner.json').then(r => r.json()).then(c =>"
                + " fetch('http://localhost:" + port + "/consent/banner/choices', {method: 'POST',"
                + " headers: {'Content-Type': 'text/plain'}, body: JSON.stringify({visitorId: '" + visitor + "',"
                + " version: c.version, choices: {marketing: true}})})).then(r => r.json())"
                + ".then(o => done(String(o.allowed.marketing)), e => done('failed: ' + e));";
    }

    static void waitFor(ChromeDriver browser, String condition) {
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(b -> Boolean.TRUE.equals(((ChromeDriver) b).executeScript("return " + condition)));
    }

    @Test
    void chromiumWithoutGpcAsksFirstRecordsTheChoiceAndRemovesTheCookieOnWithdrawal() throws Exception {
        String axe = Files.readString(AccessibilityTests.axeScript(), StandardCharsets.UTF_8);
        ChromeDriver browser = BrowserSession.start();
        try {
            browser.get(site.url());
            waitFor(browser, "!!document.getElementById('waarborg-consent')");
            assertThat(browser.manage().getCookieNamed("_mkt"))
                    .as("no marketing cookie before consent")
                    .isNull();
            assertThat(browser.executeScript("return window.marketingRan === undefined"))
                    .isEqualTo(true);
            assertThat(browser.executeScript("return navigator.globalPrivacyControl === true"))
                    .isEqualTo(false);
            shot(browser, "cookie-notice");
            assertThat(AccessibilityTests.check(browser, axe, "cookie notice")).isEmpty();

            // Refusing is as visible as allowing: the same style, side by side.
            @SuppressWarnings("unchecked")
            List<String> styles = (List<String>) browser.executeScript(
                    "return ['reject', 'accept'].map(k => { const s = getComputedStyle(document.querySelector("
                            + "'[data-wb=' + k + ']')); return [s.backgroundColor, s.color, s.fontSize, s.fontWeight,"
                            + " s.minWidth, s.borderStyle].join(' '); });");
            assertThat(styles.get(0)).isEqualTo(styles.get(1));

            // By keyboard: the notice is first in the page; Tab reaches the marketing switch, "Refuse all", "Allow
            // all".
            new Actions(browser).sendKeys(Keys.TAB).perform();
            assertThat(browser.executeScript("return document.activeElement.id"))
                    .isEqualTo("wb-kind-marketing");
            new Actions(browser).sendKeys(Keys.TAB).perform();
            assertThat(browser.executeScript("return document.activeElement.getAttribute('data-wb')"))
                    .isEqualTo("reject");
            new Actions(browser).sendKeys(Keys.TAB).perform();
            assertThat(browser.executeScript("return document.activeElement.getAttribute('data-wb')"))
                    .isEqualTo("accept");
            new Actions(browser).sendKeys(Keys.ENTER).perform();
            waitFor(browser, "document.cookie.includes('_mkt=tracker')");
            assertThat(browser.findElements(By.id("waarborg-consent"))).isEmpty();
            String visitor = visitorOf(
                    browser.manage().getCookieNamed("waarborg_consent").getValue());
            assertThat(ledger(visitor)).containsExactly(Map.of("category", "website-marketing", "event", "GIVEN"));

            // The next page runs the marketing script from the stored choice, without asking again.
            browser.navigate().refresh();
            waitFor(browser, "window.marketingRan === true");
            assertThat(browser.findElements(By.id("waarborg-consent"))).isEmpty();

            // Withdrawing through the Cookies button: the cookie goes, the script no longer runs.
            browser.findElement(By.id("waarborg-consent-open")).click();
            assertThat(browser.findElement(By.id("wb-kind-marketing")).isSelected())
                    .isTrue();
            browser.findElement(By.id("wb-kind-marketing")).click();
            shot(browser, "cookie-notice-settings");
            assertThat(AccessibilityTests.check(browser, axe, "cookie notice, settings"))
                    .isEmpty();
            browser.findElement(By.cssSelector("[data-wb=save]")).click();
            waitFor(
                    browser,
                    "document.readyState === 'complete' && window.marketingRan === undefined"
                            + " && !document.cookie.includes('_mkt=')");
            assertThat(browser.manage().getCookieNamed("_mkt")).isNull();
            assertThat(ledger(visitor))
                    .containsExactly(
                            Map.of("category", "website-marketing", "event", "GIVEN"),
                            Map.of("category", "website-marketing", "event", "WITHDRAWN"));

            // A choice made under other wording is asked again, and allows nothing meanwhile.
            browser.manage().deleteCookieNamed("waarborg_consent");
            browser.manage()
                    .addCookie(new Cookie(
                            "waarborg_consent",
                            java.net.URLEncoder.encode(
                                    "{\"v\":\"0000000000000000\",\"id\":\"" + visitor
                                            + "\",\"c\":{\"marketing\":true}}",
                                    StandardCharsets.UTF_8),
                            "/"));
            browser.navigate().refresh();
            waitFor(browser, "!!document.getElementById('waarborg-consent')");
            assertThat(browser.executeScript("return window.marketingRan === undefined"))
                    .isEqualTo(true);
        } finally {
            browser.quit();
        }
    }

    @Test
    void chromiumWithGpcSwitchedOnWithdrawsMarketingAndKeepsItOffWhateverIsSent() throws Exception {
        ChromeDriver browser = BrowserSession.start();
        try {
            browser.get(site.url());
            waitFor(browser, "!!document.getElementById('waarborg-consent')");
            browser.findElement(By.cssSelector("[data-wb=accept]")).click();
            waitFor(browser, "document.cookie.includes('_mkt=tracker')");
            String visitor = visitorOf(
                    browser.manage().getCookieNamed("waarborg_consent").getValue());

            // The person switches GPC on. Chromium has no setting for it: the header and the property through the
            // DevTools protocol, as a browser that sends it.
            browser.executeCdpCommand("Network.enable", Map.of());
            browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Sec-GPC", "1")));
            browser.executeCdpCommand(
                    "Page.addScriptToEvaluateOnNewDocument",
                    Map.of(
                            "source",
                            "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl',"
                                    + " {get: () => true, configurable: true});"));
            browser.navigate().refresh();
            waitFor(
                    browser,
                    "navigator.globalPrivacyControl === true && document.readyState === 'complete'"
                            + " && !document.cookie.includes('_mkt=') && window.marketingRan === undefined");
            assertThat(ledger(visitor))
                    .as("the earlier marketing consent is withdrawn on the first page under GPC")
                    .containsExactly(
                            Map.of("category", "website-marketing", "event", "GIVEN"),
                            Map.of("category", "website-marketing", "event", "WITHDRAWN"));

            browser.findElement(By.id("waarborg-consent-open")).click();
            assertThat(browser.findElement(By.id("wb-consent-gpc")).getText()).contains("Global Privacy Control");
            assertThat(browser.findElement(By.id("wb-kind-marketing")).isEnabled())
                    .isFalse();
            shot(browser, "cookie-notice-gpc");
            browser.findElement(By.cssSelector("[data-wb=accept]")).click();
            Thread.sleep(500);
            assertThat(browser.manage().getCookieNamed("_mkt")).isNull();
            assertThat(browser.executeScript("return window.marketingRan === undefined"))
                    .isEqualTo(true);

            // Whatever the page sends, the server takes no marketing consent from a browser that sends Sec-GPC.
            assertThat(browser.executeAsyncScript(forcedMarketing(visitor))).isEqualTo("false");
            assertThat(ledger(visitor)).hasSize(2);
        } finally {
            browser.quit();
        }
    }

    @Test
    void firefoxWithoutGpcAsksFirstAndRemovesTheCookieOnWithdrawal() throws Exception {
        try (FirefoxSession firefox = FirefoxSession.start(false)) {
            firefox.navigate(site.url());
            firefox.waitFor("!!document.getElementById('waarborg-consent')");
            assertThat(firefox.evaluate("navigator.globalPrivacyControl === true"))
                    .isEqualTo("false");
            assertThat(firefox.evaluate("document.cookie.includes('_mkt=')"))
                    .as("no marketing cookie before consent")
                    .isEqualTo("false");
            assertThat(firefox.evaluate("window.marketingRan === undefined")).isEqualTo("true");

            firefox.evaluate("document.querySelector('[data-wb=accept]').click()");
            firefox.waitFor("document.cookie.includes('_mkt=tracker')");
            String visitor = visitorOf(firefox.evaluate("document.cookie.match(/waarborg_consent=([^;]*)/)[1]"));
            assertThat(ledger(visitor)).containsExactly(Map.of("category", "website-marketing", "event", "GIVEN"));

            firefox.evaluate("document.getElementById('waarborg-consent-open').click()");
            firefox.evaluate("document.getElementById('wb-kind-marketing').click()");
            firefox.evaluate("document.querySelector('[data-wb=save]').click()");
            Thread.sleep(500);
            firefox.waitFor("document.readyState === 'complete' && !document.cookie.includes('_mkt=')"
                    + " && window.marketingRan === undefined");
            assertThat(ledger(visitor))
                    .containsExactly(
                            Map.of("category", "website-marketing", "event", "GIVEN"),
                            Map.of("category", "website-marketing", "event", "WITHDRAWN"));
        }
    }

    @Test
    void firefoxWithGpcSendsItAndKeepsMarketingOff() throws Exception {
        try (FirefoxSession firefox = FirefoxSession.start(true)) {
            firefox.navigate(site.url());
            firefox.waitFor("!!document.getElementById('waarborg-consent')");
            assertThat(firefox.evaluate("navigator.globalPrivacyControl === true"))
                    .as("Firefox's own GPC setting")
                    .isEqualTo("true");
            assertThat(firefox.evaluate("fetch('http://localhost:" + port + "/consent/banner.json').then(r => r.json())"
                            + ".then(c => c.gpc)"))
                    .as("the browser sends Sec-GPC: 1 itself")
                    .isEqualTo("true");
            assertThat(firefox.evaluate("document.getElementById('wb-kind-marketing').disabled"))
                    .isEqualTo("true");
            firefox.evaluate("document.querySelector('[data-wb=accept]').click()");
            firefox.waitFor("document.cookie.includes('waarborg_consent=')");
            Thread.sleep(300);
            assertThat(firefox.evaluate("document.cookie.includes('_mkt=')")).isEqualTo("false");
            String visitor = visitorOf(firefox.evaluate("document.cookie.match(/waarborg_consent=([^;]*)/)[1]"));
            assertThat(ledger(visitor)).as("nothing given under GPC").isEmpty();
            assertThat(firefox.evaluate(
                            "new Promise(resolve => { globalThis.done = resolve; " + forcedMarketing(visitor) + " })"))
                    .as("Firefox sends Sec-GPC with the choice, and the server refuses marketing")
                    .isEqualTo("false");
            assertThat(ledger(visitor)).isEmpty();
        }
    }
}
