package nl.waarborg.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.UUID;
import nl.waarborg.BrowserSession;
import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.annotation.Transactional;

/**
 * What happens to an account ends its sessions at once (OWASP ASVS V3.3): disabling it, resetting or setting its
 * password and changing its role; its API tokens stop with it. The last active administrator and one's own account
 * are protected, and passwords are checked as NIST SP 800-63B asks.
 */
@WaarborgTest
class AccountLifecycleTests {

    static final String PASSWORD = "een lange zin als wachtwoord";
    static final String OTHER_PASSWORD = "vier nieuwe woorden voor morgen";

    @LocalServerPort
    int port;

    @Autowired
    StaffAccounts accounts;

    @Autowired
    ApiTokens tokens;

    @Autowired
    JdbcClient jdbc;

    String base() {
        return "http://localhost:" + port;
    }

    void setPassword(ChromeDriver browser, SetupLink link, String password) {
        browser.get(link.url());
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("confirmation")).sendKeys(password);
        BrowserSession.clickAndWait(browser, By.cssSelector("form button[type=submit]"));
    }

    void signIn(ChromeDriver browser, String username, String password) {
        browser.get(base() + "/console/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        BrowserSession.clickAndWait(browser, By.cssSelector("form button[type=submit]"));
    }

    /** The next page after the change: the sign-in page saying the session ended, not the page asked for. */
    void assertEnded(ChromeDriver browser) {
        browser.get(base() + "/console/subjects");
        assertThat(browser.getCurrentUrl()).contains("/console/login?ended");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Uw sessie is beëindigd");
        browser.get(base() + "/console/subjects");
        assertThat(browser.getCurrentUrl()).contains("/console/login");
    }

    void assertSignedIn(ChromeDriver browser) {
        browser.get(base() + "/console/subjects");
        assertThat(browser.getCurrentUrl()).endsWith("/console/subjects");
    }

    @Test
    void disablingResettingSettingAPasswordAndChangingTheRoleEndTheSessionsAtOnce() {
        String username = "sessie." + UUID.randomUUID().toString().substring(0, 8);
        SetupLink link = accounts.create(username, "Sessie Test", Role.AGENT);
        ChromeDriver browser = BrowserSession.start();
        try {
            setPassword(browser, link, PASSWORD);
            signIn(browser, username, PASSWORD);
            assertSignedIn(browser);

            accounts.setEnabled(link.accountId(), false);
            assertEnded(browser);
            accounts.setEnabled(link.accountId(), true);
            signIn(browser, username, PASSWORD);
            assertSignedIn(browser);

            // A reset ends the session at once; the account signs in again with the password set through the new link.
            SetupLink reset = accounts.resetPassword(link.accountId());
            assertEnded(browser);
            setPassword(browser, reset, OTHER_PASSWORD);

            signIn(browser, username, OTHER_PASSWORD);
            assertSignedIn(browser);
            accounts.setRole(link.accountId(), Role.AUDITOR);
            assertEnded(browser);
            signIn(browser, username, OTHER_PASSWORD);
            assertSignedIn(browser);
        } finally {
            browser.quit();
        }
    }

    @Test
    void theTokensOfADisabledAccountStopWithIt() {
        String username = "tokens." + UUID.randomUUID().toString().substring(0, 8);
        SetupLink link = accounts.create(username, "Token Maker", Role.ADMIN);
        IssuedToken issued = tokens.issue("integration", Set.of("subjects:read"), username);
        TestApi api = new TestApi(port, issued.secret());
        assertThat(api.get("/api/v1/subjects?identifier=nobody%40example.nl").status())
                .isEqualTo(200);
        accounts.setEnabled(link.accountId(), false);
        assertThat(api.get("/api/v1/subjects?identifier=nobody%40example.nl").status())
                .isEqualTo(401);
        accounts.setEnabled(link.accountId(), true);
        assertThat(api.get("/api/v1/subjects?identifier=nobody%40example.nl").status())
                .isEqualTo(200);
    }

    @Test
    void nobodyDisablesOrDemotesTheirOwnAccount() {
        SetupLink link = accounts.create("zelf." + UUID.randomUUID().toString().substring(0, 8), "Zelf", Role.ADMIN);
        StaffAccount self = accounts.get(link.accountId());
        var principal = new StaffPrincipal(self.id(), self.username(), "x", Role.ADMIN, true, 0);
        SecurityContextHolder.getContext()
                .setAuthentication(
                        UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
        try {
            assertThatThrownBy(() -> accounts.setEnabled(self.id(), false))
                    .isInstanceOf(AccountException.class)
                    .extracting(e -> ((AccountException) e).slug())
                    .isEqualTo("own-account");
            assertThatThrownBy(() -> accounts.setRole(self.id(), Role.AGENT))
                    .extracting(e -> ((AccountException) e).slug())
                    .isEqualTo("own-account");
        } finally {
            SecurityContextHolder.clearContext();
        }
        assertThat(accounts.get(self.id()).enabled()).isTrue();
        assertThat(accounts.get(self.id()).role()).isEqualTo(Role.ADMIN);
    }

    /** In a transaction that is rolled back: the other administrators of the shared test database come back. */
    @Test
    @Transactional
    void theLastActiveAdministratorStays() {
        SetupLink link =
                accounts.create("laatste." + UUID.randomUUID().toString().substring(0, 8), "Laatste", Role.ADMIN);
        jdbc.sql("UPDATE staff_account SET password_hash = 'x' WHERE id = ?")
                .param(link.accountId())
                .update();
        jdbc.sql("UPDATE staff_account SET enabled = false WHERE role = 'ADMIN' AND id <> ?")
                .param(link.accountId())
                .update();
        assertThatThrownBy(() -> accounts.setEnabled(link.accountId(), false))
                .extracting(e -> ((AccountException) e).slug())
                .isEqualTo("last-administrator");
        assertThatThrownBy(() -> accounts.setRole(link.accountId(), Role.PRIVACY_OFFICER))
                .extracting(e -> ((AccountException) e).slug())
                .isEqualTo("last-administrator");
        SetupLink second =
                accounts.create("tweede." + UUID.randomUUID().toString().substring(0, 8), "Tweede", Role.AGENT);
        jdbc.sql("UPDATE staff_account SET password_hash = 'x' WHERE id = ?")
                .param(second.accountId())
                .update();
        accounts.setRole(second.accountId(), Role.ADMIN);
        assertThat(accounts.setRole(link.accountId(), Role.PRIVACY_OFFICER).role())
                .isEqualTo(Role.PRIVACY_OFFICER);
    }

    @Test
    void weakPasswordsAreRefusedWithTheReason() {
        SetupLink link = accounts.create("zwak." + UUID.randomUUID().toString().substring(0, 8), "Zwak", Role.AGENT);
        String secret = link.url().substring(link.url().indexOf("token=") + 6);
        assertReason(secret, "aaaaaaaaaaaa", "REPETITIVE");
        assertReason(secret, "abcabcabcabc", "REPETITIVE");
        assertReason(secret, "Kort-2026!", "TOO_SHORT");
        assertReason(secret, "Wachtwoord123", "COMMON");
        assertReason(secret, "wachtwoord123!", "COMMON");
        assertReason(secret, "welkom01welkom01", "REPETITIVE");
        assertReason(secret, "password1234", "GUESSABLE");
        assertReason(secret, "qwertyuiop123", "COMMON");
        assertReason(secret, "1qaz2wsx3edc4rfv", "GUESSABLE");
        assertReason(secret, link.username() + "-geheim-2026", "CONTAINS_USERNAME");
        // A sentence of ordinary words is fine, and so are the passwords the other tests use.
        for (String good :
                new String[] {PASSWORD, OTHER_PASSWORD, "lange zin met woorden", "een heel lang wachtwoord"}) {
            assertThat(PasswordPolicy.check(good, link.username(), 12)).as(good).isEmpty();
        }
        assertThat(accounts.completeSetup(secret, "de kat slaapt op de warme bank")
                        .passwordSet())
                .isTrue();
    }

    void assertReason(String secret, String password, String reason) {
        assertThatThrownBy(() -> accounts.completeSetup(secret, password))
                .as(password)
                .isInstanceOf(WeakPasswordException.class)
                .extracting(e -> ((WeakPasswordException) e).reason())
                .isEqualTo(reason);
    }
}
