package nl.waarborg.connectors.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import nl.waarborg.TestApi;
import nl.waarborg.TestDatabases;
import nl.waarborg.WaarborgTest;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditQuery;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.register.internal.RegisterReader;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.DataStore;
import nl.waarborg.subjects.DataStores;
import nl.waarborg.subjects.Erasure;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.StoreResult;
import nl.waarborg.subjects.StoreResult.Item;
import nl.waarborg.subjects.StoreResult.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Systems configured in the register: built into connectors when a version is applied, found and erased through
 * {@link DataStores} against a second real PostgreSQL database, rebuilt when a later version removes them, a
 * missing secret failing only its own system, and connection tests against that database and WireMock.
 */
@WaarborgTest
class RegisterConnectorsTests {

    static final String PASSWORD_SECRET = "WB_TEST_BILLING_PASSWORD";
    static final String TOKEN_SECRET = "WB_TEST_CRM_TOKEN";
    static final Identifier JAN_PHONE = new Identifier(IdentifierKind.PHONE, "020-123 4567");

    @Autowired
    DataSource waarborg;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    DataStores stores;

    @Autowired
    ConnectorRegistry registry;

    @Autowired
    ManualTasks tasks;

    @Autowired
    AuditTrail audit;

    @Autowired
    ApiTokens tokens;

    @Autowired
    Environment environment;

    @LocalServerPort
    int port;

    JdbcTemplate billing;
    String billingUrl;
    WireMockServer crm;

    @BeforeEach
    void setUp() throws Exception {
        billingUrl = TestDatabases.create(waarborg, "regbilling");
        billing = new JdbcTemplate(new DriverManagerDataSource(billingUrl, "postgres", null));
        billing.execute("""
                CREATE TABLE customer (id serial PRIMARY KEY, name text, email text, phone text,
                                       created_at timestamptz NOT NULL);
                CREATE TABLE invoice (id serial PRIMARY KEY, customer_phone text, amount numeric(10,2) NOT NULL,
                                      issued_at timestamptz NOT NULL);
                INSERT INTO customer (name, email, phone, created_at) VALUES
                    ('Jan Jansen', 'jan@example.nl', '+31201234567', '2019-03-01T10:00:00Z'),
                    ('Piet Pieters', 'piet@example.nl', '+31612345678', '2020-05-01T10:00:00Z');
                INSERT INTO invoice (customer_phone, amount, issued_at) VALUES
                    ('+31201234567', 12.50, '2017-01-31T00:00:00Z'),
                    ('+31201234567', 14.00, '2025-01-31T00:00:00Z'),
                    ('+31612345678', 9.99, '2017-02-28T00:00:00Z');
                """);
        crm = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        crm.start();
        // Secrets reach Waarborg outside the register: here as system properties, read when connectors are built.
        System.setProperty("waarborg.secrets." + PASSWORD_SECRET, "not-needed-by-trust-auth");
        System.setProperty("waarborg.secrets." + TOKEN_SECRET, "crm-t0ken-" + UUID.randomUUID());
    }

    @AfterEach
    void tearDown() {
        // Leave the application without these systems for the other test classes.
        editor.apply(template(), "without test systems", null);
        crm.stop();
        System.clearProperty("waarborg.secrets." + PASSWORD_SECRET);
        System.clearProperty("waarborg.secrets." + TOKEN_SECRET);
    }

    static String template() {
        try (InputStream in =
                RegisterConnectorsTests.class.getResourceAsStream("/register/templates/telecom-nl.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String billingSystem(String key, String passwordSecret, String invoiceKeyColumn) {
        return """
                  - key: %s
                    name: Facturatie
                    type: sql
                    categories: [customer-contacts, invoices]
                    url: %s
                    username: postgres
                    password: {secret: %s}
                    tables:
                      customers:
                        table: customer
                        category: customer-contacts
                        identity: {phone: phone, email: email}
                        key: id
                        timestamp: created_at
                      invoices:
                        table: invoice
                        category: invoices
                        identity: {phone: customer_phone}
                        key: %s
                        timestamp: issued_at
                        erase: anonymise
                        anonymise: {customer_phone: anonymised}
                """.formatted(key, billingUrl, passwordSecret, invoiceKeyColumn);
    }

    String crmSystem() {
        return """
                  - key: crm-reg
                    name: CRM
                    type: http
                    categories: [support-tickets]
                    baseUrl: %s/privacy/
                    token: {secret: %s}
                    timeout: 2s
                    maxAttempts: 1
                """.formatted(crm.baseUrl(), TOKEN_SECRET);
    }

    int apply(String... systems) {
        String yaml = template() + "\nsystems:\n" + String.join("", systems);
        return editor.apply(yaml, "test systems " + UUID.randomUUID(), null)
                .version()
                .number();
    }

    StoreResult resultOf(List<StoreResult> results, String system) {
        return results.stream()
                .filter(r -> r.store().equals(system))
                .findFirst()
                .orElseThrow();
    }

    List<StoreResult> find(String purpose) {
        return stores.find(DataHolder.unregistered(List.of(JAN_PHONE)), Set.of(DataStore.Kind.EXTERNAL), purpose);
    }

    @Test
    void aRegisterSystemIsFoundAndErasedThroughTheStoreSeamAndGoneAfterTheNextVersion() {
        int version = apply(billingSystem("billing-reg", PASSWORD_SECRET, "id"), crmSystem());
        assertThat(registry.systems()).containsEntry("billing-reg", "sql").containsEntry("crm-reg", "http");
        ConnectorRegistry.Entry entry = registry.entry("billing-reg").orElseThrow();
        assertThat(entry.origin()).isEqualTo("register");
        assertThat(entry.registerVersion()).isEqualTo(version);
        assertThat(entry.failure()).isNull();

        StoreResult found = resultOf(find("request:R-1"), "billing-reg");
        assertThat(found.status()).isEqualTo(Status.DONE);
        assertThat(found.items())
                .extracting(Item::category)
                .containsExactlyInAnyOrder("customer-contacts", "invoices", "invoices");

        StoreResult erased = resultOf(
                stores.erase(
                        DataHolder.unregistered(List.of(JAN_PHONE)),
                        Erasure.everything("R-1/erase-" + UUID.randomUUID()),
                        "request:R-1"),
                "billing-reg");
        assertThat(erased.status()).isEqualTo(Status.DONE);
        assertThat(erased.affected()).isEqualTo(3);
        assertThat(billing.queryForList("SELECT name FROM customer", String.class))
                .containsExactly("Piet Pieters");
        assertThat(billing.queryForList("SELECT customer_phone FROM invoice ORDER BY id", String.class))
                .containsExactly("anonymised", "anonymised", "+31612345678");
        assertThat(resultOf(find("request:R-1"), "billing-reg").items()).isEmpty();

        // The next version no longer has the billing system: it is gone from every call.
        apply(crmSystem());
        assertThat(registry.systems()).doesNotContainKey("billing-reg").containsKey("crm-reg");
        assertThat(find("request:R-1")).extracting(StoreResult::store).doesNotContain("billing-reg");
    }

    @Test
    void aMissingSecretFailsOnlyThatSystemAndNamesTheSecret() {
        apply(
                billingSystem("billing-reg", PASSWORD_SECRET, "id"),
                billingSystem("billing-nosecret", "WB_TEST_NOT_SET", "id"));
        ConnectorRegistry.Entry failed = registry.entry("billing-nosecret").orElseThrow();
        assertThat(failed.failure()).contains("WB_TEST_NOT_SET", "waarborg.secrets.WB_TEST_NOT_SET");

        List<StoreResult> results = find("request:R-2");
        assertThat(resultOf(results, "billing-nosecret").status()).isEqualTo(Status.FAILED);
        assertThat(resultOf(results, "billing-nosecret").detail()).contains("secret WB_TEST_NOT_SET is not set");
        assertThat(resultOf(results, "billing-reg").status()).isEqualTo(Status.DONE);

        TestApi api = TestApi.withScopes(port, tokens, "subjects:read");
        var list = api.get("/api/v1/connectors").json();
        var view = java.util.stream.StreamSupport.stream(list.spliterator(), false)
                .filter(s -> s.path("name").asString().equals("billing-nosecret"))
                .findFirst()
                .orElseThrow();
        assertThat(view.path("status").asString()).isEqualTo("FAILED");
        assertThat(view.path("failure").asString()).contains("WB_TEST_NOT_SET");
        assertThat(view.path("origin").asString()).isEqualTo("register");
        assertThat(view.path("type").asString()).isEqualTo("sql");

        // Once the secret is given, the next build of the connectors picks it up.
        System.setProperty("waarborg.secrets.WB_TEST_NOT_SET", "x");
        try {
            registry.rebuild();
            assertThat(registry.entry("billing-nosecret").orElseThrow().failure())
                    .isNull();
        } finally {
            System.clearProperty("waarborg.secrets.WB_TEST_NOT_SET");
        }
    }

    @Test
    void connectionTestsCheckTablesAndColumnsAndTheHealthEndpoint() {
        apply(
                billingSystem("billing-reg", PASSWORD_SECRET, "id"),
                billingSystem("billing-wrong", PASSWORD_SECRET, "invoice_no"),
                crmSystem());
        TestApi reader = TestApi.withScopes(port, tokens, "subjects:read");
        TestApi writer = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");

        var ok = writer.post("/api/v1/connectors/billing-reg/test", "{}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().path("ok").asBoolean()).isTrue();

        var wrong = writer.post("/api/v1/connectors/billing-wrong/test", "{}").json();
        assertThat(wrong.path("ok").asBoolean()).isFalse();
        assertThat(wrong.path("detail").asString()).isEqualTo("column invoice.invoice_no not found");

        crm.stubFor(get(urlEqualTo("/privacy/health")).willReturn(aResponse().withStatus(200)));
        var healthy = writer.post("/api/v1/connectors/crm-reg/test", "{}").json();
        assertThat(healthy.path("ok").asBoolean()).isTrue();
        crm.verify(getRequestedFor(urlEqualTo("/privacy/health"))
                .withHeader(
                        "Authorization", equalTo("Bearer " + System.getProperty("waarborg.secrets." + TOKEN_SECRET))));

        crm.stubFor(get(urlEqualTo("/privacy/health")).willReturn(aResponse().withStatus(503)));
        var down = writer.post("/api/v1/connectors/crm-reg/test", "{}").json();
        assertThat(down.path("ok").asBoolean()).isFalse();
        assertThat(down.path("detail").asString()).isEqualTo("GET health answered HTTP 503");

        crm.stubFor(get(urlEqualTo("/privacy/health")).willReturn(aResponse().withFixedDelay(3000)));
        assertThat(writer.post("/api/v1/connectors/crm-reg/test", "{}")
                        .json()
                        .path("detail")
                        .asString())
                .isEqualTo("GET health: no answer within 2000 ms");

        // The list shows the last outcome; testing needs write permission and an existing system.
        var listed = java.util.stream.StreamSupport.stream(
                        reader.get("/api/v1/connectors").json().spliterator(), false)
                .filter(s -> s.path("name").asString().equals("crm-reg"))
                .findFirst()
                .orElseThrow();
        assertThat(listed.path("lastTest").path("ok").asBoolean()).isFalse();
        assertThat(listed.path("categories").get(0).asString()).isEqualTo("support-tickets");
        assertThat(reader.post("/api/v1/connectors/crm-reg/test", "{}").status())
                .isEqualTo(403);
        assertThat(writer.post("/api/v1/connectors/no-such-system/test", "{}").status())
                .isEqualTo(404);
        assertThat(audit.find(new AuditQuery(
                        null, null, AuditAction.UPDATE, "connector", "crm-reg", null, null, null, null, 10)))
                .anySatisfy(e ->
                        assertThat(e.details()).containsEntry("step", "test").containsEntry("status", "FAILED"));
    }

    @Test
    void theRegisterWinsOverPropertiesWithTheSameName() {
        apply(billingSystem("billing-reg", PASSWORD_SECRET, "id"));
        ConnectorSettings manual = new ConnectorSettings(
                "manual",
                "Old",
                null,
                null,
                null,
                Map.of(),
                null,
                null,
                Duration.ofSeconds(10),
                3,
                Duration.ofMillis(500),
                "delete",
                Duration.ofDays(5),
                List.of("invoices"));
        ConnectorRegistry both = new ConnectorRegistry(
                List.of(
                        new ManualConnector("billing-reg", manual, tasks),
                        new ManualConnector("only-props", manual, tasks)),
                Map.of("billing-reg", "Old", "only-props", "Old"),
                registers,
                new RegisterConnectors(environment, tasks));
        assertThat(both.systems()).containsEntry("billing-reg", "sql").containsEntry("only-props", "manual");
        assertThat(both.entry("billing-reg").orElseThrow().replacesProperties()).isTrue();
        assertThat(both.entry("only-props").orElseThrow().origin()).isEqualTo("properties");
    }

    @Test
    void callsDuringRebuildsSeeTheOldSetOrTheNewOneNeverAMix() throws Exception {
        String one = billingSystem("billing-one", PASSWORD_SECRET, "id") + crmSystem();
        String two = billingSystem("billing-two", PASSWORD_SECRET, "id");
        apply(one);
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.Set<java.util.Set<String>> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.List<Throwable> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            while (running.get()) {
                try {
                    java.util.Set<String> names =
                            new java.util.TreeSet<>(registry.systems().keySet());
                    names.removeIf(n -> !n.startsWith("billing-") && !n.equals("crm-reg"));
                    seen.add(names);
                } catch (Throwable t) {
                    problems.add(t);
                }
            }
        });
        reader.start();
        for (int i = 0; i < 6; i++) {
            apply(i % 2 == 0 ? two : one);
        }
        running.set(false);
        reader.join(10_000);
        assertThat(problems).isEmpty();
        assertThat(seen).isNotEmpty();
        assertThat(seen).isSubsetOf(java.util.Set.of("billing-one", "crm-reg"), java.util.Set.of("billing-two"));
    }

    @Test
    void theRegisterKnowsEveryIdentifierKind() {
        assertThat(RegisterReader.IDENTIFIER_KINDS)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(IdentifierKind.values())
                        .map(k -> k.name().toLowerCase(Locale.ROOT))
                        .toList());
    }
}
