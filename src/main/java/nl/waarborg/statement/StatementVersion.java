package nl.waarborg.statement;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A published version of the privacy statement.
 *
 * @param registerVersion the register version it was generated from
 * @param effectiveFrom the date it took effect; the statement's "last updated" date
 * @param contentHash SHA-256 of its Dutch and English text without the date; equal texts have equal hashes
 */
public record StatementVersion(
        int number, int registerVersion, LocalDate effectiveFrom, Instant createdAt, String contentHash) {}
