package nl.waarborg.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The terminal's log lines and the ready line: readable, and without the messages of exceptions. */
class ReadableLogFormatterTests {

    @Test
    void aLineShowsTimeLevelLoggerAndMessageAndAnExceptionWithoutItsMessage() {
        LoggerContext context = new LoggerContext();
        var logger = context.getLogger("nl.waarborg.subjects.internal.Overview");
        LoggingEvent event = new LoggingEvent(
                "x",
                logger,
                Level.ERROR,
                "Lookup failed for {}",
                new IllegalStateException("jan@example.nl is not allowed", new RuntimeException("0612345678")),
                new Object[] {"a reference"});

        String line = new ReadableLogFormatter().format(event);

        assertThat(line)
                .contains("ERROR", "n.w.s.i.Overview : Lookup failed for a reference")
                .contains("java.lang.IllegalStateException", "Caused by: java.lang.RuntimeException", "\tat ")
                .doesNotContain("jan@example.nl", "0612345678");
        assertThat(line.lines().findFirst().orElseThrow())
                .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} .*");
    }

    @Test
    void theReadyLineNamesAnAddressABrowserCanOpen() {
        assertThat(ReadyLine.url("", 8080)).isEqualTo("http://localhost:8080/console");
        assertThat(ReadyLine.url("0.0.0.0", 8080)).isEqualTo("http://localhost:8080/console");
        assertThat(ReadyLine.url("192.0.2.7", 9000)).isEqualTo("http://192.0.2.7:9000/console");
        assertThat(ReadyLine.url("2001:db8::7", 9000)).isEqualTo("http://[2001:db8::7]:9000/console");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReadyLine.print(new PrintStream(out, true, StandardCharsets.UTF_8), "http://localhost:8080/console");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("Waarborg is ready at http://localhost:8080/console" + System.lineSeparator());
    }
}
