package nl.waarborg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import nl.waarborg.TestApi;
import nl.waarborg.TestCli;
import nl.waarborg.WaarborgTest;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code waarborg --version}: this copy's version and commit, its PostgreSQL, and what a running server uses. */
@WaarborgTest
class VersionTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Test
    void printsTheBuildThePostgresAndTheServersOwn() {
        TestCli.Run alone = TestCli.run(Map.of("WAARBORG_DATA_DIR", "target/no-such-folder"), "--version");
        assertThat(alone.exit()).isZero();
        assertThat(alone.out())
                .containsPattern("^Waarborg \\d+\\.\\d+\\.\\d+\\S* \\(commit [0-9a-f]{7}")
                .contains("PostgreSQL 17.5.0 embedded")
                .contains("Server: none started from this data folder");

        String token = TestApi.withScopes(port, tokens, "system:read").token();
        TestCli.Run withServer = TestCli.remote(port, token, "--version");
        assertThat(withServer.exit()).isZero();
        assertThat(withServer.out())
                .containsPattern("Server at http://localhost:" + port + ": Waarborg \\S+ \\(commit [0-9a-f]{7}\\S*\\),"
                        + " PostgreSQL 17\\.\\d+ embedded");

        TestCli.Run away = TestCli.run(Map.of("WAARBORG_URL", "http://127.0.0.1:1", "WAARBORG_TOKEN", "x"), "-V");
        assertThat(away.exit()).as("the version needs no server").isZero();
        assertThat(away.out()).contains("Server at http://127.0.0.1:1: not reached");

        // A mistyped address is said so, by every command, not an "unexpected error".
        Map<String, String> typo = Map.of("WAARBORG_URL", "not a url", "WAARBORG_TOKEN", "x");
        assertThat(TestCli.run(typo, "--version").out()).contains("is not a valid address");
        TestCli.Run status = TestCli.run(typo, "status");
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.err()).contains("WAARBORG_URL").contains("is not a valid address");
        TestCli.Run ftp = TestCli.run(Map.of("WAARBORG_URL", "ftp://example.nl", "WAARBORG_TOKEN", "x"), "status");
        assertThat(ftp.err()).contains("is not an http or https address");
    }
}
