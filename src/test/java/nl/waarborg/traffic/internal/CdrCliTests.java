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
                .contains("calls.jsonl (jsonl): 4 read, 3 added, 0 duplicates, 1 rejected")
                .containsPattern("(?m)^4\\s+.*not a JSON object");

        Run again = cli("ingest", "cdr", "--format", "jsonl", file.toString(), "--json");
        assertThat(again.exit()).isZero();
        JsonNode json = TestApi.JSON.readTree(again.out());
        assertThat(json.path("added").asLong()).isZero();
        assertThat(json.path("duplicates").asLong()).isEqualTo(3);
    }

    @Test
    void namesTheVariantReadAndExitsOneWhenEveryRecordIsRejected() throws Exception {
        String number = CdrIngestTests.freshMobile();
        Path good = Files.writeString(
                dir.resolve("Master.csv"), CdrIngestTests.asteriskLine(number, "2026-11-18 10:00:00") + "\n");
        Run fine = cli("ingest", "cdr", "--format", "asterisk", good.toString());
        assertThat(fine.exit()).as(fine.err()).isZero();
        assertThat(fine.out()).contains("Master.csv (asterisk-cdr_csv): 1 read, 1 added, 0 duplicates, 0 rejected.");

        // Every record rejected: exit 1 and says so; before, it printed "()" for the variant and exited 0.
        Path bad = Files.writeString(dir.resolve("bad.csv"), "\"only\",\"three\",\"fields\"\n\"a\",\"b\"\n");
        Run rejected = cli("ingest", "cdr", "--format", "asterisk", bad.toString());
        assertThat(rejected.exit()).isEqualTo(1);
        assertThat(rejected.out())
                .contains("bad.csv (asterisk): 2 read, 0 added, 0 duplicates, 2 rejected.")
                .containsPattern("(?m)^1\\s+expected 16 to 21 fields \\(asterisk-cdr_csv\\) or 19"
                        + " \\(asterisk-cdr_custom\\), found 3$")
                .doesNotContain("()");
        assertThat(rejected.err()).contains("Nothing was imported: all 2 records were rejected.");

        Run json = cli("ingest", "cdr", "--format", "asterisk", bad.toString(), "--json");
        assertThat(json.exit()).isEqualTo(1);
        JsonNode answer = TestApi.JSON.readTree(json.out());
        assertThat(answer.path("outcome").asString()).isEqualTo("REJECTED");
        assertThat(answer.path("added").asLong()).isZero();
    }

    @Test
    void anUnknownFormatIsAUsageErrorAndAMissingFileAFailure() {
        Run missing = cli(
                "ingest", "cdr", "--format", "asterisk", dir.resolve("nope.csv").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("Cannot read");
        Path empty = dir.resolve("empty.csv");
        Run bad = cli("ingest", "cdr", "--format", "csv", createEmpty(empty).toString());
        assertThat(bad.exit())
                .as("a format the server does not know is a usage error")
                .isEqualTo(2);
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
