package nl.waarborg.traffic.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
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

    /** Name-based UUID (version 3, as {@link UUID#nameUUIDFromBytes}) without a new digest per row. */
    UUID recordId(String name) {
        byte[] hash = md5.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] &= 0x0f;
        hash[6] |= 0x30;
        hash[8] &= 0x3f;
        hash[8] |= (byte) 0x80;
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (hash[i] & 0xff);
        }
        for (int i = 8; i < 16; i++) {
            lsb = (lsb << 8) | (hash[i] & 0xff);
        }
        return new UUID(msb, lsb);
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
                    while (i < n && Character.isDigit(s.charAt(i))) {
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
                    } catch (java.time.DateTimeException e) {
                        throw new MalformedCdrException(field + " is not a valid date and time");
                    }
                }
            }
        }
        try {
            return OffsetDateTime.parse(s.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedCdrException(field + " is not a date and time");
        }
    }

    /** Whole seconds, or {@code H:MM:SS} as 3CX writes durations. Empty means absent. */
    static Integer seconds(String raw, String field) {
        String s = blankToNull(raw);
        if (s == null) {
            return null;
        }
        try {
            if (s.indexOf(':') >= 0) {
                String[] parts = s.split(":");
                int total = 0;
                for (String p : parts) {
                    double v = Double.parseDouble(p);
                    total = total * 60 + (int) v;
                }
                return total;
            }
            int v = Integer.parseInt(s);
            if (v < 0) {
                throw new MalformedCdrException(field + " is negative");
            }
            return v;
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
    static Integer durationOr(Integer given, java.time.Instant start, java.time.Instant end) {
        return given != null || end == null
                ? given
                : Integer.valueOf((int) Math.max(0, end.getEpochSecond() - start.getEpochSecond()));
    }

    /** Billable time when the source leaves it out: from answer to end; unanswered calls have none. */
    static Integer billableOr(Integer given, java.time.Instant answer, java.time.Instant end) {
        return given != null || answer == null || end == null
                ? given
                : Integer.valueOf((int) Math.max(0, end.getEpochSecond() - answer.getEpochSecond()));
    }
}
