package nl.waarborg.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import nl.waarborg.cli.WaarborgCli;
import nl.waarborg.security.ApiTokens;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code ./waarborg register …} against the running test server, as a privacy officer would use it. */
@WaarborgTest
class RegisterCliTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @TempDir
    Path dir;

    Map<String, String> env;

    record Run(int code, String out, String err) {}

    @BeforeEach
    void setUp() {
        TestApi api = TestApi.withScopes(port, tokens, "register:read", "register:write");
        env = Map.of("WAARBORG_URL", api.baseUrl(), "WAARBORG_TOKEN", api.token());
    }

    Run run(String... args) {
        return run(env, args);
    }

    static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = WaarborgCli.run(
                args,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void initCheckApplyVersionsDiffAndExport() throws IOException {
        Path file = dir.resolve("register.yaml");
        Run init = run("register", "init", "--template", "telecom-nl", "--out", file.toString());
        assertThat(init.code()).as(init.err()).isZero();
        assertThat(Files.readString(file)).contains("format: 1").contains("key: traffic-data");
        assertThat(run("register", "init", "--out", file.toString()).code()).isEqualTo(1);
        assertThat(run("register", "init", "--template", "nope", "--out", "-").code())
                .isEqualTo(2);

        // Its own organisation name, so that the apply below makes a version whatever other tests applied.
        Files.writeString(
                file,
                Files.readString(file).replace("legalName: Voorbeeld Telecom B.V.", "legalName: Cli Telecom B.V."));
        Run check = run("register", "check", file.toString());
        assertThat(check.code()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("No findings.");

        Run applied = run("register", "apply", file.toString(), "--summary", "Start");
        assertThat(applied.code()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("Applied");
        Run again = run("register", "apply", file.toString());
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("No change");

        Files.writeString(
                file,
                Files.readString(file)
                        .replace(
                                "retention: {period: P2Y, from: last-contact}",
                                "retention: {period: P18M, from: last-contact}"));
        Run changed = run("register", "apply", file.toString(), "--json");
        assertThat(changed.code()).isZero();
        int b = TestApi.JSON
                .readTree(changed.out())
                .path("version")
                .path("number")
                .asInt();

        Run versions = run("register", "versions");
        assertThat(versions.out()).startsWith("VERSION").contains("Start");
        Run diff = run("register", "diff", Integer.toString(b - 1), Integer.toString(b));
        assertThat(diff.code()).isZero();
        assertThat(diff.out()).contains("~ category support-tickets retention.period: P2Y -> P18M");
        Run diffJson = run("register", "diff", Integer.toString(b - 1), Integer.toString(b), "--json");
        // The support tickets and the newsletter both had P2Y.
        assertThat(TestApi.JSON.readTree(diffJson.out()).path("changes").size()).isEqualTo(2);

        Path exported = dir.resolve("export.yaml");
        assertThat(run("register", "export", "--format", "yaml", "--out", exported.toString())
                        .code())
                .isZero();
        assertThat(run("register", "apply", exported.toString()).out()).contains("No change");
        Run stdout = run("register", "export", "--format", "json", "--version", Integer.toString(b - 1));
        assertThat(stdout.out()).contains("\"period\" : \"P2Y\"");

        Path xlsx = dir.resolve("register.xlsx");
        assertThat(run("register", "export", "--format", "xlsx", "--out", xlsx.toString())
                        .code())
                .isZero();
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(xlsx))) {
            assertThat(book.getSheet("register").getRow(2).getCell(0).getStringCellValue())
                    .isEqualTo("service");
        }
        assertThat(run("register", "export", "--format", "pdf").code()).isEqualTo(2);
        assertThat(run("register", "export", "--format", "xlsx").code()).isEqualTo(2);

        Path record = dir.resolve("art30.xlsx");
        assertThat(run("register", "record", "controller", "--out", record.toString())
                        .code())
                .isZero();
        assertThat(Files.size(record)).isPositive();
    }

    @Test
    void badFileIsReportedWithFileLineAndColumnAndExitsOne() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(
                file,
                RegisterFixtures.load(RegisterFixtures.TEMPLATE)
                        .replace("retention: {period: P30D, from: collection}", "retention: {period: 30 days}"));
        Run run = run("register", "apply", file.toString());
        assertThat(run.code()).isEqualTo(1);
        int line = RegisterFormatTests.lineOf(Files.readString(file), "30 days");
        assertThat(run.err()).contains(file + ":" + line + ":").contains("services[0].categories[4].retention.period");
        Run json = run("register", "apply", file.toString(), "--json");
        assertThat(json.code()).isEqualTo(1);
        assertThat(TestApi.JSON
                        .readTree(json.out())
                        .path("errors")
                        .get(0)
                        .path("line")
                        .asInt())
                .isEqualTo(line);
    }

    @Test
    void checkOfASeedExitsOneAndExplains() throws IOException {
        Path file = dir.resolve("seed.yaml");
        Files.writeString(file, RegisterFixtures.load(RegisterFixtures.BEZORGSUPPORT));
        Run run = run("register", "check", file.toString(), "--lang", "en");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out())
                .contains("ERROR traffic-data-no-retention-duty [traffic-information]")
                .contains("ECLI:NL:RBDHA:2015:2498")
                .contains("ERROR id-copy-from-everyone");
    }

    @Test
    void checkOfAFileThatIsNoRegisterSaysSoWithoutTalkingOfApplying() throws IOException {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "organisation:\n  legalName: X\nservices: nope\n");
        Run run = run("register", "check", file.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains(file + " cannot be read as a register").doesNotContain("applied");
        assertThat(run.err()).contains(file + ":3:");
    }

    @Test
    void aSeedWithErrorFindingsIsAppliedOnlyWithTheReasonTheyAreAccepted() throws IOException {
        Path file = dir.resolve("seed.yaml");
        // Its own name, so that this file differs from whatever version other tests left current.
        Files.writeString(
                file,
                RegisterFixtures.load(RegisterFixtures.BEZORGSUPPORT)
                        .replaceFirst("legalName: ([^\\n]*)", "legalName: Bezorg Cli B.V."));
        Run refused = run("register", "apply", file.toString());
        assertThat(refused.code()).as(refused.err()).isEqualTo(WaarborgCli.FAILED);
        assertThat(refused.err())
                .contains("was not applied: the check found 3 error(s) (id-copy-from-everyone")
                .contains("--accept-findings")
                .doesNotContain("acceptFindings giving");

        Run accepted = run("register", "apply", file.toString(), "--accept-findings", "published this way in 2024");
        assertThat(accepted.code()).as(accepted.err()).isZero();
        assertThat(accepted.out()).contains("Applied", "Accepted 3 error finding(s): published this way in 2024");
    }

    @Test
    void readOnlyTokenCannotApply() throws IOException {
        TestApi reader = TestApi.withScopes(port, tokens, "register:read");
        Map<String, String> readOnly = Map.of("WAARBORG_URL", reader.baseUrl(), "WAARBORG_TOKEN", reader.token());
        Path file = dir.resolve("register.yaml");
        Files.writeString(file, RegisterFixtures.load(RegisterFixtures.TEMPLATE));
        Run run = run(readOnly, "register", "apply", file.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("403");
        assertThat(run(readOnly, "register", "versions").code()).isZero();
    }
}
