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
import nl.waarborg.subjects.Identifiers;
import nl.waarborg.subjects.StoreOperations;
import nl.waarborg.subjects.StoreResult;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Waarborg's own files of data-subject requests as a place for retention: a closed request, with its history, the
 * e-mails it came in by, its letters in the outbox and the other tables of the request, goes when the register row that
 * covers {@code privacy.rights_request} says its time is up, counted from the day it was closed ({@code
 * request-closed}) or received ({@code collection}). Open requests never go, nor do requests an active restriction or
 * objection rests on, nor a request of a person under a legal hold (by subject, or by the identifiers the requester
 * gave). What must outlive the request is kept without it: an objection to direct marketing loses only its link, and
 * the consent ledger, the audit trail and the retention receipts keep the request's id as a reference.
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
        // Closed requests only, and none that an active restriction or objection still rests on: the block must be
        // liftable through its request.
        String due = " FROM request r WHERE r.state NOT IN ('RECEIVED', 'AWAITING_VERIFICATION', 'VERIFIED',"
                + " 'IN_PROGRESS') AND r.closed_at IS NOT NULL AND ((" + anchor
                + " AT TIME ZONE 'Europe/Amsterdam')::date + ?::interval)::date <= ?"
                + " AND NOT EXISTS (SELECT 1 FROM processing_block b WHERE b.request_id = r.id"
                + " AND b.lifted_at IS NULL AND b.kind <> 'MARKETING')";
        Object[] params = {expiry.period().toString(), expiry.asOf()};
        List<Candidate> candidates = jdbc.sql("SELECT r.id, r.contact_email, r.contact_phone,"
                        + " r.identifiers, EXISTS (SELECT 1 FROM request_subject s WHERE s.request_id = r.id"
                        + " AND s.subject_id = ANY (?::uuid[])) AS held_subject" + due + " ORDER BY r.closed_at, r.id")
                .params(prepend(expiry.exclusions().subjects().toArray(UUID[]::new), params))
                .query((rs, i) -> new Candidate(
                        rs.getObject("id", UUID.class),
                        rs.getBoolean("held_subject")
                                || held(
                                        expiry.exclusions(),
                                        rs.getString("contact_email"),
                                        rs.getString("contact_phone"),
                                        List.of((String[])
                                                rs.getArray("identifiers").getArray()))))
                .list();
        long excluded = candidates.stream().filter(Candidate::held).count();
        List<UUID> going =
                candidates.stream().filter(c -> !c.held()).map(Candidate::id).toList();
        if (expiry.dryRun()) {
            return StoreResult.done(this, going.size(), excluded);
        }
        long deleted = 0;
        for (int from = 0; from < going.size(); from += batchSize) {
            List<UUID> batch = going.subList(from, Math.min(going.size(), from + batchSize));
            deleted += tx.execute(status -> {
                // Locked and checked again: a request reopened or changed meanwhile is left for the next run.
                List<Due> ids = jdbc.sql("SELECT r.id, r.reference" + due + " AND r.id = ANY (?::uuid[])"
                                + " FOR UPDATE OF r SKIP LOCKED")
                        .params(append(params, batch.toArray(UUID[]::new)))
                        .query((rs, i) -> new Due(rs.getObject("id", UUID.class), rs.getString("reference")))
                        .list();
                ids.forEach(this::delete);
                operations.progressed(expiry.operationId(), name(), "expire", ids.size(), excluded);
                return ids.size();
            });
            afterBatch.run();
        }
        return StoreResult.done(this, deleted, excluded);
    }

    private record Candidate(UUID id, boolean held) {}

    /**
     * Whether the requester's contact details or the identifiers they gave are under a legal hold, compared as the
     * identifiers they are (a phone number typed {@code 06 …} is the held {@code +316…}).
     */
    static boolean held(Exclusions x, String email, String phone, List<String> identifiers) {
        if (x.identifiers().isEmpty()) {
            return false;
        }
        List<String> raw = new java.util.ArrayList<>(identifiers);
        raw.add(email);
        raw.add(phone);
        return raw.stream()
                .flatMap(value -> Identifiers.candidates(value).stream())
                .anyMatch(x.identifiers()::contains);
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static Object[] append(Object[] first, Object last) {
        Object[] all = java.util.Arrays.copyOf(first, first.length + 1);
        all[first.length] = last;
        return all;
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
        // An objection to direct marketing lasts for good, and a lifted block is history: they lose the link only
        // (a request with an active restriction or objection is never due). The consent ledger keeps the request's
        // id as a reference, without a foreign key (migration requests/V20261206_0300).
        jdbc.sql("UPDATE processing_block SET request_id = NULL WHERE request_id = ?")
                .param(r.id())
                .update();
        jdbc.sql("UPDATE request SET duplicate_of = NULL, version = version + 1 WHERE duplicate_of = ?")
                .param(r.id())
                .update();
        outbox.forget(Letters.reference(r.reference()));
        jdbc.sql("DELETE FROM request WHERE id = ?").param(r.id()).update();
    }
}
