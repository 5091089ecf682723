package nl.waarborg.register;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One applied, immutable version of the register. Everything derived from the register names the {@code number} it
 * used.
 *
 * @param author who applied it, as {@code TYPE:id} (a staff account, an API token or the system), never a name
 * @param contentHash SHA-256 of the canonical JSON form; equal registers have equal hashes
 */
public record RegisterVersion(
        int number,
        Instant appliedAt,
        String author,
        String changeSummary,
        LocalDate inForceFrom,
        String contentHash,
        Register register) {}
