package nl.waarborg.security;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** An API token's description; the secret itself is only in {@link IssuedToken}, once. */
public record ApiToken(
        UUID id,
        String name,
        Set<String> scopes,
        String createdBy,
        Instant createdAt,
        Instant lastUsedAt,
        Instant revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
