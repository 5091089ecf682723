package nl.waarborg.traffic.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Asterisk writes either {@code cdr_csv} (fixed order, start in column 10) or {@code cdr_custom} (the order of
 * {@code cdr_custom.conf}, in Asterisk's sample the start in column 9). The first line that is a valid record of one
 * of them decides for the whole file; lines before that which are neither are rejected.
 */
final class AsteriskCdrParser implements CdrLineParser {

    private final FieldLayout csv;
    private final FieldLayout custom;
    private final CdrValues values = new CdrValues();
    private FieldLayout detected;

    AsteriskCdrParser(FieldLayout csv, FieldLayout custom) {
        this.csv = csv;
        this.custom = custom;
    }

    @Override
    public CdrRow parse(String line) {
        List<String> fields = CsvLine.split(line);
        if (detected != null) {
            // Both variants share the format key: the same uniqueid logged by either module is the same record.
            return detected.toRow(fields, line, "asterisk", values);
        }
        FieldLayout layout = csv.fits(fields) ? csv : custom.fits(fields) ? custom : null;
        if (layout == null) {
            throw neither(fields, line);
        }
        CdrRow row = layout.toRow(fields, line, "asterisk", values);
        // Decided only by a line that is a row: CdrReader tries lines that may belong to a quoted field before.
        detected = layout;
        return row;
    }

    /** Why a line before the variant is known is neither: what each variant whose field count it has objects to. */
    private MalformedCdrException neither(List<String> fields, String line) {
        if (!csv.counts(fields.size()) && !custom.counts(fields.size())) {
            return new MalformedCdrException("expected " + csv.expected() + " fields (" + csv.name + ") or "
                    + custom.expected() + " (" + custom.name + "), found " + fields.size());
        }
        List<String> reasons = new ArrayList<>(2);
        for (FieldLayout layout : List.of(csv, custom)) {
            if (layout.counts(fields.size())) {
                try {
                    layout.toRow(fields, line, "asterisk", values);
                } catch (MalformedCdrException e) {
                    reasons.add(e.getMessage() + " (as " + layout.name + ")");
                }
            }
        }
        return new MalformedCdrException(
                reasons.isEmpty() ? "neither an Asterisk cdr_csv nor a cdr_custom line" : String.join("; ", reasons));
    }

    @Override
    public String variant() {
        return detected == null ? null : detected.name;
    }
}
