package nl.waarborg.subjects.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import nl.waarborg.errors.DomainException;
import nl.waarborg.web.JsonTextGuard;
import nl.waarborg.web.Problems;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads newline-delimited JSON one line at a time, so an upload of any size needs the memory of one line. Each line
 * is stored in its own transaction: bad lines are reported with their number, field and reason, good ones are kept.
 */
final class NdjsonImport {

    static final int MAX_LINE_CHARS = 1 << 20;
    static final int MAX_REPORTED = 1000;
    private static final JsonMapper JSON =
            JsonMapper.builder().addModule(JsonTextGuard.module()).build();

    record Rejected(long line, String field, String reason) {}

    record Report(long read, long stored, long rejected, List<Rejected> errors) {}

    private NdjsonImport() {}

    static <T> Report run(InputStream body, Class<T> type, Consumer<T> store) {
        long read = 0;
        long stored = 0;
        long rejected = 0;
        List<Rejected> errors = new ArrayList<>();
        try (Reader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16)) {
            StringBuilder line = new StringBuilder();
            long number = 0;
            boolean tooLong = false;
            int c;
            do {
                c = in.read();
                if (c != -1 && c != '\n') {
                    if (line.length() < MAX_LINE_CHARS) {
                        line.append((char) c);
                    } else {
                        tooLong = true;
                    }
                    continue;
                }
                number++;
                String text = line.toString().strip();
                line.setLength(0);
                if (text.isEmpty() && !tooLong) {
                    continue;
                }
                read++;
                Rejected problem = null;
                if (tooLong) {
                    problem = new Rejected(number, null, "line is longer than " + MAX_LINE_CHARS + " characters");
                    tooLong = false;
                } else {
                    try {
                        store.accept(JSON.readValue(text, type));
                        stored++;
                    } catch (DomainException e) {
                        problem = new Rejected(number, e.field(), e.getMessage());
                    } catch (JacksonException e) {
                        String field = Problems.jsonField(e);
                        problem = new Rejected(
                                number, field, field == null ? "not valid JSON" : Problems.unreadableDetail(e));
                    }
                }
                if (problem != null) {
                    rejected++;
                    if (errors.size() < MAX_REPORTED) {
                        errors.add(problem);
                    }
                }
            } while (c != -1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Report(read, stored, rejected, errors);
    }

    static Map<String, Object> asMap(Report report) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("read", report.read());
        map.put("stored", report.stored());
        map.put("rejected", report.rejected());
        map.put("errors", report.errors());
        return map;
    }
}
