package nl.waarborg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import nl.waarborg.TestApi;
import nl.waarborg.TestCli;
import nl.waarborg.TestCli.Run;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.DataStores;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code ./waarborg connectors list|test|tasks} against a real server with a system from the register. */
@WaarborgTest
class ConnectorsCommandTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    RegisterEditor editor;

    @Autowired
    DataStores stores;

    Run run(String token, String... args) {
        return TestCli.remote(port, token, args);
    }

    static String template() {
        try (InputStream in = ConnectorsCommandTests.class.getResourceAsStream("/register/templates/telecom-nl.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void withoutSystems() {
        editor.apply(template(), "without test systems", null);
    }

    @Test
    void listsTestsAndShowsTasks() {
        String system = "portal-" + UUID.randomUUID().toString().substring(0, 8);
        int version = editor.apply(template() + """

                                systems:
                                  - key: %s
                                    name: Leveranciersportaal
                                    type: manual
                                    categories: [support-tickets]
                                  - key: %s-sql
                                    name: Kapotte database
                                    type: sql
                                    categories: [invoices]
                                    url: jdbc:postgresql://127.0.0.1:9/none
                                    password: {secret: WB_CLI_TEST_UNSET}
                                    tables:
                                      invoices: {table: invoice, category: invoices, identity: {phone: phone}}
                                """.formatted(system, system), "cli systems", null)
                .version()
                .number();
        stores.find(
                DataHolder.unregistered(List.of(new Identifier(IdentifierKind.EMAIL, "cli.taak@example.nl"))),
                DataStores.ALL,
                "request:R-CLI");
        String token = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write")
                .token();

        Run list = run(token, "connectors", "list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out())
                .containsPattern(
                        system + "\\s+manual\\s+support-tickets\\s+register v" + version + "\\s+READY\\s+never")
                .containsPattern(system + "-sql\\s+sql\\s+invoices\\s+register v" + version + "\\s+FAILED")
                .contains("\n" + system + "-sql: secret WB_CLI_TEST_UNSET is not set");

        Run test = run(token, "connectors", "test", system);
        assertThat(test.exit()).as(test.err()).isZero();
        assertThat(test.out()).contains(system + ": ok");
        Run failed = run(token, "connectors", "test", system + "-sql");
        assertThat(failed.exit()).isEqualTo(WaarborgCli.FAILED);
        assertThat(failed.out()).contains("FAILED", "WB_CLI_TEST_UNSET");
        Run missing = run(token, "connectors", "test", "no-such-system");
        assertThat(missing.exit()).isEqualTo(WaarborgCli.FAILED);

        Run tasks = run(token, "connectors", "tasks");
        assertThat(tasks.exit()).isZero();
        assertThat(tasks.out())
                .containsPattern(system + "\\s+FIND\\s+\\S+\\s+OPEN")
                .doesNotContain("cli.taak@example.nl");

        Run json = run(token, "connectors", "list", "--json");
        assertThat(TestApi.JSON.readTree(json.out()).isArray()).isTrue();
    }
}
