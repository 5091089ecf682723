package nl.waarborg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import nl.waarborg.TestCli;
import nl.waarborg.TestCli.Run;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code ./waarborg breach report|list|form} against a real server: a breach recorded from the command line. */
@WaarborgTest
class BreachCommandTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Test
    void aBreachIsRecordedListedAndItsFormPrinted() throws Exception {
        TestRegisters.templateInForce(editor, registers);
        String token = tokens.issue("cli breach", java.util.Set.of("breaches:read", "breaches:write"), "test")
                .secret();
        Run reported = TestCli.remote(
                port,
                token,
                "breach",
                "report",
                "--title",
                "Wachtwoorden in een logbestand",
                "--description",
                "Wachtwoorden van het klantportaal stonden leesbaar in een logbestand.",
                "--aware-at",
                java.time.Instant.now().minusSeconds(600).toString(),
                "--nature",
                "CONFIDENTIALITY,INTEGRITY",
                "--category",
                "customer-contacts",
                "--people",
                "300");
        assertThat(reported.exit()).as(reported.err()).isZero();
        assertThat(reported.out()).contains("Recorded DL-").contains("(24 hours)");
        String reference = reported.out().replaceAll("(?s).*Recorded (DL-\\d{4}-\\d{4}).*", "$1");

        Run list = TestCli.remote(port, token, "breach", "list", "--open");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains(reference).contains("REPORTED").containsPattern("2[23]h\\d\\d");

        Run form = TestCli.remote(port, token, "breach", "form", reference);
        assertThat(form.exit()).as(form.err()).isZero();
        assertThat(form.out()).contains("Aantal betrokken personen (ongeveer):\n  300");
        Path pdf = Files.createTempDirectory("breach").resolve("melding.pdf");
        Run asPdf = TestCli.remote(port, token, "breach", "form", reference, "--pdf", pdf.toString());
        assertThat(asPdf.exit()).as(asPdf.err()).isZero();
        assertThat(Files.readAllBytes(pdf)).startsWith("%PDF-".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        Run scope = TestCli.remote(
                port, token, "breach", "scope", reference, "--from", "2026-01-01T00:00:00Z", "--place", "built-in");
        assertThat(scope.exit()).as(scope.err()).isZero();
        assertThat(scope.out())
                .contains("PLACE")
                .contains("built-in")
                .contains("DONE")
                .contains("people listed");
        Run nowhere = TestCli.remote(port, token, "breach", "scope", reference, "--place", "nowhere");
        assertThat(nowhere.exit()).isNotZero();
        assertThat(nowhere.err()).contains("places");
        Run bad = TestCli.remote(
                port,
                token,
                "breach",
                "report",
                "--title",
                "x",
                "--description",
                "y",
                "--aware-at",
                "gisteren",
                "--nature",
                "INTEGRITY");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("awareAt");
    }
}
