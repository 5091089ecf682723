package nl.waarborg.security;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a staff member or API token may do, per module: read or write. The string form ({@code register:read}) is
 * the Spring Security authority and the API token scope.
 */
public enum Permission {
    REGISTER_READ,
    REGISTER_WRITE,
    STATEMENT_READ,
    STATEMENT_WRITE,
    SUBJECTS_READ,
    SUBJECTS_WRITE,
    RETENTION_READ,
    RETENTION_WRITE,
    REQUESTS_READ,
    REQUESTS_WRITE,
    /** Ask whether a person's data may be processed (restriction, objection, withdrawn consent): nothing more. */
    STATUS_READ,
    /** The breach register: facts, decisions and notices (privacy officers; auditors read). */
    BREACHES_READ,
    BREACHES_WRITE,
    /** Demands of authorities and what was disclosed on them (privacy officers; auditors read); every view audited. */
    DISCLOSURES_READ,
    DISCLOSURES_WRITE,
    AUDIT_READ,
    ADMIN_READ,
    ADMIN_WRITE,
    SYSTEM_READ;

    public String authority() {
        return name().toLowerCase().replace('_', ':');
    }

    public boolean isWrite() {
        return name().endsWith("_WRITE");
    }

    public static Optional<Permission> fromAuthority(String authority) {
        return Arrays.stream(values())
                .filter(p -> p.authority().equals(authority))
                .findFirst();
    }
}
