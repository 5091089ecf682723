package nl.waarborg.security;

import java.time.Instant;
import java.util.UUID;

/** A one-time link with which a staff member chooses their password. Shown once, stored only as a hash. */
public record SetupLink(UUID accountId, String username, String url, Instant expiresAt) {}
