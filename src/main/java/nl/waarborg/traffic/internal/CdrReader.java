package nl.waarborg.traffic.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a CDR byte stream into records and parses each into a row or a rejection, so that whatever a line holds it
 * costs that line only. Lines end at {@code \n}, {@code \r\n} or {@code \r}; a quoted field may continue a record over
 * several lines. Not thread-safe; one per import.
 *
 * <p>Bytes are read and decoded per line, not through a {@link java.io.Reader}: a Reader silently turns bytes that
 * are not UTF-8 into U+FFFD (and stores them), and holds a line of any length. Here a line longer than
 * {@link #MAX_LINE_BYTES} is skipped unread and rejected, and bytes that are not UTF-8 are decoded as {@link
 * #NOT_UTF8}, so that the parser rejects the line and names the field.
 */
final class CdrReader {

    /** Longest line read; a longer one is skipped (never held) and rejected. */
    static final int MAX_LINE_BYTES = 1 << 16;
    /** Longest record a quoted field may continue over several lines. */
    static final int MAX_RECORD_CHARS = 1 << 16;
    /** Stands for a byte sequence that is not UTF-8: a lone surrogate, which no UTF-8 decoder ever yields. */
    static final char NOT_UTF8 = '\uDCFF';

    private final InputStream in;
    private final boolean csv;
    private final CdrLineParser parser;
    private final Instant earliest;
    private final Instant latest;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    // The last line ended in \r: a \n right after it belongs to that line ending.
    private boolean skipLinefeed;
    private byte[] bytes = new byte[512];
    private long lineNo;
    // Lines read ahead for a record that turned out not to continue over them: they are read again as records.
    private final ArrayDeque<Line> pushedBack = new ArrayDeque<>();
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private CharBuffer chars = CharBuffer.allocate(512);

    private long recordLine;
    private CdrRow row;
    private String rejection;

    /** One physical line; {@code text} is null when the line was too long to read. */
    private record Line(long number, String text) {}

    /**
     * @param csv whether a quoted field may hold a line break (every format but JSON lines)
     * @param earliest rows starting before this are typos (year 1970), not calls
     * @param latest rows starting after this are typos (year 2099), not calls
     */
    CdrReader(InputStream in, boolean csv, CdrLineParser parser, Instant earliest, Instant latest) {
        this.in = in;
        this.csv = csv;
        this.parser = parser;
        this.earliest = earliest;
        this.latest = latest;
    }

    /** Reads the next record (blank lines are skipped); false at the end of the stream. */
    boolean next() throws IOException {
        Line first;
        do {
            first = take();
            if (first == null) {
                return false;
            }
        } while (first.text != null && first.text.isBlank());
        recordLine = first.number;
        row = null;
        rejection = null;
        if (first.text == null) {
            rejection = "the line is longer than " + MAX_LINE_BYTES + " bytes";
        } else if (csv && first.text.indexOf('"') >= 0 && CsvLine.unterminated(first.text)) {
            continued(first);
        } else {
            parse(first.text);
        }
        return true;
    }

    /** The line the current record starts on (1-based). */
    long line() {
        return recordLine;
    }

    /** The current record's row, or null when it was rejected. */
    CdrRow row() {
        return row;
    }

    /** Why the current record was rejected (never its content), or null. */
    String rejection() {
        return rejection;
    }

    /**
     * A record whose first line ends inside a quoted field: a line break in a field (Asterisk's lastdata, say) or a
     * broken quote. The next lines belong to it only when none of them is a valid record of its own and together
     * they close the quote and make a valid record. Otherwise only the first line is rejected and the lines after it
     * are read again as records of their own: a broken quote costs exactly its own line.
     */
    private void continued(Line first) throws IOException {
        StringBuilder record = new StringBuilder(first.text);
        List<Line> taken = new ArrayList<>();
        boolean open = true;
        while (open && record.length() < MAX_RECORD_CHARS) {
            Line next = take();
            if (next == null) {
                break;
            }
            boolean odd = next.text != null && CsvLine.unterminated(next.text);
            if (next.text == null || (!odd && isRecord(next.text))) {
                pushedBack.addFirst(next);
                break;
            }
            taken.add(next);
            record.append('\n').append(next.text);
            open ^= odd;
        }
        if (!open) {
            CdrRow joined = null;
            try {
                joined = parser.parse(record.toString());
            } catch (MalformedCdrException e) {
                // Read as one record the lines make no row: the first line's quote is the broken one.
            }
            if (joined != null) {
                accept(joined);
                return;
            }
        }
        for (int i = taken.size() - 1; i >= 0; i--) {
            pushedBack.addFirst(taken.get(i));
        }
        rejection = "a quoted field is not closed";
    }

    private boolean isRecord(String text) {
        try {
            parser.parse(text);
            return true;
        } catch (MalformedCdrException e) {
            return false;
        }
    }

    private void parse(String text) {
        try {
            accept(parser.parse(text));
        } catch (MalformedCdrException e) {
            rejection = e.getMessage();
        }
    }

    private void accept(CdrRow parsed) {
        if (parsed.start().isBefore(earliest) || parsed.start().isAfter(latest)) {
            rejection = "start is more than 20 years ago or a year ahead";
        } else {
            row = parsed;
        }
    }

    private Line take() throws IOException {
        Line line = pushedBack.pollFirst();
        return line != null ? line : readLine();
    }

    /** The next physical line, or null at the end of the stream. */
    private Line readLine() throws IOException {
        int length = 0;
        boolean any = false;
        boolean tooLong = false;
        boolean ascii = true;
        while (true) {
            if (pos >= limit) {
                int n = in.read(buffer, 0, buffer.length);
                if (n < 0) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
                pos = 0;
                limit = n;
                continue;
            }
            if (skipLinefeed) {
                skipLinefeed = false;
                if (buffer[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            any = true;
            int end = pos;
            byte b = 0;
            while (end < limit) {
                b = buffer[end];
                if (b == '\n' || b == '\r') {
                    break;
                }
                if (b < 0) {
                    ascii = false;
                }
                end++;
            }
            int n = end - pos;
            if (!tooLong) {
                if (length + n > MAX_LINE_BYTES) {
                    // Read on to the line's end without keeping it: memory stays bounded whatever the file holds.
                    tooLong = true;
                } else {
                    if (length + n > bytes.length) {
                        bytes = Arrays.copyOf(bytes, Math.min(MAX_LINE_BYTES, Math.max(length + n, 2 * bytes.length)));
                    }
                    System.arraycopy(buffer, pos, bytes, length, n);
                    length += n;
                }
            }
            if (end < limit) {
                pos = end + 1;
                skipLinefeed = b == '\r';
                break;
            }
            pos = end;
        }
        lineNo++;
        if (tooLong) {
            return new Line(lineNo, null);
        }
        String text = ascii ? new String(bytes, 0, length, StandardCharsets.ISO_8859_1) : decode(length);
        if (lineNo == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        return new Line(lineNo, text);
    }

    /** Strict UTF-8: each byte sequence that is not UTF-8 becomes one {@link #NOT_UTF8}. */
    private String decode(int length) {
        ByteBuffer source = ByteBuffer.wrap(bytes, 0, length);
        // UTF-8 never yields more chars than bytes, and a bad sequence of n bytes yields one.
        if (chars.capacity() < length) {
            chars = CharBuffer.allocate(Math.max(length, 2 * chars.capacity()));
        }
        chars.clear();
        utf8.reset();
        while (true) {
            CoderResult result = utf8.decode(source, chars, true);
            if (result.isUnderflow()) {
                break;
            }
            if (result.isOverflow()) {
                throw new IllegalStateException("UTF-8 decoded to more chars than bytes");
            }
            chars.put(NOT_UTF8);
            source.position(source.position() + result.length());
        }
        utf8.flush(chars);
        chars.flip();
        return chars.toString();
    }
}
