package nl.waarborg.traffic.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;

/** Field conversions shared by the CDR parsers; fast paths for the forms PBXs write. */
final class CdrValues {

    private final MessageDigest md5;

    CdrValues() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The record's id: the first 64 bits of its name-based UUID (version 3, as {@link UUID#nameUUIDFromBytes}),
     * version bits included, computed without a new digest per row. Records stored as UUIDs before the compact layout
     * were migrated to the same 64 bits, so a file sent again is still recognised.
     */
    long recordId(String name) {
        byte[] hash = md5.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] &= 0x0f;
        hash[6] |= 0x30;
        hash[8] &= 0x3f;
        hash[8] |= (byte) 0x80;
        long msb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (hash[i] & 0xff);
        }
        return msb;
    }

    /**
     * Rejects a field that no PBX writes: longer than {@code maxChars}, or holding a lone surrogate. {@link CdrReader}
     * puts one where the bytes were not UTF-8 (a decoder never yields one), so this names the field with the bad
     * bytes; a JSON escape of a lone surrogate is no text either. The message never repeats the value.
     */
    static void checkText(String value, String field, int maxChars) {
        if (value.length() > maxChars) {
            throw new MalformedCdrException(
                    field + " is longer than " + maxChars + " characters (" + value.length() + ")");
        }
        if (!wellFormed(value)) {
            throw new MalformedCdrException(field + " is not valid UTF-8");
        }
    }

    /** Whether every surrogate in the text is half of a pair. */
    static boolean wellFormed(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    static String blankToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    /**
     * {@code 2026-11-20 10:00:00}, {@code 2026/11/20 10:00:00}, with optional fraction, {@code T} and offset. Without
     * an offset the time is read in {@code zone}. Empty means absent.
     */
    static Instant timestamp(String raw, ZoneId zone, String field) {
        String s = blankToNull(raw);
        if (s == null) {
            return null;
        }
        int n = s.length();
        if (n >= 19
                && digits(s, 0, 4)
                && digits(s, 5, 2)
                && digits(s, 8, 2)
                && digits(s, 11, 2)
                && digits(s, 14, 2)
                && digits(s, 17, 2)) {
            char d1 = s.charAt(4);
            char d2 = s.charAt(7);
            char sep = s.charAt(10);
            if ((d1 == '-' || d1 == '/')
                    && d2 == d1
                    && (sep == ' ' || sep == 'T')
                    && s.charAt(13) == ':'
                    && s.charAt(16) == ':') {
                int nano = 0;
                int i = 19;
                if (i < n && s.charAt(i) == '.') {
                    int scale = 100_000_000;
                    i++;
                    // ASCII digits only: Character.isDigit would let other scripts' digits through as nonsense.
                    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                        nano += (s.charAt(i) - '0') * scale;
                        scale /= 10;
                        i++;
                    }
                }
                if (i == n) {
                    try {
                        LocalDateTime local = LocalDateTime.of(
                                num(s, 0, 4),
                                num(s, 5, 2),
                                num(s, 8, 2),
                                num(s, 11, 2),
                                num(s, 14, 2),
                                num(s, 17, 2),
                                nano);
                        return local.atZone(zone).toInstant();
                    } catch (DateTimeException e) {
                        throw new MalformedCdrException(field + " is not a valid date and time");
                    }
                }
            }
        }
        try {
            return OffsetDateTime.parse(s.replace(' ', 'T')).toInstant();
        } catch (DateTimeException e) {
            throw new MalformedCdrException(field + " is not a date and time");
        }
    }

    /** Whole seconds, or {@code [H:]MM:SS} (with a fraction of the seconds) as 3CX writes durations. Empty: absent. */
    static Integer seconds(String raw, String field) {
        String s = blankToNull(raw);
        if (s == null) {
            return null;
        }
        try {
            if (s.indexOf(':') >= 0) {
                // Strict on purpose: Double.parseDouble took "NaN", "1e9" and signs, and the sum could overflow.
                String[] parts = s.split(":", -1);
                if (parts.length > 3) {
                    throw new NumberFormatException();
                }
                long total = 0;
                for (int p = 0; p < parts.length; p++) {
                    String part = parts[p];
                    int dot = p == parts.length - 1 ? part.indexOf('.') : -1;
                    String whole = dot < 0 ? part : part.substring(0, dot);
                    String fraction = dot < 0 ? "" : part.substring(dot + 1);
                    if (whole.isEmpty()
                            || whole.length() > 9
                            || !digits(whole, 0, whole.length())
                            || !digits(fraction, 0, fraction.length())) {
                        throw new NumberFormatException();
                    }
                    total = total * 60 + Long.parseLong(whole);
                }
                if (total > Integer.MAX_VALUE) {
                    throw new MalformedCdrException(field + " is too large");
                }
                return (int) total;
            }
            if (s.startsWith("-")) {
                throw new MalformedCdrException(field + " is negative");
            }
            // ASCII digits only: parseInt would also take "+60" and other scripts' digits.
            if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new NumberFormatException();
            }
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new MalformedCdrException(field + " is not a whole number of seconds");
        }
    }

    private static boolean digits(String s, int from, int len) {
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int num(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    /** Call length when the source leaves it out: from start to end. */
    static Integer durationOr(Integer given, Instant start, Instant end) {
        return given != null || end == null ? given : between(start, end, "end");
    }

    /** Billable time when the source leaves it out: from answer to end; unanswered calls have none. */
    static Integer billableOr(Integer given, Instant answer, Instant end) {
        return given != null || answer == null || end == null ? given : between(answer, end, "end");
    }

    // An end in year 9999 would overflow the int column into a negative length: rejected instead.
    private static Integer between(Instant from, Instant to, String field) {
        long seconds = Math.max(0, to.getEpochSecond() - from.getEpochSecond());
        if (seconds > Integer.MAX_VALUE) {
            throw new MalformedCdrException(field + " is too far after start");
        }
        return (int) seconds;
    }
}
