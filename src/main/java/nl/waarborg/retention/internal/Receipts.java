package nl.waarborg.retention.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Writes receipts once per run, category and place, with an audit entry each; reads them back for the proof. */
@Service
public class Receipts {

    static final String TARGET = "retention_receipt";

    private final JdbcClient jdbc;
    private final AuditTrail audit;

    Receipts(JdbcClient jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /**
     * Writes the receipt unless the run already has one for this category and place (a run finished after a crash):
     * answers the receipt that stands.
     */
    @Transactional
    public Receipt write(Receipt r) {
        int inserted = jdbc.sql("""
                        INSERT INTO retention_receipt (id, run_id, category_key, store, organisation_id, store_type,
                            register_version, rule, as_of, cutoff, status, removed, held, reference, detail,
                            duration_ms, written_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (run_id, category_key, store,
                                     coalesce(organisation_id, '00000000-0000-0000-0000-000000000000'))
                        DO NOTHING
                        """)
                .params(
                        r.id(),
                        r.runId(),
                        r.category(),
                        r.store(),
                        r.organisation(),
                        r.storeType(),
                        r.registerVersion(),
                        r.rule(),
                        r.asOf(),
                        r.cutoff() == null ? null : Timestamp.from(r.cutoff()),
                        r.status(),
                        r.removed(),
                        r.held(),
                        r.reference(),
                        r.detail(),
                        r.durationMs(),
                        Timestamp.from(r.writtenAt()))
                .update();
        if (inserted == 1) {
            audit.record(AuditRecord.of(AuditAction.CREATE, TARGET, r.id())
                    .purpose("retention:" + r.category())
                    .detail("run", r.runId().toString())
                    .detail("store", r.store())
                    .detail(
                            "organisation",
                            r.organisation() == null ? "-" : r.organisation().toString())
                    .detail("status", r.status())
                    .detail("removed", Long.toString(r.removed()))
                    .detail("held", Long.toString(r.held())));
            return r;
        }
        return jdbc.sql("SELECT * FROM retention_receipt WHERE run_id = ? AND category_key = ? AND store = ?"
                        + " AND organisation_id IS NOT DISTINCT FROM ?")
                .params(r.runId(), r.category(), r.store(), r.organisation())
                .query(Receipts::map)
                .single();
    }

    /** A category's receipts in one transaction: one flushed commit instead of one per place. */
    @Transactional
    public List<Receipt> writeAll(List<Receipt> receipts) {
        List<Receipt> written = new ArrayList<>();
        for (Receipt r : receipts) {
            written.add(write(r));
        }
        return written;
    }

    /**
     * @param category only this category, or null
     * @param from, to written in {@code [from, to)}, or null
     */
    public List<Receipt> list(String category, Instant from, Instant to, UUID run, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM retention_receipt WHERE true");
        List<Object> params = new ArrayList<>();
        if (category != null) {
            sql.append(" AND category_key = ?");
            params.add(category);
        }
        if (from != null) {
            sql.append(" AND written_at >= ?");
            params.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" AND written_at < ?");
            params.add(Timestamp.from(to));
        }
        if (run != null) {
            sql.append(" AND run_id = ?");
            params.add(run);
        }
        sql.append(" ORDER BY written_at DESC, category_key, store LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(Receipts::map).list();
    }

    public Optional<Receipt> get(UUID id) {
        return jdbc.sql("SELECT * FROM retention_receipt WHERE id = ?")
                .param(id)
                .query(Receipts::map)
                .optional();
    }

    /** The latest receipt of every category and place. */
    public List<Receipt> latest() {
        return jdbc.sql("""
                        SELECT DISTINCT ON (category_key, store, organisation_id) * FROM retention_receipt
                         ORDER BY category_key, store, organisation_id, written_at DESC
                        """).query(Receipts::map).list();
    }

    static Receipt map(ResultSet rs, int n) throws SQLException {
        return new Receipt(
                rs.getObject("id", UUID.class),
                rs.getObject("run_id", UUID.class),
                rs.getString("category_key"),
                rs.getString("store"),
                rs.getObject("organisation_id", UUID.class),
                rs.getString("store_type"),
                rs.getInt("register_version"),
                rs.getString("rule"),
                rs.getObject("as_of", LocalDate.class),
                Dates.instant(rs.getTimestamp("cutoff")),
                rs.getString("status"),
                rs.getLong("removed"),
                rs.getLong("held"),
                rs.getString("reference"),
                rs.getString("detail"),
                rs.getLong("duration_ms"),
                Dates.instant(rs.getTimestamp("written_at")));
    }
}
