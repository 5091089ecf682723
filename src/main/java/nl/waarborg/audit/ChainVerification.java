package nl.waarborg.audit;

import java.time.Instant;

/**
 * The outcome of checking the whole hash chain.
 *
 * @param checked number of entries read
 * @param firstBrokenId id of the first entry whose hash or link does not match, or null when the chain is intact
 * @param reason why that entry is broken
 */
public record ChainVerification(boolean intact, long checked, Long firstBrokenId, String reason, Instant checkedAt) {}
