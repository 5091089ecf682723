package nl.waarborg.subjects.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import nl.waarborg.subjects.DataStore;
import nl.waarborg.subjects.StoreOperations;
import nl.waarborg.subjects.StoreResult;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The {@code store_operation} ledger: what each mutating operation did in each place (see its migration). */
@Service
class OperationLedger implements StoreOperations {

    private final JdbcClient jdbc;
    private final Clock clock;

    OperationLedger(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void progressed(String operationId, String store, String action, long affected, long excluded) {
        if (affected == 0 && excluded == 0) {
            return;
        }
        // The row exists when the fan-out started the operation; a place called directly (a test, a tool) starts it.
        jdbc.sql("""
                        INSERT INTO store_operation (operation_id, store, action, status, affected, excluded, started_at)
                        VALUES (?, ?, ?, 'RUNNING', ?, ?, ?)
                        ON CONFLICT (operation_id, store, action) DO UPDATE
                           SET affected = store_operation.affected + EXCLUDED.affected,
                               excluded = greatest(store_operation.excluded, EXCLUDED.excluded)
                        """)
                .params(operationId, store, action, affected, excluded, Timestamp.from(clock.instant()))
                .update();
    }

    /** What an operation recorded so far for a place, or empty when it never started there. */
    @Transactional(readOnly = true)
    Optional<Entry> entry(String operationId, String store, String action) {
        return jdbc.sql("""
                        SELECT status, affected, excluded, reference, detail FROM store_operation
                         WHERE operation_id = ? AND store = ? AND action = ?
                        """)
                .params(operationId, store, action)
                .query((rs, n) -> new Entry(
                        status(rs.getString(1)), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5)))
                .optional();
    }

    @Transactional
    void start(String operationId, String store, String action) {
        jdbc.sql("""
                        INSERT INTO store_operation (operation_id, store, action, status, started_at)
                        VALUES (?, ?, ?, 'RUNNING', ?) ON CONFLICT DO NOTHING
                        """)
                .params(operationId, store, action, Timestamp.from(clock.instant()))
                .update();
    }

    /**
     * Records how the call ended. Waarborg's own places have counted their work already; for a system outside
     * Waarborg its reported counts are added here.
     */
    @Transactional
    Entry finish(String operationId, DataStore store, String action, StoreResult result) {
        boolean external = store.kind() == DataStore.Kind.EXTERNAL;
        jdbc.sql("""
                        UPDATE store_operation SET status = ?, reference = ?, detail = ?, finished_at = ?,
                               affected = affected + ?, excluded = greatest(excluded, ?)
                         WHERE operation_id = ? AND store = ? AND action = ?
                        """)
                .params(
                        result.status().name(),
                        result.reference(),
                        result.detail(),
                        Timestamp.from(clock.instant()),
                        external ? result.affected() : 0,
                        external ? result.excluded() : 0,
                        operationId,
                        store.name(),
                        action)
                .update();
        return entry(operationId, store.name(), action).orElseThrow();
    }

    @Override
    @Transactional
    public int concluded(String reference, StoreResult.Status status, String detail) {
        return jdbc.sql("""
                        UPDATE store_operation SET status = ?, detail = ?, finished_at = ?
                         WHERE reference = ? AND status = 'PENDING'
                        """)
                .params(status.name(), detail, Timestamp.from(clock.instant()), reference)
                .update();
    }

    /** @param status null while the operation runs (the place was started but never finished) */
    record Entry(StoreResult.Status status, long affected, long excluded, String reference, String detail) {

        StoreResult result(DataStore store) {
            return new StoreResult(
                    store.name(),
                    store.kind(),
                    store.type(),
                    status == null ? StoreResult.Status.FAILED : status,
                    null,
                    null,
                    affected,
                    excluded,
                    reference,
                    detail);
        }
    }

    private static StoreResult.Status status(String s) {
        return "RUNNING".equals(s) ? null : StoreResult.Status.valueOf(s);
    }
}
