package nl.waarborg.traffic.internal;

/** FreeSWITCH and 3CX: one fixed layout per file. */
final class CsvCdrParser implements CdrLineParser {

    private final String format;
    private final FieldLayout layout;
    private final CdrValues values = new CdrValues();

    CsvCdrParser(String format, FieldLayout layout) {
        this.format = format;
        this.layout = layout;
    }

    @Override
    public CdrRow parse(String line) {
        return layout.toRow(CsvLine.split(line), line, format, values);
    }

    @Override
    public String variant() {
        return layout.name;
    }
}
