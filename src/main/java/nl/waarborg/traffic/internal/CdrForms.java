package nl.waarborg.traffic.internal;

import java.time.Instant;

/**
 * What the compact layout leaves out of a stored call and how it is rebuilt exactly (migration {@code
 * V20261206_0100}): a raw number that is its E.164 number as a PBX writes it, and an end or answer time that follows
 * from the start and the durations. The bits of the {@code forms} column say which; a value that does not follow is
 * stored as it came.
 */
final class CdrForms {

    /** The raw number as stored (or none). */
    static final int RAW_STORED = 0;
    /** The raw number is the E.164 number itself. */
    static final int RAW_E164 = 1;
    /** The raw number is 0 and the national number of a Dutch (+31) number. */
    static final int RAW_NATIONAL = 2;
    /** The raw number is 00 and the E.164 digits. */
    static final int RAW_INTERNATIONAL = 3;

    static final int END_DERIVED = 1 << 4;
    static final int ANSWER_DERIVED = 1 << 5;
    /** The caller id is {@code "name" <raw calling number>}, as Asterisk writes it: only the name is stored. */
    static final int CALLER_ID_NAMED = 1 << 6;

    private CdrForms() {}

    /** How the raw number is written relative to its E.164 form. */
    static int rawForm(String raw, String e164) {
        if (raw == null || e164 == null) {
            return RAW_STORED;
        }
        if (raw.equals(e164)) {
            return RAW_E164;
        }
        int n = raw.length();
        if (e164.startsWith("+31")
                && n == e164.length() - 2
                && raw.charAt(0) == '0'
                && raw.regionMatches(1, e164, 3, n - 1)) {
            return RAW_NATIONAL;
        }
        if (n == e164.length() + 1 && raw.startsWith("00") && raw.regionMatches(2, e164, 1, n - 2)) {
            return RAW_INTERNATIONAL;
        }
        return RAW_STORED;
    }

    /** The raw number as it came in, from the stored column, the form and the E.164 number. */
    static String raw(int form, String stored, String e164) {
        if (form == RAW_STORED || e164 == null) {
            return form == RAW_STORED ? stored : null;
        }
        return switch (form) {
            case RAW_E164 -> e164;
            case RAW_NATIONAL -> "0" + e164.substring(3);
            default -> "00" + e164.substring(1);
        };
    }

    static int callingForm(int forms) {
        return forms & 3;
    }

    static int calledForm(int forms) {
        return (forms >> 2) & 3;
    }

    /** The forms of a parsed call with its numbers normalised. */
    static int of(CdrRow r, String callingE164, String calledE164) {
        int forms = rawForm(r.callingRaw(), callingE164) | rawForm(r.calledRaw(), calledE164) << 2;
        if (endDerived(r)) {
            forms |= END_DERIVED;
        }
        if (answerDerived(r)) {
            forms |= ANSWER_DERIVED;
        }
        if (callerIdName(r.callerId(), r.callingRaw()) != null) {
            forms |= CALLER_ID_NAMED;
        }
        return forms;
    }

    /** The name in a caller id of the form {@code "name" <raw>}, or null when it has another form. */
    static String callerIdName(String callerId, String raw) {
        if (callerId == null || raw == null || callerId.length() < raw.length() + 5 || callerId.charAt(0) != '"') {
            return null;
        }
        int name = callerId.length() - raw.length() - 4;
        return callerId.startsWith("\" <", name) && callerId.endsWith(">") && callerId.startsWith(raw, name + 3)
                ? callerId.substring(1, name)
                : null;
    }

    /** The caller id as it came in, from the stored column and the raw calling number. */
    static String callerId(int forms, String stored, String raw) {
        return (forms & CALLER_ID_NAMED) != 0 && stored != null && raw != null
                ? "\"" + stored + "\" <" + raw + ">"
                : stored;
    }

    static boolean endDerived(CdrRow r) {
        return r.end() != null
                && r.duration() != null
                && r.end().equals(r.start().plusSeconds(r.duration()));
    }

    static boolean answerDerived(CdrRow r) {
        return r.answer() != null
                && r.end() != null
                && r.billsec() != null
                && r.answer().equals(r.end().minusSeconds(r.billsec()));
    }

    static Instant end(int forms, Instant stored, Instant start, Integer duration) {
        return stored == null && (forms & END_DERIVED) != 0 && duration != null ? start.plusSeconds(duration) : stored;
    }

    static Instant answer(int forms, Instant stored, Instant end, Integer billsec) {
        return stored == null && (forms & ANSWER_DERIVED) != 0 && end != null && billsec != null
                ? end.minusSeconds(billsec)
                : stored;
    }

    /**
     * An E.164 number as {@code traffic_cdr} stores it: its digits without the {@code +}, as a {@code bigint}
     * (migration {@code V20261206_0100}, whose {@code traffic_number} does the same in SQL). Only E.164 text comes
     * here, from {@code Identifiers.phone}; anything else is a defect, not input.
     */
    static long digits(String e164) {
        if (!storable(e164)) {
            throw new IllegalArgumentException("not an E.164 number that fits in a bigint");
        }
        return Long.parseLong(e164, 1, e164.length(), 10);
    }

    /**
     * Whether {@code traffic_cdr} can store the number as digits: {@code +}, a first digit other than 0 and at most
     * nineteen digits in all that fit in a {@code bigint}. E.164 allows fifteen; libphonenumber calls some longer
     * national numbers possible (Japan's, with a leading zero kept, up to nineteen).
     */
    static boolean storable(String e164) {
        if (e164 == null || e164.length() < 2 || e164.length() > 20 || e164.charAt(0) != '+' || e164.charAt(1) == '0') {
            return false;
        }
        for (int i = 1; i < e164.length(); i++) {
            if (e164.charAt(i) < '0' || e164.charAt(i) > '9') {
                return false;
            }
        }
        return e164.length() < 20 || e164.substring(1).compareTo(Long.toString(Long.MAX_VALUE)) <= 0;
    }

    /** The E.164 text of stored digits; null stays null (an extension, or an erased number). */
    static String e164(Long digits) {
        return digits == null ? null : "+" + digits;
    }

    /** A record id as the API and packages show it: sixteen hexadecimal digits. */
    static String recordId(long id) {
        String hex = Long.toHexString(id);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
