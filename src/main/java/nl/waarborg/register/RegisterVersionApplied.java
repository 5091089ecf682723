package nl.waarborg.register;

import java.time.Instant;
import java.time.LocalDate;

/** Published after a new register version has been stored; the statement and retention modules react to it. */
public record RegisterVersionApplied(int version, LocalDate inForceFrom, String contentHash, Instant appliedAt) {}
