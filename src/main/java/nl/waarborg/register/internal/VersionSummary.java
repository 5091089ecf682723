package nl.waarborg.register.internal;

import java.time.Instant;
import java.time.LocalDate;

/** A register version without its content, for lists. */
public record VersionSummary(
        int number,
        Instant appliedAt,
        String author,
        String changeSummary,
        LocalDate inForceFrom,
        String contentHash,
        int categories) {}
