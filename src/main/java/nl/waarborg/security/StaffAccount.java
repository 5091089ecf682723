package nl.waarborg.security;

import java.time.Instant;
import java.util.UUID;

/**
 * A staff member's account as shown to administrators; the password hash never leaves the module.
 *
 * @param passwordSet false until the person has used their setup link
 */
public record StaffAccount(
        UUID id,
        String username,
        String displayName,
        Role role,
        boolean enabled,
        boolean passwordSet,
        Instant createdAt,
        Instant lockedUntil) {}
