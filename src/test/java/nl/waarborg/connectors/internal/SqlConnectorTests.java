package nl.waarborg.connectors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import nl.waarborg.TestDatabases;
import nl.waarborg.WaarborgTest;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.connectors.internal.ConnectorSettings.SqlTable;
import nl.waarborg.connectors.internal.SystemResult.Status;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.Identifiers;
import nl.waarborg.subjects.StoreResult;
import nl.waarborg.subjects.StoreResult.Item;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The SQL connector against a second, real PostgreSQL database holding a small billing and ticketing system. */
@WaarborgTest
class SqlConnectorTests {

    @Autowired
    DataSource waarborg;

    @Autowired
    AuditTrail audit;

    JdbcTemplate billing;
    String billingUrl;
    SqlConnector connector;
    ConnectorStore store;

    static final Identifier JAN_PHONE = new Identifier(IdentifierKind.PHONE, "020-123 4567");
    static final Identifier JAN_EMAIL = new Identifier(IdentifierKind.EMAIL, "Jan@Example.NL");

    @BeforeEach
    void createBillingDatabase() throws Exception {
        billingUrl = TestDatabases.create(waarborg, "billing");
        billing = new JdbcTemplate(new DriverManagerDataSource(billingUrl, "postgres", null));
        billing.execute("""
                CREATE TABLE customer (id serial PRIMARY KEY, name text, email text, phone text,
                                       created_at timestamptz NOT NULL);
                CREATE TABLE invoice (id serial PRIMARY KEY, customer_phone text, amount numeric(10,2) NOT NULL,
                                      issued_at timestamptz NOT NULL);
                CREATE TABLE ticket (id serial PRIMARY KEY, reporter_email text, reporter_phone text, subject text,
                                     body text, opened_at timestamptz NOT NULL);
                INSERT INTO customer (name, email, phone, created_at) VALUES
                    ('Jan Jansen', 'jan@example.nl', '+31201234567', '2019-03-01T10:00:00Z'),
                    ('Piet Pieters', 'piet@example.nl', '+31612345678', '2020-05-01T10:00:00Z');
                INSERT INTO invoice (customer_phone, amount, issued_at) VALUES
                    ('+31201234567', 12.50, '2017-01-31T00:00:00Z'),
                    ('+31201234567', 14.00, '2025-01-31T00:00:00Z'),
                    ('+31612345678', 9.99, '2017-02-28T00:00:00Z');
                INSERT INTO ticket (reporter_email, reporter_phone, subject, body, opened_at) VALUES
                    ('jan@example.nl', NULL, 'Storing', 'Mijn lijn is dood, bel 020 1234567', '2024-06-01T09:00:00Z'),
                    ('piet@example.nl', '+31612345678', 'Factuur', 'Vraag over factuur', '2024-07-01T09:00:00Z');
                """);
        connector = new SqlConnector("billing", settings());
        store = ConnectorStore.of(connector);
    }

    ConnectorSettings settings() {
        return new ConnectorSettings(
                "sql",
                "Billing and ticketing",
                billingUrl,
                "postgres",
                null,
                Map.of(
                        "customers",
                        new SqlTable(
                                "customer",
                                "customer-contact",
                                Map.of("phone", "phone", "email", "email"),
                                "id",
                                "created_at",
                                "delete",
                                Map.of(),
                                List.of()),
                        "invoices",
                        new SqlTable(
                                "invoice",
                                "billing",
                                Map.of("phone", "customer_phone"),
                                "id",
                                "issued_at",
                                "anonymise",
                                Map.of("customer_phone", "anonymised"),
                                List.of()),
                        "tickets",
                        new SqlTable(
                                "public.ticket",
                                "support-ticket",
                                Map.of("email", "reporter_email", "phone", "reporter_phone"),
                                "id",
                                "opened_at",
                                "anonymise",
                                Map.of("reporter_email", "null", "reporter_phone", "null", "body", "[verwijderd]"),
                                List.of("id", "subject", "body", "opened_at"))),
                null,
                null,
                Duration.ofSeconds(10),
                3,
                Duration.ofMillis(500),
                "delete",
                Duration.ofDays(7),
                List.of());
    }

    @Test
    void findsThePersonInEveryMappedTableByNormalisedIdentifiers() {
        StoreResult billingResult = store.find(jan());
        assertThat(billingResult.status()).isEqualTo(StoreResult.Status.DONE);
        assertThat(billingResult.items())
                .extracting(Item::category)
                .containsExactlyInAnyOrder("customer-contact", "billing", "billing", "support-ticket");
        assertThat(billingResult.holdings())
                .extracting(StoreResult.Holding::category, StoreResult.Holding::count)
                .contains(org.assertj.core.groups.Tuple.tuple("billing", 2L));
        Item customer = billingResult.items().stream()
                .filter(r -> r.category().equals("customer-contact"))
                .findFirst()
                .orElseThrow();
        assertThat(customer.location()).isEqualTo("billing:customer");
        assertThat(customer.key()).isEqualTo("1");
        assertThat(customer.timestamp()).isEqualTo(Instant.parse("2019-03-01T10:00:00Z"));
        assertThat(customer.data()).isEmpty();
    }

    @Test
    void exportsTheConfiguredColumns() {
        List<Item> items = new java.util.ArrayList<>();
        store.export(DataHolder.unregistered(List.of(JAN_EMAIL)), nl.waarborg.subjects.Window.all(), items::add);
        Item ticket = items.stream()
                .filter(r -> r.category().equals("support-ticket"))
                .findFirst()
                .orElseThrow();
        assertThat(ticket.data()).containsOnlyKeys("id", "subject", "body", "opened_at");
        assertThat(ticket.data()).containsEntry("subject", "Storing");
        Item customer = items.stream()
                .filter(r -> r.category().equals("customer-contact"))
                .findFirst()
                .orElseThrow();
        assertThat(customer.data()).containsEntry("name", "Jan Jansen").containsEntry("phone", "+31201234567");
    }

    @Test
    void erasesByDeletingOrAnonymisingPerTableAndOnlyOnce() {
        SystemResult result = connector.erase(jan().identifiers(), Set.of(), "R-1/erase");
        assertThat(result.status()).isEqualTo(Status.DONE);
        assertThat(result.affected()).isEqualTo(4);

        assertThat(billing.queryForList("SELECT name FROM customer", String.class))
                .containsExactly("Piet Pieters");
        // Invoices stay for the fiscal seven years, without the person.
        assertThat(billing.queryForList("SELECT customer_phone FROM invoice ORDER BY id", String.class))
                .containsExactly("anonymised", "anonymised", "+31612345678");
        assertThat(billing.queryForList("SELECT amount FROM invoice ORDER BY id", java.math.BigDecimal.class))
                .hasSize(3);
        assertThat(billing.queryForMap("SELECT reporter_email, body FROM ticket WHERE id = 1"))
                .containsEntry("reporter_email", null)
                .containsEntry("body", "[verwijderd]");
        assertThat(billing.queryForObject("SELECT body FROM ticket WHERE id = 2", String.class))
                .isEqualTo("Vraag over factuur");

        SystemResult again = connector.erase(jan().identifiers(), Set.of(), "R-1/erase");
        assertThat(again.affected()).isZero();
        assertThat(store.find(jan()).items()).isEmpty();
    }

    @Test
    void expiresOnlyTheCategorysRecordsBeforeTheCutoff() {
        SystemResult dry =
                connector.expire("billing", Instant.parse("2018-01-01T00:00:00Z"), Set.of(), "retention-run-1", true);
        assertThat(dry.affected()).isEqualTo(2);
        assertThat(billing.queryForList("SELECT customer_phone FROM invoice ORDER BY id", String.class))
                .as("a dry run changes nothing")
                .containsExactly("+31201234567", "+31201234567", "+31612345678");
        SystemResult result =
                connector.expire("billing", Instant.parse("2018-01-01T00:00:00Z"), Set.of(), "retention-run-1", false);
        assertThat(result.affected()).isEqualTo(2);
        assertThat(billing.queryForList("SELECT customer_phone FROM invoice ORDER BY id", String.class))
                .containsExactly("anonymised", "+31201234567", "anonymised");
        assertThat(billing.queryForObject("SELECT count(*) FROM customer", Long.class))
                .isEqualTo(2);

        SystemResult customers = connector.expire(
                "customer-contact", Instant.parse("2020-01-01T00:00:00Z"), Set.of(), "retention-run-2", false);
        assertThat(customers.affected()).isEqualTo(1);
        assertThat(billing.queryForList("SELECT name FROM customer", String.class))
                .containsExactly("Piet Pieters");
        assertThat(connector
                        .expire("no-such-category", Instant.now(), Set.of(), "retention-run-3", false)
                        .affected())
                .isZero();
    }

    @Test
    void anExpiryLeavesTheHeldIdentifiersRecordsAlone() {
        // An old invoice without a phone number is held by no one: it goes too.
        billing.update("INSERT INTO invoice (customer_phone, amount, issued_at) VALUES (NULL, 1.00, '2016-06-30')");
        // Piet's old invoice is under a legal hold: only Jan's goes.
        SystemResult result = connector.expire(
                "billing",
                Instant.parse("2018-01-01T00:00:00Z"),
                Set.of(Identifiers.normalise(IdentifierKind.PHONE, "06 1234 5678")),
                "retention-run-4",
                false);
        assertThat(result.affected()).isEqualTo(2);
        assertThat(billing.queryForList("SELECT customer_phone FROM invoice ORDER BY id", String.class))
                .containsExactly("anonymised", "+31201234567", "+31612345678", "anonymised");
    }

    @Test
    void anErasureKeepsTheCategoriesItIsToldToKeep() {
        SystemResult result = connector.erase(jan().identifiers(), Set.of("billing"), "R-2/erase");
        assertThat(result.affected()).isEqualTo(2);
        assertThat(billing.queryForList("SELECT customer_phone FROM invoice ORDER BY id", String.class))
                .as("the invoices are kept under the fiscal duty")
                .containsExactly("+31201234567", "+31201234567", "+31612345678");
    }

    DataHolder jan() {
        return DataHolder.unregistered(List.of(JAN_PHONE, JAN_EMAIL));
    }

    @Test
    void aBrokenDatabaseConnectionFailsWithoutQuotingData() {
        ConnectorSettings s = settings();
        ConnectorSettings wrong = new ConnectorSettings(
                "sql",
                null,
                billingUrl + "_missing",
                "postgres",
                null,
                s.tables(),
                null,
                null,
                s.timeout(),
                1,
                s.backoff(),
                "delete",
                s.due(),
                List.of());
        StoreResult result =
                ConnectorStore.of(new SqlConnector("billing", wrong)).find(DataHolder.unregistered(List.of(JAN_PHONE)));
        assertThat(result.status()).isEqualTo(StoreResult.Status.FAILED);
        assertThat(result.detail())
                .startsWith("billing: search failed (SQLState")
                .doesNotContain("31201234567");
    }

    @Test
    void refusesConfigurationWithSqlInNames() {
        SqlTable evil = new SqlTable(
                "customer; DROP TABLE invoice",
                "x",
                Map.of("phone", "phone"),
                null,
                null,
                "delete",
                Map.of(),
                List.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new SqlConnector("billing", new DriverManagerDataSource(billingUrl), Map.of("t", evil)))
                .hasMessageContaining("waarborg.connectors.billing.tables.t.table must be a plain SQL name");
    }
}
