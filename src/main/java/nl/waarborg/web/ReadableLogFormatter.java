package nl.waarborg.web;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.boot.logging.structured.StructuredLogFormatter;

/**
 * Log lines for a person at a terminal: time, level, logger and message, as Spring Boot's console format shows them.
 * Exceptions keep their classes and frames but lose their messages, as in the JSON log ({@link PrivateErrorLogFields}):
 * a message may quote personal data. Chosen by {@code ./waarborg serve} on a terminal.
 */
public class ReadableLogFormatter implements StructuredLogFormatter<ILoggingEvent> {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    @Override
    public String format(ILoggingEvent event) {
        StringBuilder line = new StringBuilder()
                .append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp())))
                .append(' ')
                .append(String.format("%-5s", event.getLevel()))
                .append(' ')
                .append(shortName(event.getLoggerName()))
                .append(" : ")
                .append(event.getFormattedMessage())
                .append('\n');
        if (event.getThrowableProxy() != null) {
            line.append(PrivateErrorLogFields.withoutMessages(ThrowableProxyUtil.asString(event.getThrowableProxy())))
                    .append('\n');
        }
        return line.toString();
    }

    /** {@code n.w.s.i.Overview} for {@code nl.waarborg.subjects.internal.Overview}, as Spring Boot abbreviates. */
    static String shortName(String logger) {
        if (logger == null) {
            return "";
        }
        String[] parts = logger.split("\\.");
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            name.append(parts[i].isEmpty() ? "" : parts[i].substring(0, 1)).append('.');
        }
        return name.append(parts[parts.length - 1]).toString();
    }
}
