package nl.waarborg.traffic.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The CDR parsers (reader and line parsers together, as an import runs them) against generated input, without a
 * database: whatever the bytes, every record ends as a row or a rejection with a reason, and a valid record is never
 * lost to a bad line before it.
 */
class CdrParserPropertyTests {

    /** The defaults of {@code waarborg.traffic.*}, bound as the application binds them. */
    static final TrafficProperties PROPERTIES =
            new Binder(new MapConfigurationPropertySource()).bindOrCreate("waarborg.traffic", TrafficProperties.class);

    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    /** What one record became. */
    record Outcome(long line, CdrRow row, String rejection) {}

    static List<Outcome> read(CdrFormat format, byte[] file) throws IOException {
        CdrReader reader = new CdrReader(
                new ByteArrayInputStream(file),
                format != CdrFormat.JSONL,
                CdrIngest.parserFor(format, PROPERTIES),
                NOW.minus(Duration.ofDays(366 * 20)),
                NOW.plus(Duration.ofDays(366)));
        List<Outcome> outcomes = new ArrayList<>();
        while (reader.next()) {
            outcomes.add(new Outcome(reader.line(), reader.row(), reader.rejection()));
        }
        return outcomes;
    }

    // ---- properties

    // Anything but a MalformedCdrException turned into a rejection escapes read() and fails these two.

    @Property(tries = 2000)
    void arbitraryBytesEndAsRowsOrRejections(@ForAll("formats") CdrFormat format, @ForAll byte[] bytes)
            throws IOException {
        wellFormed(read(format, bytes));
    }

    @Property(tries = 2000)
    void bytesThatLookLikeCdrsEndAsRowsOrRejections(
            @ForAll("formats") CdrFormat format,
            @ForAll("noiseCodes") List<Integer> codes,
            @ForAll("bytes") List<Integer> random)
            throws IOException {
        wellFormed(read(format, noise(codes, random)));
    }

    private static void wellFormed(List<Outcome> outcomes) {
        long previous = 0;
        for (Outcome o : outcomes) {
            assertThat(o.row() == null).as("row or rejection").isNotEqualTo(o.rejection() == null);
            assertThat(o.line()).isGreaterThan(previous);
            previous = o.line();
            if (o.rejection() != null) {
                assertThat(o.rejection()).isNotBlank();
            }
        }
    }

    @Property(tries = 1000)
    void aValidRecordAfterABadLineIsNeverLost(
            @ForAll("formats") CdrFormat format,
            @ForAll("seeds") List<Integer> pieces,
            @ForAll("noiseCodes") List<Integer> codes,
            @ForAll("bytes") List<Integer> random)
            throws IOException {
        byte[] noise = noise(codes, random);
        // Valid records (some over several lines) and bad lines (broken quotes, bytes that are not UTF-8, fields
        // too long, noise) in a generated order.
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        Map<String, Long> expected = new LinkedHashMap<>();
        List<String> values = new ArrayList<>();
        long line = 1;
        for (int i = 0; i < pieces.size(); i++) {
            int seed = pieces.get(i);
            Valid valid = valid(format, seed, i);
            byte[] bytes;
            if (seed % 3 == 0) {
                bytes = valid.text().getBytes(StandardCharsets.UTF_8);
                expected.put(valid.id(), line);
            } else {
                bytes = bad(valid.text(), seed, noise);
            }
            values.add(valid.number());
            file.writeBytes(bytes);
            file.write('\n');
            line += terminators(bytes) + 1;
            // A bad piece that ends in \r makes one line ending of "\r\n".
            if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
                line--;
            }
        }
        List<Outcome> outcomes = read(format, file.toByteArray());
        Map<String, Long> rows = outcomes.stream()
                .filter(o -> o.row() != null && o.row().uniqueId() != null)
                .collect(Collectors.toMap(o -> o.row().uniqueId(), Outcome::line, (a, b) -> a));
        assertThat(rows).containsAllEntriesOf(expected);
        for (Outcome o : outcomes) {
            if (o.rejection() != null) {
                // The reason never repeats a value of the line.
                assertThat(o.rejection()).doesNotContainPattern("\\d{6}").doesNotContain("Geheim");
                values.forEach(v -> assertThat(o.rejection()).doesNotContain(v));
            }
        }
    }

    // ---- examples

    @Example
    void anUnterminatedQuoteDoesNotTakeTheNextLine() throws IOException {
        String valid = valid(CdrFormat.ASTERISK, 3, 1).text();
        String broken =
                valid(CdrFormat.ASTERISK, 6, 2).text().replaceFirst("\"$", "").replaceFirst(",1$", ",\"1");
        List<Outcome> outcomes =
                read(CdrFormat.ASTERISK, (broken + "\n" + valid + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(outcomes).extracting(Outcome::line).containsExactly(1L, 2L);
        assertThat(outcomes.get(0).rejection()).isEqualTo("a quoted field is not closed");
        assertThat(outcomes.get(1).row()).isNotNull();
    }

    @Example
    void durationsThatAreNoNumbersAreRejectedNotGuessed() {
        for (String duration : List.of("NaN:00", "1e9:00", "-1:00", "99999999999", "1:2:3:4", "Infinity:00")) {
            assertThatThrownBy(() -> CdrValues.seconds(duration, "duration"))
                    .as(duration)
                    .isInstanceOf(MalformedCdrException.class);
        }
        assertThat(CdrValues.seconds("0:01:05", "duration")).isEqualTo(65);
        assertThat(CdrValues.seconds("00:00:05.5", "duration")).isEqualTo(5);
        assertThat(CdrValues.seconds("42", "duration")).isEqualTo(42);
        assertThatThrownBy(() -> CdrValues.durationOr(
                        null, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("9999-01-01T00:00:00Z")))
                .isInstanceOf(MalformedCdrException.class);
    }

    // ---- generators

    @Provide
    Arbitrary<CdrFormat> formats() {
        return Arbitraries.of(CdrFormat.class);
    }

    @Provide
    Arbitrary<List<Integer>> seeds() {
        return Arbitraries.integers().between(0, 1_000_000).list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<Integer>> noiseCodes() {
        return Arbitraries.integers().between(0, 1_000_000).list().ofMaxSize(30);
    }

    /**
     * Random bytes as integers: jqwik 1.9.3 moves elements between list and array parameters while shrinking, so a
     * byte[] next to a List&lt;Integer&gt; fails with a ClassCastException instead of shrinking.
     */
    @Provide
    Arbitrary<List<Integer>> bytes() {
        return Arbitraries.integers().between(0, 255).list().ofMaxSize(60);
    }

    private static final List<byte[]> TOKENS = java.util.stream.Stream.of(
                    "\"",
                    "\"\"",
                    ",",
                    "\n",
                    "\r",
                    "\r\n",
                    "{",
                    "}",
                    ":",
                    "\"start\":",
                    "2026-11-20 10:00:00",
                    "60",
                    "0:01:00",
                    "\uFEFF",
                    "\u00e4",
                    "\uD83D\uDCDE",
                    "\\u0000",
                    "\\ud800")
            .map(t -> t.getBytes(StandardCharsets.UTF_8))
            .toList();

    private static final List<byte[]> NOT_UTF8 = List.of(
            new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xC3},
            new byte[] {(byte) 0xC3, (byte) 0x28},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x93},
            new byte[] {0});

    /**
     * Bytes that look a bit like CDR files: random bytes, quotes, commas, line ends, bytes that are not UTF-8, valid
     * lines of any format and now and then a line too long to read. Built from plain integers, which jqwik shrinks
     * well.
     */
    static byte[] noise(List<Integer> codes, List<Integer> random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int from = 0;
        for (int code : codes) {
            switch (code % 12) {
                case 0, 1, 2 -> {
                    int to = Math.min(random.size(), from + code % 17);
                    random.subList(from, to).forEach(b -> out.write(b & 0xFF));
                    from = to;
                }
                case 3, 4, 5 -> out.writeBytes(TOKENS.get(code % TOKENS.size()));
                case 6, 7 -> out.writeBytes(NOT_UTF8.get(code % NOT_UTF8.size()));
                case 8, 9 ->
                    out.writeBytes(
                            valid(CdrFormat.values()[code % 4], code, -1).text().getBytes(StandardCharsets.UTF_8));
                case 10 ->
                    out.writeBytes("x".repeat(CdrReader.MAX_LINE_BYTES + 1).getBytes(StandardCharsets.US_ASCII));
                default ->
                    // Two lines, each short enough, whose open quote would make one record too long.
                    out.writeBytes(("\"" + "y".repeat(40_000) + "\n" + "y".repeat(40_000))
                            .getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toByteArray();
    }

    /** A valid record of the format, derived from the seed; its id is unique per piece (noise: piece -1). */
    record Valid(String id, String number, String text) {}

    static Valid valid(CdrFormat format, int seed, int piece) {
        String id = (piece < 0 ? "noise-" : "id-" + piece + "-") + seed;
        String number = "06" + (10_000_000 + Math.floorMod(seed * 7919, 89_999_999));
        LocalDateTime start = LocalDateTime.of(2026, 1, 1, 0, 0).plusMinutes(Math.floorMod(seed, 400_000));
        String s = start.toString().replace('T', ' ');
        String e = start.plusSeconds(65).toString().replace('T', ' ');
        if (s.length() == 16) {
            s += ":00";
        }
        if (e.length() == 16) {
            e += ":00";
        }
        // Caller ids with quotes and commas, and now and then a line break inside a quoted field.
        String name = switch (seed % 4) {
            case 0 -> "\"Geheim, Jan\" <" + number + ">";
            case 1 -> "J\u00e4n";
            case 2 -> "";
            default -> "Piet\nde Vries";
        };
        String lastData = seed % 5 == 0 ? "welcome\nmessage,\"x\"" : "SIP/trunk/" + number + ",60";
        return switch (format) {
            case ASTERISK ->
                new Valid(
                        id,
                        number,
                        csv(
                                        "",
                                        number,
                                        "0201234567",
                                        "from-internal",
                                        name,
                                        "SIP/201-0001",
                                        "SIP/trunk-0002",
                                        "Dial",
                                        lastData,
                                        s,
                                        s,
                                        e,
                                        "65",
                                        "65",
                                        "ANSWERED",
                                        "DOCUMENTATION",
                                        id,
                                        "",
                                        "",
                                        id)
                                + ",1");
            case FREESWITCH ->
                new Valid(
                        id,
                        number,
                        csv(
                                name,
                                number,
                                "0201234567",
                                "default",
                                s,
                                s,
                                e,
                                "65",
                                "65",
                                "NORMAL_CLEARING",
                                id,
                                "",
                                "",
                                "PCMA",
                                "PCMA"));
            case THREECX -> {
                List<String> fields = new ArrayList<>(List.of(
                        id,
                        "callid",
                        "0:01:05",
                        s.replace('-', '/'),
                        s.replace('-', '/'),
                        e.replace('-', '/'),
                        "TerminatedBySrc",
                        number,
                        "0201234567"));
                while (fields.size() < 26) {
                    fields.add(fields.size() == 19 ? "Chain: 101;" + number + ";" : "");
                }
                yield new Valid(id, number, csv(fields.toArray(String[]::new)));
            }
            case JSONL ->
                new Valid(
                        id,
                        number,
                        "{\"id\":\"" + id + "\",\"start\":\"" + s.replace(' ', 'T') + "\",\"calling\":\"" + number
                                + "\",\"callerId\":\""
                                + name.replace("\"", "\\\"").replace("\n", "\\n")
                                + "\",\"duration\":65}");
        };
    }

    /** Fields as a PBX writes them: quoted when they must be, now and then when they need not. */
    static String csv(String... fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            String f = fields[i];
            if (f.isEmpty() || f.chars().allMatch(Character::isDigit)) {
                b.append(f);
            } else {
                b.append('"').append(f.replace("\"", "\"\"")).append('"');
            }
        }
        return b.toString();
    }

    /** A broken version of a valid line, in one of the ways files break. */
    static byte[] bad(String valid, int seed, byte[] noise) {
        byte[] utf8 = valid.getBytes(StandardCharsets.UTF_8);
        int at = Math.floorMod(seed * 31, Math.max(1, utf8.length));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (seed % 7) {
            case 1 -> {
                // A quote lost.
                int quote = valid.lastIndexOf('"');
                return (quote < 0 ? valid + "\"" : valid.substring(0, quote) + valid.substring(quote + 1))
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> {
                // A stray quote.
                out.write(utf8, 0, at);
                out.write('"');
                out.write(utf8, at, utf8.length - at);
            }
            case 4 -> {
                // Bytes that are not UTF-8 in the middle.
                out.write(utf8, 0, at);
                out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
                out.write(utf8, at, utf8.length - at);
            }
            case 5 -> {
                // Cut off, as the last line of a file being written.
                out.write(utf8, 0, at);
            }
            default -> {
                // A field grown absurdly long, or noise.
                if (seed % 2 == 0) {
                    out.writeBytes(
                            valid.replace("0201234567", "9".repeat(5_000)).getBytes(StandardCharsets.UTF_8));
                } else {
                    out.writeBytes(noise);
                }
            }
        }
        return out.toByteArray();
    }

    /** Line endings in the bytes as the reader counts them: \n, \r\n and \r. */
    static int terminators(byte[] bytes) {
        int n = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                n++;
            } else if (bytes[i] == '\r') {
                n++;
                if (i + 1 < bytes.length && bytes[i + 1] == '\n') {
                    i++;
                }
            }
        }
        return n;
    }
}
