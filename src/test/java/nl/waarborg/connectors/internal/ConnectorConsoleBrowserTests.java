package nl.waarborg.connectors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.BrowserSession;
import nl.waarborg.WaarborgTest;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditQuery;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.security.Role;
import nl.waarborg.security.StaffAccounts;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.DataStores;
import nl.waarborg.subjects.Erasure;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.Identifiers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The connector pages as staff use them, in headless Chromium: the systems with where each is configured and a
 * connection test, the manual tasks with the overdue one marked, a task's identifiers (an audited read) and completing
 * it.
 */
@WaarborgTest
class ConnectorConsoleBrowserTests {

    @Autowired
    StaffAccounts accounts;

    @Autowired
    RegisterEditor editor;

    @Autowired
    DataStores stores;

    @Autowired
    ManualTasks tasks;

    @Autowired
    AuditTrail audit;

    @LocalServerPort
    int port;

    ChromeDriver browser;

    @BeforeEach
    void open() {
        browser = BrowserSession.start();
    }

    @AfterEach
    void close() {
        browser.quit();
        editor.apply(RegisterConnectorsTests.template(), "without test systems", null);
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** A click may return before the next page is there; wait for it rather than read the old one. */
    void await(org.openqa.selenium.support.ui.ExpectedCondition<?> condition) {
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(15)).until(condition);
    }

    void signIn(String username) {
        var link = accounts.create(username, "Connector Staff", Role.PRIVACY_OFFICER);
        browser.get(link.url());
        browser.findElement(By.id("password")).sendKeys("een lange zin als wachtwoord");
        browser.findElement(By.id("confirmation")).sendKeys("een lange zin als wachtwoord");
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        await(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys("een lange zin als wachtwoord");
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        await(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".tiles")));
    }

    @Test
    void staffSeeSystemsTestThemAndCompleteAManualTask() {
        String system = "boekhouding-" + UUID.randomUUID().toString().substring(0, 8);
        int version = editor.apply(RegisterConnectorsTests.template() + """

                                systems:
                                  - key: %s
                                    name: Boekhoudpakket
                                    type: manual
                                    categories: [invoices]
                                    due: 5d
                                    assignee: Financiële administratie
                                """.formatted(system), "manual system", null)
                .version()
                .number();
        Identifier email = Identifiers.normalise(IdentifierKind.EMAIL, "Jan.Taak@Example.NL");
        stores.erase(DataHolder.unregistered(List.of(email)), Erasure.everything("R-9/erase-" + system), "request:R-9");
        ConnectorTask overdue = tasks.create(
                system, "FIND", Set.of(email), Set.of(), null, null, "R-8/find-" + system, Duration.ofDays(-2));

        signIn("connectors." + UUID.randomUUID().toString().substring(0, 8));
        assertThat(browser.findElement(By.cssSelector(".tiles")).getText()).contains("Koppelingen", "Te laat");
        browser.findElement(By.linkText("Koppelingen")).click();
        await(ExpectedConditions.urlContains("/console/connectors"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Koppelingen met andere systemen");
        String row = browser.findElement(By.id("system-" + system)).getText();
        assertThat(row)
                .contains("Boekhoudpakket", "Financiële administratie", "handmatig (taken)", "invoices")
                .contains("verwerkingsregister, versie " + version)
                .contains("nog niet getest");

        nl.waarborg.BrowserSession.clickAndWait(browser, By.cssSelector("#system-" + system + " form button"));
        assertThat(browser.findElement(By.id("tested")).getText()).contains(system, "gelukt");
        assertThat(browser.findElement(By.id("system-" + system)).getText()).doesNotContain("nog niet getest");

        browser.get(url("/console/connectors/tasks"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Taken voor medewerkers");
        var overdueRow = browser.findElement(By.xpath("//a[contains(@href, '" + overdue.id() + "')]/ancestor::tr"));
        assertThat(overdueRow.findElement(By.cssSelector("td.overdue")).getText())
                .contains("te laat");
        assertThat(overdueRow.getText()).contains("Opzoeken").doesNotContain("jan.taak@example.nl");

        overdueRow.findElement(By.linkText("Openen")).click();
        await(ExpectedConditions.presenceOfElementLocated(By.id("identifiers")));
        assertThat(browser.findElement(By.id("identifiers")).getText()).contains("EMAIL", "jan.taak@example.nl");
        assertThat(browser.findElement(By.id("instructions")).getText()).contains(system);
        assertThat(browser.getPageSource()).contains("Financiële administratie");
        assertThat(audit.find(new AuditQuery(
                        null,
                        null,
                        AuditAction.READ,
                        "connector_task",
                        overdue.id().toString(),
                        null,
                        null,
                        null,
                        null,
                        10)))
                .anySatisfy(e -> assertThat(e.purpose()).isEqualTo("console task page"));

        new Select(browser.findElement(By.id("result"))).selectByValue("NOT_FOUND");
        browser.findElement(By.id("outcome")).sendKeys("Geen debiteur met dit e-mailadres");
        browser.findElement(By.id("evidence")).sendKeys("zoekopdracht in boekhouding, 23-11");
        browser.findElement(By.cssSelector("#complete button[type=submit]")).click();
        await(ExpectedConditions.presenceOfElementLocated(By.id("completed")));

        assertThat(browser.findElement(By.id("completed")).getText()).contains("vastgelegd");
        assertThat(browser.findElement(By.id("outcome")).getText())
                .contains("niet gevonden", "Geen debiteur met dit e-mailadres", "zoekopdracht in boekhouding");
        assertThat(browser.findElements(By.id("complete"))).isEmpty();
        ConnectorTask done = tasks.get(overdue.id());
        assertThat(done.status()).isEqualTo("NOT_FOUND");
        assertThat(done.completedBy()).startsWith("STAFF:");

        browser.get(url("/console/connectors/tasks?status=NOT_FOUND&lang=en"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Tasks for staff");
        assertThat(browser.findElements(By.xpath("//a[contains(@href, '" + overdue.id() + "')]")))
                .hasSize(1);

        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
                .as("no script or CSP errors in the console")
                .noneMatch(entry -> entry.getMessage().contains("Content Security Policy"));
    }
}
