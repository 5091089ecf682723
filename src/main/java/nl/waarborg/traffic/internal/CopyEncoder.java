package nl.waarborg.traffic.internal;

import java.time.Instant;

/**
 * Writes a call in COPY's text format, in the compact layout of {@code traffic_cdr} (migration {@code
 * V20261206_0100}): values that follow from others are left out and their form recorded in {@code forms}.
 */
final class CopyEncoder {

    static final String COLUMNS = "call_start, record_id, answer_at, end_at, import_no, duration_s, billsec_s,"
            + " context_id, disposition_id, forms, calling_number, called_number, calling_raw, called_raw, caller_id,"
            + " account_code, channel, dst_channel, unique_id";

    private CopyEncoder() {}

    static void row(
            StringBuilder b,
            CdrRow r,
            int importNo,
            String callingE164,
            String calledE164,
            Integer contextId,
            Integer dispositionId) {
        int forms = CdrForms.of(r, callingE164, calledE164);
        instant(b, r.start());
        b.append('\t').append(r.recordId());
        b.append('\t');
        instant(b, (forms & CdrForms.ANSWER_DERIVED) != 0 ? null : r.answer());
        b.append('\t');
        instant(b, (forms & CdrForms.END_DERIVED) != 0 ? null : r.end());
        b.append('\t').append(importNo);
        b.append('\t');
        number(b, r.duration());
        b.append('\t');
        number(b, r.billsec());
        b.append('\t');
        number(b, contextId);
        b.append('\t');
        number(b, dispositionId);
        b.append('\t').append(forms);
        b.append('\t');
        e164(b, callingE164);
        b.append('\t');
        e164(b, calledE164);
        b.append('\t');
        text(b, CdrForms.callingForm(forms) == CdrForms.RAW_STORED ? r.callingRaw() : null);
        b.append('\t');
        text(b, CdrForms.calledForm(forms) == CdrForms.RAW_STORED ? r.calledRaw() : null);
        b.append('\t');
        text(
                b,
                (forms & CdrForms.CALLER_ID_NAMED) != 0
                        ? CdrForms.callerIdName(r.callerId(), r.callingRaw())
                        : r.callerId());
        b.append('\t');
        text(b, r.accountCode());
        b.append('\t');
        text(b, r.channel());
        b.append('\t');
        text(b, r.dstChannel());
        b.append('\t');
        text(b, r.uniqueId());
        b.append('\n');
    }

    /**
     * To the microsecond, as PostgreSQL keeps it, cut rather than rounded: a start of 23:59:59.9999996 stays in its
     * day (and its day's partition) instead of being rounded into the next.
     */
    private static void instant(StringBuilder b, Instant t) {
        if (t == null) {
            b.append("\\N");
        } else {
            b.append(t.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        }
    }

    private static void number(StringBuilder b, Integer n) {
        if (n == null) {
            b.append("\\N");
        } else {
            b.append(n.intValue());
        }
    }

    private static void e164(StringBuilder b, String e164) {
        if (e164 == null) {
            b.append("\\N");
        } else {
            b.append(CdrForms.digits(e164));
        }
    }

    private static void text(StringBuilder b, String s) {
        if (s == null) {
            b.append("\\N");
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\0' -> {
                    // PostgreSQL text cannot hold NUL; a PBX never means it.
                }
                default -> b.append(c);
            }
        }
    }
}
