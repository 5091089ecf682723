package nl.waarborg.connectors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.connectors.internal.SystemResult.Status;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.security.Permission;
import nl.waarborg.security.Role;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.Erasure;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.StoreResult;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import tools.jackson.databind.JsonNode;

/** The manual connector's staff tasks, from creation to a recorded outcome, over the real API. */
@WaarborgTest
class ManualConnectorTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    ManualTasks tasks;

    @Autowired
    AuditTrail audit;

    @Autowired
    ConnectorRegistry registry;

    ManualConnector accounting(String erase) {
        return new ManualConnector(
                "accounting-" + System.nanoTime(),
                new ConnectorSettings(
                        "manual",
                        "Accounting package",
                        null,
                        null,
                        null,
                        Map.of(),
                        null,
                        null,
                        Duration.ofSeconds(10),
                        3,
                        Duration.ofMillis(500),
                        erase,
                        Duration.ofDays(5),
                        List.of("invoices")),
                tasks);
    }

    @Test
    void erasureBecomesATaskWithDueDateThatStaffComplete() {
        ManualConnector connector = accounting("delete");
        StoreResult result = ConnectorStore.of(connector)
                .erase(
                        DataHolder.unregistered(List.of(new Identifier(IdentifierKind.EMAIL, "Jan@Example.NL"))),
                        Erasure.everything("R-5/erase"));
        assertThat(result.status()).isEqualTo(StoreResult.Status.PENDING);
        assertThat(result.reference()).startsWith("task:");
        String id = result.reference().substring("task:".length());

        TestApi agent = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        JsonNode task = agent.get("/api/v1/connectors/tasks/" + id).json();
        assertThat(task.path("status").asString()).isEqualTo("OPEN");
        assertThat(task.path("action").asString()).isEqualTo("ERASE");
        assertThat(task.path("identifiers").get(0).path("value").asString()).isEqualTo("jan@example.nl");
        assertThat(task.path("instructions").asString())
                .contains(connector.system())
                .contains("Verwijder");
        Instant created = Instant.parse(task.path("createdAt").asString());
        Instant due = Instant.parse(task.path("dueAt").asString());
        assertThat(Duration.between(created, due)).isEqualTo(Duration.ofDays(5));

        JsonNode open =
                agent.get("/api/v1/connectors/tasks?status=OPEN&limit=1000").json();
        assertThat(open.findValuesAsString("id")).contains(id);

        TestApi.Response done = agent.post(
                "/api/v1/connectors/tasks/" + id + "/complete",
                "{\"result\":\"DONE\",\"outcome\":\"Debtor 1043 deleted\",\"evidence\":\"ticket ACC-88\"}");
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.json().path("status").asString()).isEqualTo("DONE");
        assertThat(done.json().path("evidence").asString()).isEqualTo("ticket ACC-88");
        assertThat(done.json().path("completedBy").asString()).startsWith("API_TOKEN:");
        assertThat(done.json().path("completedAt").isNull()).isFalse();

        TestApi.Response twice = agent.post(
                "/api/v1/connectors/tasks/" + id + "/complete", "{\"result\":\"DONE\",\"outcome\":\"again\"}");
        assertThat(twice.status()).isEqualTo(409);
    }

    @Test
    void theSameOperationGivesStaffOneTask() {
        ManualConnector connector = accounting("anonymise");
        Set<Identifier> jan = Set.of(new Identifier(IdentifierKind.PHONE, "+31201234567"));
        SystemResult first = connector.erase(jan, Set.of(), "R-6/erase");
        SystemResult again = connector.erase(jan, Set.of(), "R-6/erase");
        assertThat(again.reference()).isEqualTo(first.reference());
        JsonNode task = TestApi.withScopes(port, tokens, "subjects:read")
                .get("/api/v1/connectors/tasks/" + first.reference().substring(5))
                .json();
        assertThat(task.path("action").asString()).isEqualTo("ANONYMISE");
        assertThat(connector
                        .expire("invoices", Instant.parse("2019-01-01T00:00:00Z"), Set.of(), "run-1", false)
                        .status())
                .isEqualTo(Status.PENDING);
        assertThat(connector.holds("invoices")).isTrue();
        assertThat(connector.holds("tickets")).isFalse();
    }

    @Test
    void aSearchRepeatedBeforeStaffAnswerReusesTheOpenTask() {
        ManualConnector connector = accounting("delete");
        Set<Identifier> jan = Set.of(
                new Identifier(IdentifierKind.PHONE, "+31201234567"),
                new Identifier(IdentifierKind.EMAIL, "jan@example.nl"));
        SystemResult first = connector.find(jan);
        SystemResult again = connector.find(jan);
        assertThat(again.reference()).isEqualTo(first.reference());
        assertThat(connector.export(jan).reference()).isNotEqualTo(first.reference());
        assertThat(connector
                        .find(Set.of(new Identifier(IdentifierKind.PHONE, "+31201234567")))
                        .reference())
                .isNotEqualTo(first.reference());

        tasks.complete(
                java.util.UUID.fromString(first.reference().substring(5)), "NOT_FOUND", "not in the books", null);
        assertThat(connector.find(jan).reference()).isNotEqualTo(first.reference());
    }

    @Test
    void completionNeedsAnOutcomeAndAWritePermission() {
        SystemResult result = accounting("delete").find(Set.of(new Identifier(IdentifierKind.PHONE, "+31201234567")));
        String id = result.reference().substring(5);
        TestApi auditor = TestApi.withScopes(
                port,
                tokens,
                Role.AUDITOR.permissions().stream().map(Permission::authority).toArray(String[]::new));
        assertThat(auditor.get("/api/v1/connectors/tasks/" + id).status()).isEqualTo(200);
        assertThat(auditor.post("/api/v1/connectors/tasks/" + id + "/complete", "{\"outcome\":\"x\"}")
                        .status())
                .isEqualTo(403);
        TestApi agent = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        TestApi.Response empty = agent.post("/api/v1/connectors/tasks/" + id + "/complete", "{\"result\":\"DONE\"}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().path("field").asString()).isEqualTo("outcome");
        assertThat(agent.get("/api/v1/connectors/tasks?status=WHATEVER").status())
                .isEqualTo(400);
    }

    @Test
    void connectorsComeFromProperties() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources()
                .addFirst(new MapPropertySource(
                        "test",
                        Map.of(
                                "waarborg.connectors.accounting.type", "manual",
                                "waarborg.connectors.accounting.due", "3d",
                                "waarborg.connectors.accounting.categories", "invoices,debtors",
                                "waarborg.connectors.crm.type", "http",
                                "waarborg.connectors.crm.base-url", "http://127.0.0.1:9/privacy",
                                "waarborg.connectors.crm.max-attempts", "2")));
        ConnectorRegistry configured = new ConnectorConfiguration().connectorRegistry(env, tasks, null);
        assertThat(configured.systems()).containsExactly(Map.entry("accounting", "manual"), Map.entry("crm", "http"));

        env.getPropertySources()
                .addFirst(new MapPropertySource("bad", Map.of("waarborg.connectors.broken.type", "ftp")));
        assertThatThrownBy(() -> new ConnectorConfiguration().connectorRegistry(env, tasks, null))
                .hasMessage("waarborg.connectors.broken.type must be sql, http or manual");
        // The application itself runs with no connectors configured as properties.
        assertThat(registry.entries().stream().filter(e -> e.registerVersion() == null))
                .isEmpty();
    }

    @Autowired
    nl.waarborg.subjects.DataStores stores;

    @Autowired
    nl.waarborg.register.internal.RegisterEditor editor;

    @Autowired
    nl.waarborg.register.Registers registers;

    @Autowired
    org.springframework.context.ConfigurableApplicationContext context;

    @Autowired
    javax.sql.DataSource dataSource;

    @Test
    void completingATaskFinishesTheWaitingOperationAndTellsWhoWaits() {
        String system = "kassa-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        List<nl.waarborg.connectors.ConnectorTaskCompleted> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        context.addApplicationListener((org.springframework.context.ApplicationListener<
                        org.springframework.context.PayloadApplicationEvent<
                                nl.waarborg.connectors.ConnectorTaskCompleted>>)
                e -> heard.add(e.getPayload()));
        try {
            nl.waarborg.TestRegisters.apply(
                    editor,
                    registers,
                    nl.waarborg.TestRegisters.template() + """

                            systems:
                              - key: %s
                                name: Kassasysteem
                                type: manual
                                categories: [invoices]
                            """.formatted(system),
                    "manual system for a task");
            String operation = "R-11/erase-" + system;
            DataHolder holder =
                    DataHolder.unregistered(List.of(new Identifier(IdentifierKind.EMAIL, "kassa@example.nl")));
            StoreResult pending = stores.erase(holder, Erasure.everything(operation), "request:R-11").stream()
                    .filter(r -> r.store().equals(system))
                    .findFirst()
                    .orElseThrow();
            assertThat(pending.status()).isEqualTo(StoreResult.Status.PENDING);
            java.util.UUID task = java.util.UUID.fromString(pending.reference().substring("task:".length()));

            tasks.complete(task, "DONE", "Klant 77 verwijderd", "ticket KAS-3");
            var jdbc = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
            assertThat(jdbc.queryForObject(
                            "SELECT status FROM store_operation WHERE operation_id = ? AND store = ?",
                            String.class,
                            operation,
                            system))
                    .isEqualTo("DONE");
            assertThat(heard)
                    .containsExactly(new nl.waarborg.connectors.ConnectorTaskCompleted(
                            task, system, "ERASE", operation, "DONE"));
            // Asked again, the finished operation is answered from the ledger: no second task for staff.
            assertThat(stores.erase(holder, Erasure.everything(operation), "request:R-11").stream()
                            .filter(r -> r.store().equals(system))
                            .findFirst()
                            .orElseThrow()
                            .status())
                    .isEqualTo(StoreResult.Status.DONE);
        } finally {
            nl.waarborg.TestRegisters.templateInForce(editor, registers);
        }
    }

    @Test
    void anOperationAskedAgainAfterStaffCouldNotDoItReopensItsTask() {
        ManualConnector connector = accounting("delete");
        Set<Identifier> jan = Set.of(new Identifier(IdentifierKind.PHONE, "+31201234567"));
        SystemResult first = connector.erase(jan, Set.of(), "R-12/erase");
        java.util.UUID id = java.util.UUID.fromString(first.reference().substring(5));
        tasks.complete(id, "FAILED", "the accounting package was down", null);
        SystemResult again = connector.erase(jan, Set.of(), "R-12/erase");
        assertThat(again.reference()).isEqualTo(first.reference());
        assertThat(tasks.get(id).status()).isEqualTo("OPEN");
        assertThat(tasks.get(id).outcome()).isNull();
    }
}
