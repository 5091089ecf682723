package nl.waarborg.audit;

/** What happened to the record an audit entry points at. */
public enum AuditAction {
    CREATE,
    UPDATE,
    DELETE,
    READ,
    /** A search by identifier, with or without a hit; the target is the identifiers' hash, never their value. */
    SEARCH,
    EXPORT,
    LOGIN,
    LOGIN_FAILED,
    LOGOUT,
    GRANT,
    REVOKE
}
