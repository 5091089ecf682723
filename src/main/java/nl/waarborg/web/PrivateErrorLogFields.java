package nl.waarborg.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Keeps exception messages out of the JSON log lines. A message may quote what a request or the database held (a
 * PostgreSQL unique violation names the duplicate value), and that is personal data. Every logged error keeps its
 * exception classes and stack frames, which is what a developer needs; the messages are left out, for Waarborg's own
 * log calls and for those of the libraries alike (set in {@code logging.structured.json.customizer}).
 */
public class PrivateErrorLogFields implements StructuredLoggingJsonMembersCustomizer<Object> {

    private static final Pattern FRAME = Pattern.compile("^\\s*(at |\\.\\.\\. \\d+ )");
    private static final Pattern CHAINED = Pattern.compile("^(\\s*(?:Caused by|Suppressed|Wrapped by): )(.*)$");

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingPathFilter(path -> path.toUnescapedString().equals("error.message"));
        members.applyingValueProcessor(
                JsonWriter.ValueProcessor.of(String.class, PrivateErrorLogFields::withoutMessages)
                        .whenHasUnescapedPath("error.stack_trace"));
    }

    /**
     * A stack trace with every exception reduced to its class: the first line and each "Caused by:"/"Suppressed:"
     * line lose what follows the class name, and the lines of a message spanning several lines are dropped.
     */
    static String withoutMessages(String trace) {
        if (trace == null) {
            return null;
        }
        List<String> kept = new ArrayList<>();
        boolean inMessage = true; // the first line starts a message
        boolean first = true;
        for (String line : trace.split("\\R")) {
            if (FRAME.matcher(line).find()) {
                kept.add(line);
                inMessage = false;
                continue;
            }
            var chained = CHAINED.matcher(line);
            if (first) {
                kept.add(className(line));
                first = false;
            } else if (!inMessage && chained.matches()) {
                kept.add(chained.group(1) + className(chained.group(2)));
                inMessage = true;
            }
            // Any other line continues a message: left out.
        }
        return String.join("\n", kept);
    }

    private static String className(String header) {
        int colon = header.indexOf(": ");
        return colon < 0 ? header.strip() : header.substring(0, colon).strip();
    }
}
