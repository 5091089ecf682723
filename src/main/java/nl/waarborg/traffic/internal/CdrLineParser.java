package nl.waarborg.traffic.internal;

/** Turns one line (one record) of a CDR file into a row; one instance per import, not thread-safe. */
interface CdrLineParser {

    /** The row, or a {@link MalformedCdrException} that says why not. */
    CdrRow parse(String line);

    /** The variant actually read, for example {@code asterisk-cdr_custom}; null until known. */
    String variant();
}
