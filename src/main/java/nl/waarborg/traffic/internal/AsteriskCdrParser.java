package nl.waarborg.traffic.internal;

import java.util.List;

/**
 * Asterisk writes either {@code cdr_csv} (fixed order, start in column 10) or {@code cdr_custom} (the order of
 * {@code cdr_custom.conf}, in Asterisk's sample the start in column 9). The first line that fits one of them decides
 * for the whole file; lines before that which fit neither are rejected.
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
        if (detected == null) {
            if (csv.fits(fields)) {
                detected = csv;
            } else if (custom.fits(fields)) {
                detected = custom;
            } else {
                throw new MalformedCdrException("neither an Asterisk cdr_csv nor a cdr_custom line");
            }
        }
        // Both variants share the format key: the same uniqueid logged by either module is the same record.
        return detected.toRow(fields, line, "asterisk", values);
    }

    @Override
    public String variant() {
        return detected == null ? null : detected.name;
    }
}
