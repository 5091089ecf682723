package nl.waarborg.security;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/** The four kinds of staff and the permissions each has. */
public enum Role {
    /** Manages accounts and tokens and may do everything. */
    ADMIN(EnumSet.allOf(Permission.class)),
    /**
     * Runs the privacy programme: register, statement, retention, requests, breaches, disclosures to authorities; not
     * accounts, not the audit trail.
     */
    PRIVACY_OFFICER(EnumSet.of(
            Permission.REGISTER_READ,
            Permission.REGISTER_WRITE,
            Permission.STATEMENT_READ,
            Permission.STATEMENT_WRITE,
            Permission.SUBJECTS_READ,
            Permission.SUBJECTS_WRITE,
            Permission.RETENTION_READ,
            Permission.RETENTION_WRITE,
            Permission.REQUESTS_READ,
            Permission.REQUESTS_WRITE,
            Permission.STATUS_READ,
            Permission.BREACHES_READ,
            Permission.BREACHES_WRITE,
            Permission.DISCLOSURES_READ,
            Permission.DISCLOSURES_WRITE,
            Permission.SYSTEM_READ)),
    /** Support, billing and alarm-centre staff: look people up and handle their requests. */
    AGENT(EnumSet.of(
            Permission.REGISTER_READ,
            Permission.STATEMENT_READ,
            Permission.SUBJECTS_READ,
            Permission.SUBJECTS_WRITE,
            Permission.REQUESTS_READ,
            Permission.REQUESTS_WRITE,
            Permission.STATUS_READ)),
    /** Reads everything, including the audit trail, and changes nothing. */
    AUDITOR(EnumSet.copyOf(
            Arrays.stream(Permission.values()).filter(p -> !p.isWrite()).toList()));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    public Set<Permission> permissions() {
        return permissions;
    }
}
