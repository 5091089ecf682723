package nl.waarborg.requests;

import java.time.Instant;
import java.util.UUID;

/** A request moved from one state to another (verified, started, answered, refused, withdrawn, closed unverified). */
public record RequestStateChanged(UUID requestId, String reference, RequestState from, RequestState to, Instant at) {}
