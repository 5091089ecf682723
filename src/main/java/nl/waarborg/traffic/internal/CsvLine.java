package nl.waarborg.traffic.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CDR line into fields: comma-separated, optionally double-quoted with {@code ""} for a quote, as Asterisk,
 * FreeSWITCH and 3CX write them.
 *
 * <p>Hand-written instead of commons-csv for two reasons: a broken quote in commons-csv's streaming parser swallows
 * the lines after it, while CDR ingest must reject exactly the one bad line and keep the rest; and it is faster on CDR
 * lines (CdrIngestBenchmark measures both on the same file, see docs/performance.md).
 */
final class CsvLine {

    private CsvLine() {}

    /** True when the line ends inside a quoted field, so the record continues on the next line. */
    static boolean unterminated(CharSequence line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '"') {
                quoted = !quoted;
            }
        }
        return quoted;
    }

    /** The fields of the line; throws {@link MalformedCdrException} on a stray quote. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>(24);
        int n = line.length();
        int i = 0;
        StringBuilder quoted = null;
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                if (quoted == null) {
                    quoted = new StringBuilder(32);
                } else {
                    quoted.setLength(0);
                }
                i++;
                while (true) {
                    if (i >= n) {
                        throw new MalformedCdrException("a quoted field is not closed");
                    }
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            quoted.append('"');
                            i += 2;
                        } else {
                            i++;
                            break;
                        }
                    } else {
                        quoted.append(c);
                        i++;
                    }
                }
                fields.add(quoted.toString());
                if (i == n) {
                    return fields;
                }
                if (line.charAt(i) != ',') {
                    throw new MalformedCdrException("text follows a closing quote");
                }
                i++;
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                for (int j = i; j < end; j++) {
                    if (line.charAt(j) == '"') {
                        throw new MalformedCdrException("a quote inside an unquoted field");
                    }
                }
                fields.add(line.substring(i, end));
                if (comma < 0) {
                    return fields;
                }
                i = comma + 1;
            }
        }
    }
}
