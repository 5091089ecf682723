package nl.waarborg.audit;

import java.util.List;

/** The audit trail's public face: append, browse, verify. */
public interface AuditTrail {

    /**
     * Appends an entry inside the caller's transaction, so a change and its audit entry commit or roll back together.
     */
    AuditEntry record(AuditRecord record);

    List<AuditEntry> find(AuditQuery query);

    long count();

    /** Re-computes every hash from the first entry on and reports the first entry that does not match. */
    ChainVerification verify();
}
