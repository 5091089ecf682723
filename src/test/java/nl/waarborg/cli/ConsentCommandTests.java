package nl.waarborg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
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

/** {@code ./waarborg consent record|state|unsubscribe-link} against a real server: a consent taken on paper. */
@WaarborgTest
class ConsentCommandTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Test
    void aConsentOnPaperIsRecordedAskedAndGivesAnUnsubscribeLink() {
        TestRegisters.templateInForce(editor, registers);
        String token = tokens.issue("cli consent", java.util.Set.of("subjects:write", "status:read"), "test")
                .secret();
        String email = "papier-" + UUID.randomUUID() + "@example.nl";
        Run recorded = TestCli.remote(
                port,
                token,
                "consent",
                "record",
                "GIVEN",
                "newsletter",
                "--email",
                email,
                "--wording",
                "Ja, ik wil de nieuwsbrief ontvangen (formulier aan de balie).");
        assertThat(recorded.exit()).as(recorded.err()).isZero();
        assertThat(recorded.out()).contains("Recorded: GIVEN newsletter").contains("(PAPER)");

        Run state = TestCli.remote(port, token, "consent", "state", email, "--kind", "EMAIL");
        assertThat(state.exit()).as(state.err()).isZero();
        assertThat(state.out()).contains("newsletter").contains("yes").contains("PAPER");

        Run link = TestCli.remote(port, token, "consent", "unsubscribe-link", "newsletter", email);
        assertThat(link.exit()).as(link.err()).isZero();
        assertThat(link.out())
                .contains("/portal/unsubscribe/")
                .contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click");

        Run wrong = TestCli.remote(
                port, token, "consent", "record", "GIVEN", "invoices", "--email", email, "--wording", "x");
        assertThat(wrong.exit()).as("input the server refuses is bad usage").isEqualTo(2);
        assertThat(wrong.err()).contains("purpose");
    }
}
