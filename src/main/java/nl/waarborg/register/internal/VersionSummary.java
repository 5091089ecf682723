package nl.waarborg.register.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A register version without its content, for lists.
 *
 * @param acceptedFindingsReason why the version was applied although the check found errors; null when it found none
 * @param acceptedFindings the rules of the error findings accepted with it; empty when none
 */
public record VersionSummary(
        int number,
        Instant appliedAt,
        String author,
        String changeSummary,
        LocalDate inForceFrom,
        String contentHash,
        int categories,
        String acceptedFindingsReason,
        List<String> acceptedFindings) {

    public VersionSummary {
        acceptedFindings = acceptedFindings == null ? List.of() : List.copyOf(acceptedFindings);
    }
}
