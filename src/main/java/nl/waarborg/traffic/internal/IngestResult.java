package nl.waarborg.traffic.internal;

import java.util.List;
import java.util.UUID;

/**
 * What an import did. {@code read} counts records (non-blank lines); {@code read = added + duplicates + rejected}.
 *
 * @param rejections the first rejected lines, with the reason (never the line's content)
 */
public record IngestResult(
        UUID importId,
        String format,
        String variant,
        long read,
        long added,
        long duplicates,
        long rejected,
        List<Rejection> rejections,
        boolean rejectionsTruncated) {

    public record Rejection(long line, String reason) {}
}
