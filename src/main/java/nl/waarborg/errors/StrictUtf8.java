package nl.waarborg.errors;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a file's bytes as UTF-8 without replacing anything: a byte that is not UTF-8 is reported with where it is,
 * so that the person can find it, instead of becoming U+FFFD in what Waarborg stores or publishes. Used wherever a file
 * arrives (a register, a statement to import, the CLI before it sends one).
 */
public final class StrictUtf8 {

    private StrictUtf8() {}

    /**
     * Where the first invalid byte is.
     *
     * @param utf16 the file starts with a UTF-16 byte order mark: the whole file is in another encoding
     * @param value the byte itself (0–255), which says nothing about a person
     */
    public record Invalid(long offset, int line, int column, int value, boolean utf16) {}

    /** The text, or where it stops being UTF-8; exactly one of the two is set. */
    public record Decoded(String text, Invalid invalid) {

        public boolean valid() {
            return invalid == null;
        }
    }

    public static Decoded decode(byte[] bytes) {
        if (bytes.length >= 2
                && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
                        || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))) {
            return new Decoded(null, new Invalid(0, 1, 1, bytes[0] & 0xFF, true));
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (!result.isError()) {
            return new Decoded(out.flip().toString(), null);
        }
        int offset = in.position();
        String before = out.flip().toString();
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < before.length(); i++) {
            if (before.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = before.codePointCount(lineStart, before.length()) + 1;
        return new Decoded(null, new Invalid(offset, line, column, bytes[offset] & 0xFF, false));
    }
}
