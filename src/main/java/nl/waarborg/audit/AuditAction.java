package nl.waarborg.audit;

/** What happened to the record an audit entry points at. */
public enum AuditAction {
    CREATE,
    UPDATE,
    DELETE,
    READ,
    EXPORT,
    LOGIN,
    LOGIN_FAILED,
    LOGOUT,
    GRANT,
    REVOKE
}
