package nl.waarborg.traffic.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import nl.waarborg.TestApi;
import nl.waarborg.TestCli;
import nl.waarborg.TestCli.Run;
import nl.waarborg.WaarborgTest;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** {@code ./waarborg ingest cdr} against the running server. */
@WaarborgTest
class CdrCliTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @TempDir
    Path dir;

    Run cli(String... args) {
        TestApi api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        return TestCli.remote(port, api.token(), args);
    }

    @Test
    void streamsAFileAndPrintsTheCountsAndRejectedLines() throws Exception {
        Path file = dir.resolve("calls.jsonl");
        String number = CdrIngestTests.freshMobile();
        Files.writeString(
                file,
                new String(CdrIngestTests.jsonLines(number, 3, UUID.randomUUID() + "-"), StandardCharsets.UTF_8)
                        + "not json\n");
        Run first = cli("ingest", "cdr", "--format", "jsonl", file.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("4 read, 3 added, 0 duplicates, 1 rejected")
                .containsPattern("(?m)^4\\s+.*not a JSON object");

        Run again = cli("ingest", "cdr", "--format", "jsonl", file.toString(), "--json");
        assertThat(again.exit()).isZero();
        JsonNode json = TestApi.JSON.readTree(again.out());
        assertThat(json.path("added").asLong()).isZero();
        assertThat(json.path("duplicates").asLong()).isEqualTo(3);
    }

    @Test
    void failsWithExitOneOnAnUnknownFormatOrMissingFile() {
        Run missing = cli(
                "ingest", "cdr", "--format", "asterisk", dir.resolve("nope.csv").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("Cannot read");
        Path empty = dir.resolve("empty.csv");
        Run bad = cli("ingest", "cdr", "--format", "csv", createEmpty(empty).toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("field: format");
    }

    private static Path createEmpty(Path p) {
        try {
            return Files.writeString(p, "");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
