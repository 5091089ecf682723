package nl.waarborg.breaches.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.mail.Outbox;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.RetentionAnchor;
import nl.waarborg.subjects.Batches;
import nl.waarborg.subjects.DataStore;
import nl.waarborg.subjects.Expiry;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.StoreOperations;
import nl.waarborg.subjects.StoreResult;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The breach register (Art. 33(5) GDPR) as a place for retention: a closed breach, with its history, its escalations,
 * the list of people it concerned and every message about it in the outbox (the letters to those people, the
 * reminders to staff), goes when the register row that covers {@code privacy.breach_record} says its time is up,
 * counted from the moment the provider became aware ({@code collection}) or from its closing ({@code request-closed}:
 * a breach's handling is closed like a request's). An open breach never goes; a breach that concerned a person under
 * a legal hold stays. The audit trail and the retention receipts keep its reference.
 */
@Component
class BreachRecords implements DataStore.Expirer {

    /** The register's key for the breach register. */
    static final String DATA_CATEGORY = "privacy.breach_record";

    static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final StoreOperations operations;
    private final TransactionTemplate tx;

    /** Test hook: runs after each committed batch (a crash test throws here). */
    Runnable afterBatch = () -> {};

    int batchSize = BATCH;

    BreachRecords(JdbcClient jdbc, Outbox outbox, StoreOperations operations, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.operations = operations;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public String name() {
        return "breaches";
    }

    @Override
    public Kind kind() {
        return Kind.RECORDS;
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
        if (expiry.anchor() == RetentionAnchor.COLLECTION) {
            anchor = "b.aware_at";
        } else if (expiry.anchor() == RetentionAnchor.REQUEST_CLOSED) {
            anchor = "b.closed_at";
        } else {
            return StoreResult.skipped(
                    this, "the breach register is kept from awareness or closing, not from " + expiry.anchor());
        }
        if (expiry.organisation() != null) {
            return StoreResult.skipped(this, "the breach register is the provider's own, not a client's");
        }
        String due = " FROM breach b WHERE b.state = 'CLOSED' AND b.closed_at IS NOT NULL AND ((" + anchor
                + " AT TIME ZONE 'Europe/Amsterdam')::date + ?::interval)::date <= ?";
        String held =
                "EXISTS (SELECT 1 FROM breach_person p WHERE p.breach_id = b.id AND p.subject_id = ANY (?::uuid[]))";
        Object[] params = {
            expiry.period().toString(),
            expiry.asOf(),
            expiry.exclusions().subjects().toArray(UUID[]::new)
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
        long deleted = Batches.untilShort(tx, batchSize, afterBatch, size -> {
            List<Due> rows = jdbc.sql("SELECT b.id, b.reference" + due + " AND NOT " + held
                            + " ORDER BY b.closed_at, b.id LIMIT " + size + " FOR UPDATE OF b SKIP LOCKED")
                    .params(params)
                    .query((rs, i) -> new Due(rs.getObject("id", UUID.class), rs.getString("reference")))
                    .list();
            rows.forEach(this::delete);
            operations.progressed(expiry.operationId(), name(), "expire", rows.size(), excluded);
            return rows.size();
        });
        return StoreResult.done(this, deleted, excluded);
    }

    private record Due(UUID id, String reference) {}

    /** One breach and all that hangs on it, in the caller's transaction. */
    private void delete(Due b) {
        // The table names are fixed here, never input.
        for (String table : Arrays.asList("breach_event", "breach_escalation", "breach_person")) {
            jdbc.sql("DELETE FROM " + table + " WHERE breach_id = ?")
                    .param(b.id())
                    .update();
        }
        // The letters to the people and the reminders to staff are filed under the breach's reference.
        outbox.forget(b.reference());
        jdbc.sql("DELETE FROM breach WHERE id = ?").param(b.id()).update();
    }
}
