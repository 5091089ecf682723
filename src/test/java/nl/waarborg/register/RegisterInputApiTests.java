package nl.waarborg.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import nl.waarborg.TestApi;
import nl.waarborg.TestCli;
import nl.waarborg.WaarborgTest;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Register files that used to break the server or slip through it, over the API and through the CLI: a 400 with line,
 * column and reason, or the CLI's exit code 1 with FILE:LINE:COLUMN, and nothing applied.
 */
@WaarborgTest
class RegisterInputApiTests {

    static final String API = "/api/v1/register";
    static final String TEMPLATE = RegisterFixtures.load(RegisterFixtures.TEMPLATE);

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    Registers registers;

    @TempDir
    Path dir;

    TestApi officer;

    @BeforeEach
    void setUp() {
        officer = TestApi.withScopes(port, tokens, "register:read", "register:write");
    }

    TestCli.Run cli(String... args) {
        return TestCli.remote(port, officer.token(), args);
    }

    TestCli.Run cli(Map<String, String> extra, String... args) {
        Map<String, String> env = new java.util.HashMap<>(extra);
        env.put("WAARBORG_URL", officer.baseUrl());
        env.put("WAARBORG_TOKEN", officer.token());
        return TestCli.run(env, args);
    }

    int current() {
        return registers.current().map(RegisterVersion::number).orElse(0);
    }

    static JsonNode firstError(TestApi.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("type").asString()).isEqualTo("urn:waarborg:problem:invalid-register");
        return response.json().path("errors").get(0);
    }

    /** The template with bytes 0xFF 0xFE in the company name, as in issue 14. */
    static byte[] withInvalidUtf8() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        int at = TEMPLATE.indexOf("Voorbeeld Telecom B.V.") + "Voorbeeld ".length();
        file.writeBytes(TEMPLATE.substring(0, at).getBytes(StandardCharsets.UTF_8));
        file.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE, ' '});
        file.writeBytes(TEMPLATE.substring(at).getBytes(StandardCharsets.UTF_8));
        return file.toByteArray();
    }

    /** Where the invalid bytes start, counted in bytes: the template's header has multi-byte characters. */
    static int invalidOffset() {
        int at = TEMPLATE.indexOf("Voorbeeld Telecom B.V.") + "Voorbeeld ".length();
        return TEMPLATE.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void deepNestingIsA400WithPositionNotA500() {
        byte[] deep = "[".repeat(20_000).getBytes(StandardCharsets.UTF_8);
        for (String path : new String[] {API + "/check", API}) {
            JsonNode error = firstError(officer.post(path, "application/yaml", deep));
            assertThat(error.path("line").asInt()).isEqualTo(1);
            assertThat(error.path("column").asInt()).isEqualTo(51);
            assertThat(error.path("reason").asString()).contains("nested more than 50 levels deep");
        }
    }

    @Test
    void anAliasBombIsRefusedSayingWhy() {
        StringBuilder bomb = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            bomb.append(String.join(",", java.util.Collections.nCopies(9, "*" + (char) (c - 1))));
            bomb.append("]\n");
        }
        JsonNode error = firstError(
                officer.post(API + "/check", "application/yaml", bomb.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(error.path("reason").asString()).contains("more than 10 aliases");
        assertThat(error.path("line").asInt()).isEqualTo(3);
    }

    @Test
    void invalidUtf8IsRefusedWithTheByteOffsetAndNothingIsApplied() {
        int before = current();
        byte[] file = withInvalidUtf8();
        int offset = invalidOffset();
        for (String path : new String[] {API, API + "/check"}) {
            JsonNode error = firstError(officer.post(path, "application/yaml", file));
            assertThat(error.path("reason").asString()).contains("byte 0xFF at byte offset " + offset);
            assertThat(error.path("line").asInt()).isEqualTo(RegisterFormatTests.lineOf(TEMPLATE, "legalName:"));
        }
        assertThat(current()).isEqualTo(before);
        assertThat(registers
                        .current()
                        .map(v -> v.register().organisation().legalName())
                        .orElse(""))
                .doesNotContain("\uFFFD");
    }

    @Test
    void anEmptyFileIsTheRegistersOwnErrorNotAnUnreadableBody() {
        for (String path : new String[] {API, API + "/check"}) {
            JsonNode error = firstError(officer.post(path, "application/yaml", new byte[0]));
            assertThat(error.path("reason").asString()).isEqualTo("the file is empty");
            assertThat(error.path("line").asInt()).isEqualTo(1);
        }
        JsonNode comments =
                firstError(officer.post(API, "application/yaml", "# nothing yet\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(comments.path("reason").asString()).isEqualTo("the file is empty");
    }

    @Test
    void anInForceDateThatDoesNotExistIsSaidSo() {
        byte[] file = TEMPLATE.getBytes(StandardCharsets.UTF_8);
        TestApi.Response missing = officer.post(API + "?inForceFrom=2026-02-30", "application/yaml", file);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("field").asString()).isEqualTo("inForceFrom");
        assertThat(missing.json().path("detail").asString())
                .isEqualTo("inForceFrom is not a date that exists: February 2026 has 28 days");
        TestApi.Response wrong = officer.post(API + "?inForceFrom=next-week", "application/yaml", file);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().path("detail").asString()).isEqualTo("inForceFrom must be a date as YYYY-MM-DD");
    }

    @Test
    void theCliNamesFileLineColumnAndReason() throws IOException {
        Path deep = Files.writeString(dir.resolve("deep.yaml"), "[".repeat(20_000));
        TestCli.Run nested = cli("register", "check", deep.toString());
        assertThat(nested.exit()).isEqualTo(1);
        assertThat(nested.err()).contains(deep + ":1:51: lists and mappings are nested more than 50 levels deep");

        Path bomb = Files.writeString(
                dir.resolve("bomb.yaml"), "a: &a [x,x]\nb: &b [*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b]\n");
        TestCli.Run aliases = cli("register", "apply", bomb.toString());
        assertThat(aliases.exit()).isEqualTo(1);
        assertThat(aliases.err()).contains(bomb + ":3:").contains("more than 10 aliases");

        Path invalid = Files.write(dir.resolve("latin1.yaml"), withInvalidUtf8());
        TestCli.Run notUtf8 = cli("register", "apply", invalid.toString());
        assertThat(notUtf8.exit()).isEqualTo(1);
        int offset = invalidOffset();
        int line = RegisterFormatTests.lineOf(TEMPLATE, "legalName:");
        assertThat(notUtf8.err())
                .contains(invalid + " is not UTF-8 text: byte 0xFF at byte offset " + offset + " (line " + line
                        + ", column 24)");

        Path empty = Files.writeString(dir.resolve("empty.yaml"), "");
        for (String command : new String[] {"apply", "check"}) {
            TestCli.Run run = cli("register", command, empty.toString());
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).contains(empty + " is empty").doesNotContain("JSON");
        }
        Path comments = Files.writeString(dir.resolve("comments.yaml"), "# nothing yet\n");
        assertThat(cli("register", "check", comments.toString()).err()).contains(comments + ":1:1: the file is empty");
    }

    @Test
    void theCliRefusesADateThatDoesNotExistAsAUsageError() throws IOException {
        Path file = Files.writeString(dir.resolve("register.yaml"), TEMPLATE);
        TestCli.Run english = cli("register", "apply", file.toString(), "--in-force-from", "2026-02-30");
        assertThat(english.exit()).isEqualTo(2);
        assertThat(english.err())
                .contains("--in-force-from: the date 2026-02-30 does not exist; February 2026 has 28 days")
                .contains("See 'waarborg register apply --help'.");

        TestCli.Run dutch = cli(
                Map.of("LANG", "nl_NL.UTF-8"), "register", "apply", file.toString(), "--in-force-from", "2026-02-30");
        assertThat(dutch.exit()).isEqualTo(2);
        assertThat(dutch.err())
                .contains("--in-force-from: de datum 2026-02-30 bestaat niet; februari 2026 heeft 28 dagen");

        TestCli.Run month = cli("register", "apply", file.toString(), "--in-force-from", "2026-13-01");
        assertThat(month.err()).contains("months are numbered 01 to 12");
        TestCli.Run form = cli("register", "apply", file.toString(), "--in-force-from", "30-02-2026");
        assertThat(form.exit()).isEqualTo(2);
        assertThat(form.err()).contains("--in-force-from must be a date as YYYY-MM-DD");

        // The usage error comes first: a missing file with a bad date is reported for the date.
        assertThat(cli("register", "apply", dir.resolve("nope.yaml").toString(), "--in-force-from", "2026-02-30")
                        .exit())
                .isEqualTo(2);
    }

    @Test
    void theCliNamesFileProblemsInWords() throws IOException {
        Path missing = dir.resolve("nope.yaml");
        for (String command : new String[] {"apply", "check"}) {
            TestCli.Run run = cli("register", command, missing.toString());
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err().strip()).isEqualTo("waarborg: file not found: " + missing);
        }
        TestCli.Run folder = cli("register", "check", dir.toString());
        assertThat(folder.err().strip()).isEqualTo("waarborg: " + dir + " is a folder, not a file");
        TestCli.Run nl = cli(Map.of("LC_ALL", "nl_NL.UTF-8"), "register", "check", missing.toString());
        assertThat(nl.err().strip()).isEqualTo("waarborg: bestand niet gevonden: " + missing);

        Path nowhere = dir.resolve("no-such-folder").resolve("register.yaml");
        TestCli.Run init = cli("register", "init", "--out", nowhere.toString());
        assertThat(init.exit()).isEqualTo(1);
        assertThat(init.err().strip())
                .isEqualTo("waarborg: cannot write " + nowhere + ": the folder " + nowhere.getParent()
                        + " does not exist");
        assertThat(folder.err() + init.err()).doesNotContain("Exception");
    }
}
