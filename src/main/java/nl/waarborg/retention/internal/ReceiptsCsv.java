package nl.waarborg.retention.internal;

import java.util.List;

/** Receipts as CSV (RFC 4180), one row each, for a spreadsheet or an auditor. */
public final class ReceiptsCsv {

    private static final String[] HEADER = {
        "receipt",
        "run",
        "written_at",
        "category",
        "place",
        "type",
        "register_version",
        "rule",
        "as_of",
        "cutoff",
        "status",
        "removed",
        "held",
        "reference",
        "detail",
        "duration_ms"
    };

    private ReceiptsCsv() {}

    public static String write(List<Receipt> receipts) {
        StringBuilder out = new StringBuilder();
        line(out, (Object[]) HEADER);
        for (Receipt r : receipts) {
            line(
                    out,
                    r.id(),
                    r.runId(),
                    r.writtenAt(),
                    r.category(),
                    r.store(),
                    r.organisation(),
                    r.storeType(),
                    r.registerVersion(),
                    r.rule(),
                    r.asOf(),
                    r.cutoff(),
                    r.status(),
                    r.removed(),
                    r.held(),
                    r.reference(),
                    r.detail(),
                    r.durationMs());
        }
        return out.toString();
    }

    private static void line(StringBuilder out, Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            String v = cells[i] == null ? "" : cells[i].toString();
            // A cell a spreadsheet would run as a formula is quoted with a leading apostrophe.
            if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
                v = "'" + v;
            }
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                v = '"' + v.replace("\"", "\"\"") + '"';
            }
            out.append(v);
        }
        out.append("\r\n");
    }
}
