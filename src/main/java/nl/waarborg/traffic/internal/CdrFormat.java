package nl.waarborg.traffic.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The CDR sources Waarborg reads. */
public enum CdrFormat {
    /** Asterisk {@code cdr_csv} (Master.csv) or {@code cdr_custom}; which of the two is detected per file. */
    ASTERISK("asterisk"),
    /** FreeSWITCH {@code mod_cdr_csv} with its default ("example") template. */
    FREESWITCH("freeswitch"),
    /** 3CX CDR output with the field order of {@code waarborg.traffic.threecx-fields}. */
    THREECX("3cx"),
    /** One JSON object per line, Waarborg's own API format. */
    JSONL("jsonl");

    final String key;

    CdrFormat(String key) {
        this.key = key;
    }

    public static Optional<CdrFormat> of(String key) {
        String k = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.key.equals(k)).findFirst();
    }
}
