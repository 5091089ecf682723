package nl.waarborg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import nl.waarborg.TestApi;
import nl.waarborg.TestCli;
import nl.waarborg.TestCli.Run;
import nl.waarborg.WaarborgTest;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Messages a person can act on, and the exit codes scripts rely on: 0 success, 1 failed operation, 2 usage error,
 * whether picocli, the command or the server (a 400 answer) finds it.
 */
@WaarborgTest
class CliUsageTests {

    @LocalServerPort
    int port;

    @Autowired
    nl.waarborg.register.internal.RegisterEditor editor;

    @Autowired
    nl.waarborg.register.Registers registers;

    @Autowired
    ApiTokens tokens;

    @TempDir
    Path dir;

    Run run(String token, String... args) {
        return TestCli.remote(port, token, args);
    }

    Run run(Map<String, String> extra, String token, String... args) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("WAARBORG_URL", "http://localhost:" + port);
        env.put("WAARBORG_TOKEN", token);
        return TestCli.run(env, args);
    }

    @Test
    void anUnknownRoleIsAUsageErrorThatListsTheRoles() {
        String token =
                TestApi.withScopes(port, tokens, "admin:read", "admin:write").token();
        Run nope = run(token, "admin", "create-user", "--username", "role.nope", "--name", "Nope", "--role", "NOPE");
        assertThat(nope.exit()).isEqualTo(WaarborgCli.USAGE);
        assertThat(nope.err())
                .contains("unknown role for --role; use ADMIN, PRIVACY_OFFICER, AGENT or AUDITOR")
                .contains("See 'waarborg admin create-user --help'.")
                .doesNotContain("JSON");
        Run dutch = run(
                Map.of("LANG", "nl_NL.UTF-8"),
                token,
                "admin",
                "set-role",
                UUID.randomUUID().toString(),
                "--role",
                "KING");
        assertThat(dutch.exit()).isEqualTo(WaarborgCli.USAGE);
        assertThat(dutch.err()).contains("onbekende rol voor --role; kies ADMIN, PRIVACY_OFFICER, AGENT of AUDITOR");

        // Written as people write it, the role is understood.
        String username = "role." + UUID.randomUUID().toString().substring(0, 8);
        Run agent = run(token, "admin", "create-user", "--username", username, "--name", "Role", "--role", "agent");
        assertThat(agent.exit()).as(agent.err()).isZero();
    }

    @Test
    void auditLogLimitOutsideOneToFiveHundredIsAUsageError() {
        String token = TestApi.withScopes(port, tokens, "audit:read").token();
        for (String limit : new String[] {"-5", "0", "501"}) {
            Run run = run(token, "audit", "log", "--limit", limit);
            assertThat(run.exit()).as(limit).isEqualTo(WaarborgCli.USAGE);
            assertThat(run.err()).contains("--limit must be a number from 1 to 500");
            assertThat(run.out()).isEmpty();
        }
        assertThat(run(token, "audit", "log", "--limit", "five").exit()).isEqualTo(WaarborgCli.USAGE);
        assertThat(run(token, "audit", "log", "--limit", "1").exit()).isZero();
    }

    @Test
    void aRequestTheServerRefusesAsAskedExitsTwoAndOtherFailuresOne() {
        // The record needs a register in force; alone this class would otherwise depend on another having applied one.
        nl.waarborg.TestRegisters.templateInForce(editor, registers);
        String token = TestApi.withScopes(port, tokens, "register:read", "register:write")
                .token();
        Path out = dir.resolve("record.docx");
        Run badFormat = run(token, "register", "record", "controller", "--format", "docx", "--out", out.toString());
        assertThat(badFormat.exit()).as(badFormat.err()).isEqualTo(WaarborgCli.USAGE);
        assertThat(badFormat.err()).contains("Server answered 400").contains("format");

        Run missing = run(token, "register", "diff", "1", "999999");
        assertThat(missing.exit()).isEqualTo(WaarborgCli.FAILED);

        Run readOnly = run(TestApi.withScopes(port, tokens, "register:read").token(), "admin", "users");
        assertThat(readOnly.exit()).as("403").isEqualTo(WaarborgCli.FAILED);
    }

    @Test
    void picocliUsageErrorsExitTwoWithTheReasonAndWhereToLook() {
        Run unknown = TestCli.run(Map.of(), "register", "apply", "--no-such-option", "x.yaml");
        assertThat(unknown.exit()).isEqualTo(WaarborgCli.USAGE);
        assertThat(unknown.err())
                .contains("waarborg: Unknown option: '--no-such-option'")
                .contains("See 'waarborg register apply --help'.");
        Run typo = TestCli.run(Map.of(), "registr", "versions");
        assertThat(typo.exit()).isEqualTo(WaarborgCli.USAGE);
        assertThat(typo.err()).contains("register");
        Run notANumber = TestCli.run(Map.of(), "register", "diff", "one", "two");
        assertThat(notANumber.exit()).isEqualTo(WaarborgCli.USAGE);
    }

    @Test
    void statementImportRefusesAFileThatIsNotUtf8BeforeSendingIt() throws IOException {
        String token = TestApi.withScopes(port, tokens, "statement:read", "statement:write")
                .token();
        Path latin1 = Files.write(
                dir.resolve("verklaring.txt"),
                "Privacyverklaring\nWij bewaren uw gegevens zorgvuldig.\nCaf\u00e9 Voorbeeld\n"
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Run run = run(token, "statement", "import", latin1.toString());
        assertThat(run.exit()).isEqualTo(WaarborgCli.FAILED);
        int offset = "Privacyverklaring\nWij bewaren uw gegevens zorgvuldig.\nCaf".length();
        assertThat(run.err().strip())
                .isEqualTo("waarborg: " + latin1 + " is not UTF-8 text: byte 0xE9 at byte offset " + offset
                        + " (line 3, column 4) is not valid UTF-8; save the file as UTF-8");
        Path missing = dir.resolve("nope.txt");
        assertThat(run(token, "statement", "import", missing.toString()).err().strip())
                .isEqualTo("waarborg: file not found: " + missing);
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        assertThat(run(token, "statement", "import", empty.toString()).err().strip())
                .isEqualTo("waarborg: " + empty + " is empty");
        Path utf16 = Files.write(
                dir.resolve("utf16.txt"), "Privacyverklaring".getBytes(java.nio.charset.StandardCharsets.UTF_16));
        assertThat(run(token, "statement", "import", utf16.toString()).err())
                .contains(utf16 + " is UTF-16 text, not UTF-8");
    }

    @Test
    void permissionProblemsAreSaidInWords() throws IOException {
        Messages english = Messages.of(Map.of());
        Path file = dir.resolve("register.yaml");
        assertThat(InputFiles.readFailure(file, new AccessDeniedException(file.toString()), english)
                        .getMessage())
                .isEqualTo("cannot read " + file + ": permission denied");
        assertThat(InputFiles.writeFailure(file, new AccessDeniedException(file.toString()), english)
                        .getMessage())
                .isEqualTo("cannot write " + file + ": permission denied");
        assertThat(InputFiles.readFailure(
                                file,
                                new java.nio.file.FileSystemException(file.toString(), null, "Input/output error"),
                                english)
                        .getMessage())
                .isEqualTo("cannot read " + file + ": Input/output error");
        assertThat(InputFiles.readFailure(
                                file, new AccessDeniedException(file.toString()), Messages.of(Map.of("LANG", "nl_BE")))
                        .getMessage())
                .isEqualTo("kan " + file + " niet lezen: geen toestemming");

        // For real, where the file system enforces it (not for root).
        Path locked = Files.writeString(file, "format: 1\n");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(locked), "running as root: permissions are not enforced");
        String token = TestApi.withScopes(port, tokens, "register:read").token();
        Run run = run(token, "register", "check", locked.toString());
        assertThat(run.exit()).isEqualTo(WaarborgCli.FAILED);
        assertThat(run.err().strip()).isEqualTo("waarborg: cannot read " + locked + ": permission denied");
    }

    @Test
    void languageFollowsTheEnvironment() {
        assertThat(Messages.of(Map.of()).get("file.notFound", "x")).isEqualTo("file not found: x");
        assertThat(Messages.of(Map.of("LANG", "C.UTF-8")).get("file.notFound", "x"))
                .isEqualTo("file not found: x");
        assertThat(Messages.of(Map.of("LANG", "nl_NL.UTF-8")).get("file.notFound", "x"))
                .isEqualTo("bestand niet gevonden: x");
        assertThat(Messages.of(Map.of("LANG", "nl_NL.UTF-8", "LC_ALL", "en_GB.UTF-8"))
                        .get("file.notFound", "x"))
                .as("LC_ALL wins")
                .isEqualTo("file not found: x");
        assertThat(Messages.of(Map.of("LC_MESSAGES", "nl", "LANG", "en_US")).get("usage.more", "waarborg"))
                .isEqualTo("Zie 'waarborg --help'.");
    }
}
