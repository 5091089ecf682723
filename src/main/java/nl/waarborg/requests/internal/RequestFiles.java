package nl.waarborg.requests.internal;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.mail.Outbox;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.RetentionAnchor;
import nl.waarborg.subjects.DataStore;
import nl.waarborg.subjects.Exclusions;
import nl.waarborg.subjects.Expiry;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.StoreOperations;
import nl.waarborg.subjects.StoreResult;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Waarborg's own files of data-subject requests as a place for retention: a closed request, with its history, the
 * e-mails it came in by, its letters in the outbox and everything else kept for it, goes when the register row that
 * covers {@code privacy.rights_request} says its time is up, counted from the day it was closed ({@code
 * request-closed}) or received ({@code collection}). Open requests never go. A request of a person under a legal hold
 * stays. What must outlive the request is kept without it: an objection to direct marketing (a processing block) and
 * the consent ledger lose only their link to it. The audit trail and the retention receipts stay, by reference.
 */
@Component
class RequestFiles implements DataStore.Expirer {

    /** The register's key for request files. */
    static final String DATA_CATEGORY = "privacy.rights_request";

    static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final StoreOperations operations;
    private final TransactionTemplate tx;

    /** Test hook: runs after each committed batch (a crash test throws here). */
    Runnable afterBatch = () -> {};

    int batchSize = BATCH;

    RequestFiles(JdbcClient jdbc, Outbox outbox, StoreOperations operations, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.operations = operations;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public String name() {
        return "requests";
    }

    @Override
    public Kind kind() {
        return Kind.REQUESTS;
    }

    @Override
    public Set<IdentifierKind> searchable() {
        return Set.of();
    }

    @Override
    public boolean holds(DataCategory category) {
        return category.includes(DATA_CATEGORY);
    }

    @Override
    public StoreResult expire(Expiry expiry) {
        String anchor;
        if (expiry.anchor() == RetentionAnchor.REQUEST_CLOSED) {
            anchor = "r.closed_at";
        } else if (expiry.anchor() == RetentionAnchor.COLLECTION) {
            anchor = "r.received_at";
        } else {
            return StoreResult.skipped(
                    this, "request files are kept from their closing or their receipt, not from " + expiry.anchor());
        }
        if (expiry.organisation() != null) {
            return StoreResult.skipped(this, "request files are the provider's own, not a client's");
        }
        // Closed requests only: an open one is due nowhere, whatever the rule says.
        String due = " FROM request r WHERE r.state NOT IN ('RECEIVED', 'AWAITING_VERIFICATION', 'VERIFIED',"
                + " 'IN_PROGRESS') AND r.closed_at IS NOT NULL AND ((" + anchor
                + " AT TIME ZONE 'Europe/Amsterdam')::date + ?::interval)::date <= ?";
        String held = "(EXISTS (SELECT 1 FROM request_subject s WHERE s.request_id = r.id"
                + " AND s.subject_id = ANY (?::uuid[])) OR coalesce(lower(r.contact_email) = ANY (?::text[]), false)"
                + " OR coalesce(r.contact_phone = ANY (?::text[]), false))";
        Exclusions x = expiry.exclusions();
        Object[] params = {
            expiry.period().toString(),
            expiry.asOf(),
            x.subjects().toArray(UUID[]::new),
            x.values(IdentifierKind.EMAIL).stream()
                    .map(e -> e.toLowerCase(java.util.Locale.ROOT))
                    .toArray(String[]::new),
            x.values(IdentifierKind.PHONE).toArray(String[]::new)
        };
        long excluded = jdbc.sql("SELECT count(*)" + due + " AND " + held)
                .params(params)
                .query(Long.class)
                .single();
        if (expiry.dryRun()) {
            long count = jdbc.sql("SELECT count(*)" + due + " AND NOT " + held)
                    .params(params)
                    .query(Long.class)
                    .single();
            return StoreResult.done(this, count, excluded);
        }
        long deleted = 0;
        int batch;
        do {
            int size = batchSize;
            batch = tx.execute(status -> {
                List<Due> ids = jdbc.sql("SELECT r.id, r.reference" + due + " AND NOT " + held + " ORDER BY r.closed_at"
                                + " LIMIT " + size + " FOR UPDATE OF r SKIP LOCKED")
                        .params(params)
                        .query((rs, i) -> new Due(rs.getObject("id", UUID.class), rs.getString("reference")))
                        .list();
                ids.forEach(this::delete);
                operations.progressed(expiry.operationId(), name(), "expire", ids.size(), excluded);
                return ids.size();
            });
            deleted += batch;
            afterBatch.run();
        } while (batch == batchSize);
        return StoreResult.done(this, deleted, excluded);
    }

    private record Due(UUID id, String reference) {}

    /** One request and all that hangs on it, in the caller's transaction. */
    private void delete(Due r) {
        for (String table : List.of(
                "request_event",
                "request_subject",
                "request_mail",
                "request_code",
                "request_portal_access",
                "request_package",
                "request_document",
                "request_forward",
                "request_transmission",
                "request_recipient_notice")) {
            // The table names are fixed above, never input.
            jdbc.sql("DELETE FROM " + table + " WHERE request_id = ?")
                    .param(r.id())
                    .update();
        }
        // An objection to direct marketing lasts for good, and so does the consent ledger: they lose the link only.
        jdbc.sql("UPDATE processing_block SET request_id = NULL WHERE request_id = ?")
                .param(r.id())
                .update();
        jdbc.sql("UPDATE consent_event SET request_id = NULL WHERE request_id = ?")
                .param(r.id())
                .update();
        jdbc.sql("UPDATE request SET duplicate_of = NULL WHERE duplicate_of = ?")
                .param(r.id())
                .update();
        outbox.forget(Letters.reference(r.reference()));
        jdbc.sql("DELETE FROM request WHERE id = ?").param(r.id()).update();
    }
}
