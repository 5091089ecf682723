package nl.waarborg.statement;

import java.time.LocalDate;

/** Published when a register change has produced a new version of the privacy statement. */
public record StatementPublished(int version, int registerVersion, LocalDate effectiveFrom) {}
