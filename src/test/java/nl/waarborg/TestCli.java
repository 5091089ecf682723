package nl.waarborg;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import nl.waarborg.cli.WaarborgCli;

/** Runs {@code ./waarborg …} in-process against a test server, capturing what it prints. */
public final class TestCli {

    private TestCli() {}

    /** Exit code and the text printed to standard output and standard error. */
    public record Run(int exit, String out, String err) {}

    /** The command as a client of the server on {@code port}, with {@code token}. */
    public static Run remote(int port, String token, String... args) {
        return run(Map.of("WAARBORG_URL", "http://localhost:" + port, "WAARBORG_TOKEN", token), args);
    }

    public static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = WaarborgCli.run(
                args,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
