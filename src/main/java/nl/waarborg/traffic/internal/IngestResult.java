package nl.waarborg.traffic.internal;

import java.util.List;
import java.util.UUID;

/**
 * What an import did. {@code read} counts records (non-blank lines); {@code read = added + duplicates + rejected}.
 *
 * @param variant the variant read, for example {@code asterisk-cdr_custom}; null when no record showed it
 * @param outcome {@link #DONE}, or {@link #REJECTED} when the file had records and every one was rejected
 * @param message the outcome in a sentence, for a person
 * @param rejections the first rejected lines, with the reason (never the line's content)
 */
public record IngestResult(
        UUID importId,
        String format,
        String variant,
        String outcome,
        String message,
        long read,
        long added,
        long duplicates,
        long rejected,
        List<Rejection> rejections,
        boolean rejectionsTruncated) {

    /** The file was read to its end and its valid records are stored. */
    public static final String DONE = "DONE";
    /** The file was read to its end, but every record in it was rejected: nothing was imported. */
    public static final String REJECTED = "REJECTED";

    public record Rejection(long line, String reason) {}
}
