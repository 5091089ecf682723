package nl.waarborg.traffic.internal;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import org.postgresql.copy.CopyIn;

/**
 * Writes rows in COPY's text format straight into a running {@code COPY ... FROM STDIN}, in chunks of about 64 KB:
 * rows go to PostgreSQL as they are parsed, so memory stays flat whatever the file's size.
 */
final class CopyEncoder {

    static final String COLUMNS = "call_start, record_id, source_format, calling_number, called_number, calling_raw,"
            + " called_raw, caller_id, account_code, context, channel, dst_channel, answer_at, end_at, duration_s,"
            + " billsec_s, disposition, unique_id";

    private static final int CHUNK = 1 << 16;
    private final StringBuilder buffer = new StringBuilder(CHUNK + 4096);
    private CopyIn copy;

    void start(CopyIn copy) {
        this.copy = copy;
        buffer.setLength(0);
    }

    void row(CdrRow r, String format, String callingE164, String calledE164) throws SQLException {
        StringBuilder b = buffer;
        instant(r.start());
        b.append('\t').append(r.recordId());
        b.append('\t').append(format);
        b.append('\t');
        text(callingE164);
        b.append('\t');
        text(calledE164);
        b.append('\t');
        text(r.callingRaw());
        b.append('\t');
        text(r.calledRaw());
        b.append('\t');
        text(r.callerId());
        b.append('\t');
        text(r.accountCode());
        b.append('\t');
        text(r.context());
        b.append('\t');
        text(r.channel());
        b.append('\t');
        text(r.dstChannel());
        b.append('\t');
        instant(r.answer());
        b.append('\t');
        instant(r.end());
        b.append('\t');
        number(r.duration());
        b.append('\t');
        number(r.billsec());
        b.append('\t');
        text(r.disposition());
        b.append('\t');
        text(r.uniqueId());
        b.append('\n');
        if (b.length() >= CHUNK) {
            flush();
        }
    }

    /** Sends what is buffered; the caller then ends the COPY. */
    void flush() throws SQLException {
        if (buffer.length() > 0) {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }
    }

    private void instant(Instant t) {
        if (t == null) {
            buffer.append("\\N");
        } else {
            buffer.append(t);
        }
    }

    private void number(Integer n) {
        if (n == null) {
            buffer.append("\\N");
        } else {
            buffer.append(n.intValue());
        }
    }

    private void text(String s) {
        if (s == null) {
            buffer.append("\\N");
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> buffer.append("\\\\");
                case '\t' -> buffer.append("\\t");
                case '\n' -> buffer.append("\\n");
                case '\r' -> buffer.append("\\r");
                case '\0' -> {
                    // PostgreSQL text cannot hold NUL; a PBX never means it.
                }
                default -> buffer.append(c);
            }
        }
    }
}
