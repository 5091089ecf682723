package nl.waarborg.disclosures.internal;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.RetentionAnchor;
import nl.waarborg.subjects.Batches;
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
 * The two logs of what left the provider, as a place for retention. The disclosures log (demands of authorities and
 * what was provided on them, {@code privacy.disclosure_record}): a closed demand goes when its row's time is up,
 * counted from its receipt ({@code collection}) or its closing ({@code request-closed}); an open demand never goes.
 * The transfers log (what went to which recipient for whom, {@code privacy.transfer_record}): a transfer goes when
 * its row's time is up, counted from when it was sent ({@code collection}). What concerns a person under a legal
 * hold (by subject, or by the held phone number a demand names) stays, and so does a demand the person may not yet be
 * told of. A row covering both keys expires both when it counts from receipt; from a closing, the demands only.
 */
@Component
class DisclosureRecords implements DataStore.Expirer {

    static final String DISCLOSURES = "privacy.disclosure_record";
    static final String TRANSFERS = "privacy.transfer_record";

    static final int BATCH = 1_000;

    private final JdbcClient jdbc;
    private final StoreOperations operations;
    private final TransactionTemplate tx;

    /** Test hook: runs after each committed batch (a crash test throws here). */
    Runnable afterBatch = () -> {};

    int batchSize = BATCH;

    DisclosureRecords(JdbcClient jdbc, StoreOperations operations, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.operations = operations;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public String name() {
        return "disclosures";
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
        return category.includes(DISCLOSURES) || category.includes(TRANSFERS);
    }

    @Override
    public StoreResult expire(Expiry expiry) {
        if (expiry.organisation() != null) {
            return StoreResult.skipped(this, "the disclosure logs are the provider's own, not a client's");
        }
        boolean disclosures = expiry.category().includes(DISCLOSURES);
        boolean transfers = expiry.category().includes(TRANSFERS);
        String demandAnchor = switch (expiry.anchor()) {
            case COLLECTION -> "d.received_at";
            case REQUEST_CLOSED -> "d.closed_at";
            default -> null;
        };
        // A transfer has no closing: a row covering both logs and counting from a closing expires the demands only
        // (the register check says so for the transfers).
        disclosures &= demandAnchor != null;
        transfers &= expiry.anchor() == RetentionAnchor.COLLECTION;
        if (!disclosures && !transfers) {
            return StoreResult.skipped(
                    this,
                    "the disclosure logs are kept from receipt or sending (or a demand's closing), not from "
                            + expiry.anchor());
        }
        Exclusions x = expiry.exclusions();
        UUID[] subjects = x.subjects().toArray(UUID[]::new);
        String[] phones = x.values(IdentifierKind.PHONE).toArray(String[]::new);
        Object[] period = {expiry.period().toString(), expiry.asOf()};
        List<Part> parts = new java.util.ArrayList<>();
        if (disclosures) {
            parts.add(new Part(
                    "authority_disclosure d",
                    "d",
                    "d.closed_at IS NOT NULL AND ((" + demandAnchor
                            + " AT TIME ZONE 'Europe/Amsterdam')::date + ?::interval)::date <= ?"
                            // Not before the person may be told of it: the log is what tells them (Art. 15(1)(c)).
                            + " AND (d.tell <> 'NOT_YET' OR d.tell_from <= ?)",
                    "(coalesce(d.subject_id = ANY (?::uuid[]), false) OR coalesce(d.phone = ANY (?::text[]), false))",
                    new Object[] {expiry.asOf(), subjects, phones}));
        }
        if (transfers) {
            parts.add(new Part(
                    "recipient_transfer t",
                    "t",
                    "((t.sent_at AT TIME ZONE 'Europe/Amsterdam')::date + ?::interval)::date <= ?",
                    "t.subject_id = ANY (?::uuid[])",
                    new Object[] {subjects}));
        }
        long excluded = 0;
        long removed = 0;
        for (Part p : parts) {
            Object[] params = concat(period, p.heldParams());
            excluded += jdbc.sql("SELECT count(*) FROM " + p.table() + " WHERE " + p.due() + " AND " + p.held())
                    .params(params)
                    .query(Long.class)
                    .single();
            if (expiry.dryRun()) {
                removed += jdbc.sql("SELECT count(*) FROM " + p.table() + " WHERE " + p.due() + " AND NOT " + p.held())
                        .params(params)
                        .query(Long.class)
                        .single();
            }
        }
        if (expiry.dryRun()) {
            return StoreResult.done(this, removed, excluded);
        }
        long held = excluded;
        for (Part p : parts) {
            Object[] params = concat(period, p.heldParams());
            removed += Batches.untilShort(tx, batchSize, afterBatch, size -> {
                // The table names and conditions are fixed above, never input.
                int n = jdbc.sql("DELETE FROM " + p.table().split(" ")[0] + " WHERE id IN (SELECT " + p.alias()
                                + ".id FROM " + p.table() + " WHERE " + p.due() + " AND NOT " + p.held()
                                + " LIMIT " + size + " FOR UPDATE OF " + p.alias() + " SKIP LOCKED)")
                        .params(params)
                        .update();
                operations.progressed(expiry.operationId(), name(), "expire", n, held);
                return n;
            });
        }
        return StoreResult.done(this, removed, excluded);
    }

    /** One log: its table with alias, when a row is due, when it is held, and the held condition's parameters. */
    private record Part(String table, String alias, String due, String held, Object[] heldParams) {}

    private static Object[] concat(Object[] first, Object[] second) {
        Object[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
