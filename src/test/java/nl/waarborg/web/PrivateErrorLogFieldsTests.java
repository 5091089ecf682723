package nl.waarborg.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonWriter;

/** Exception messages may quote personal data: the JSON log keeps the classes and frames, not the messages. */
class PrivateErrorLogFieldsTests {

    static final String EMAIL = "sanne.jansen.logtest@example.nl";
    static final String PHONE = "+31612340077";

    /** A stack trace as logback writes it for the log line, with a chained cause and a message over two lines. */
    static String trace() {
        Exception cause = new IllegalArgumentException("duplicate key value\n  Detail: Key (email)=(" + EMAIL + ")");
        Exception error = new IllegalStateException("could not store " + PHONE, cause);
        error.addSuppressed(new RuntimeException("also " + EMAIL));
        ThrowableProxyConverter converter = new ThrowableProxyConverter();
        converter.setOptionList(List.of("full"));
        converter.start();
        LoggingEvent event = new LoggingEvent();
        event.setThrowableProxy(new ThrowableProxy(error));
        return converter.convert(event);
    }

    @Test
    void stackTracesKeepClassesAndFramesButNoMessage() {
        String trace = trace();
        assertThat(trace).as("the trace carries the data before").contains(EMAIL, PHONE);

        String clean = PrivateErrorLogFields.withoutMessages(trace);

        assertThat(clean)
                .doesNotContain(EMAIL)
                .doesNotContain(PHONE)
                .doesNotContain("Detail")
                .startsWith("java.lang.IllegalStateException\n")
                .contains("Caused by: java.lang.IllegalArgumentException\n")
                .contains("Suppressed: java.lang.RuntimeException\n")
                .contains("at nl.waarborg.web.PrivateErrorLogFieldsTests.trace(PrivateErrorLogFieldsTests.java:");
    }

    @Test
    void theLogLineLosesTheMessageFieldAndTheMessagesInItsStackTrace() {
        String trace = trace();
        JsonWriter<Object> writer = JsonWriter.of(members -> {
            members.add("message", "Unexpected error in an API call");
            members.add("error").usingMembers(error -> {
                error.add("type", "java.lang.IllegalStateException");
                error.add("message", "could not store " + PHONE);
                error.add("stack_trace", trace);
            });
            new PrivateErrorLogFields().customize(members);
        });

        String line = writer.writeToString(new Object());

        assertThat(line)
                .contains("\"message\":\"Unexpected error in an API call\"")
                .contains("\"type\":\"java.lang.IllegalStateException\"")
                .contains("\"stack_trace\":\"java.lang.IllegalStateException\\n")
                .doesNotContain(PHONE)
                .doesNotContain(EMAIL);
    }
}
