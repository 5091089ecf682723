package nl.waarborg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.security.SecurityProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The command line against a real server: credentials, output, --json and exit codes. */
@WaarborgTest
class CliTests {

    @Autowired
    ApiTokens tokens;

    @Autowired
    SecurityProperties security;

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    record Result(int exit, String out, String err) {}

    Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = WaarborgCli.run(
                args,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Map<String, String> remote(String... scopes) {
        return Map.of(
                "WAARBORG_URL",
                "http://localhost:" + port,
                "WAARBORG_TOKEN",
                TestApi.withScopes(port, tokens, scopes).token());
    }

    @Test
    void findsTheLocalServerThroughTheOwnerOnlyTokenFile(@TempDir Path dataDir) throws Exception {
        Path written = Path.of(security.cliTokenFile());
        assertThat(Files.getPosixFilePermissions(written))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        Files.copy(written, dataDir.resolve("cli-token"));

        Result result = run(Map.of("WAARBORG_DATA_DIR", dataDir.toString()), "audit", "verify");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("Audit trail intact");
    }

    @Test
    void explainsMissingCredentials(@TempDir Path empty) {
        Result result = run(Map.of("WAARBORG_DATA_DIR", empty.toString()), "audit", "verify");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("WAARBORG_URL").contains("waarborg serve");
    }

    @Test
    void helpListsTheCommandsAndBadUsageExitsWithTwo() {
        Result help = run(Map.of(), "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("serve", "admin", "audit", "status");
        assertThat(run(Map.of(), "admin", "create-user", "--help").out()).contains("--role");
        assertThat(run(Map.of(), "no-such-command").exit()).isEqualTo(2);
        assertThat(run(Map.of(), "admin", "create-user", "--username", "x").exit())
                .isEqualTo(2);
        assertThat(run(Map.of()).exit()).isEqualTo(2);
    }

    @Test
    void createsAUserAndReportsAsTextOrJson() {
        Map<String, String> env = remote("admin:read", "admin:write");
        Result created =
                run(env, "admin", "create-user", "--username", "cli.user", "--name", "Cli User", "--role", "AGENT");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("/console/setup?token=");

        Result duplicate =
                run(env, "admin", "create-user", "--username", "cli.user", "--name", "Cli User", "--role", "AGENT");
        assertThat(duplicate.exit()).isEqualTo(1);
        assertThat(duplicate.err()).contains("already exists").contains("username");

        Result json = run(env, "admin", "users", "--json");
        assertThat(json.exit()).isZero();
        assertThat(TestApi.JSON.readTree(json.out()).isArray()).isTrue();
        assertThat(json.out()).contains("\"username\" : \"cli.user\"");

        Result badRole =
                run(env, "admin", "create-user", "--username", "x.y", "--name", "X", "--role", "KING", "--json");
        assertThat(badRole.exit()).as("a usage error").isEqualTo(2);
        assertThat(badRole.err()).contains("unknown role");

        Result badName =
                run(env, "admin", "create-user", "--username", "x y!", "--name", "X", "--role", "AGENT", "--json");
        assertThat(badName.exit()).as("the server's 400 is a usage error too").isEqualTo(2);
        assertThat(badName.out()).contains("urn:waarborg:problem:invalid-input");
    }

    @Test
    void tokensAreShownOnceAndRevocable() {
        Map<String, String> env = remote("admin:read", "admin:write");
        Result created = run(env, "admin", "create-token", "--name", "billing", "--scope", "subjects:read", "--json");
        assertThat(created.exit()).isZero();
        var issued = TestApi.JSON.readTree(created.out());
        String secret = issued.path("secret").asString();
        assertThat(secret).startsWith("wbt_");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM api_token WHERE token_hash = ?", Long.class, secret))
                .as("only a fingerprint is stored")
                .isZero();

        Result listed = run(env, "admin", "tokens");
        assertThat(listed.out()).contains("billing").doesNotContain(secret);

        String id = issued.path("token").path("id").asString();
        assertThat(run(env, "admin", "revoke-token", id).exit()).isZero();
        assertThat(new TestApi(port, secret).get("/api/v1/admin/users").status())
                .isEqualTo(401);
    }

    @Test
    void auditVerifyFailsWithExitOneOnATamperedChain() {
        Map<String, String> env = remote("audit:read", "admin:write", "admin:read");
        run(env, "admin", "create-user", "--username", "chain.check", "--name", "Chain", "--role", "AUDITOR");
        assertThat(run(env, "audit", "verify").exit()).isZero();

        long last = jdbc.queryForObject("SELECT max(id) FROM audit_entry", Long.class);
        jdbc.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update_delete");
        try {
            jdbc.update("UPDATE audit_entry SET action = 'DELETE' WHERE id = ?", last);
            Result broken = run(env, "audit", "verify");
            assertThat(broken.exit()).isEqualTo(1);
            assertThat(broken.out()).contains("BROKEN at entry " + last);
            Result json = run(env, "audit", "verify", "--json");
            assertThat(TestApi.JSON.readTree(json.out()).path("firstBrokenId").asLong())
                    .isEqualTo(last);
        } finally {
            jdbc.update("UPDATE audit_entry SET action = 'CREATE' WHERE id = ?", last);
            jdbc.execute("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update_delete");
        }
        assertThat(run(env, "audit", "verify").exit()).isZero();
    }

    @Test
    void reportsAnUnreachableServerInOneLine() {
        Result result = run(Map.of("WAARBORG_URL", "http://localhost:1", "WAARBORG_TOKEN", "wbt_x"), "status");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(result.err()).contains("Cannot reach the Waarborg server at http://localhost:1");
    }

    @Test
    void auditLogListsEntries() {
        Map<String, String> env = remote("audit:read");
        Result log = run(env, "audit", "log", "--limit", "3");
        assertThat(log.exit()).isZero();
        assertThat(log.out()).startsWith("ID");
        assertThat(log.out().lines().count())
                .as("header and up to three entries")
                .isBetween(2L, 4L);
    }
}
