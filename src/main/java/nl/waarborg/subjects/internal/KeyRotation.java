package nl.waarborg.subjects.internal;

import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.subjects.SubjectsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Key rotation: a new key becomes current at once (new and changed records use it), and the existing records are
 * re-sealed in the background, batch by batch. The work is defined by {@code key_id <> current} alone, so it resumes
 * after a restart through the recurring job, and several instances can share it.
 */
@Service
public class KeyRotation {

    private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

    private final Keyring keyring;
    private final RecordStore store;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final SubjectsProperties properties;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "key-rotation");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean running = new AtomicBoolean();

    KeyRotation(
            Keyring keyring,
            RecordStore store,
            JdbcClient jdbc,
            AuditTrail audit,
            Clock clock,
            TransactionTemplate transactions,
            SubjectsProperties properties) {
        this.keyring = keyring;
        this.store = store;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.transactions = transactions;
        this.properties = properties;
    }

    public record KeyState(String id, Instant createdAt, boolean current, long records) {}

    public record Progress(String keyId, Instant startedAt, Instant finishedAt, long total, long done) {}

    /**
     * @param pending sensitive records still under an older key
     * @param unreadable records a rotation could not open (altered ciphertext or a lost key); they need a person
     */
    public record Status(
            String currentKeyId, long pending, long unreadable, List<KeyState> keys, Progress lastRotation) {}

    /** Adds a key, makes it current and starts re-sealing the existing records in the background. */
    public Status rotate() {
        String keyId = keyring.rotate();
        transactions.executeWithoutResult(tx -> {
            long total = store.countNotUnder(keyId);
            jdbc.sql("INSERT INTO key_rotation (key_id, started_at, total, done) VALUES (?, ?, ?, 0)")
                    .params(keyId, Timestamp.from(clock.instant()), total)
                    .update();
            audit.record(AuditRecord.of(AuditAction.CREATE, "encryption_key", keyId)
                    .detail("recordsToReencrypt", String.valueOf(total)));
        });
        log.info("Encryption key {} is now current; re-encrypting existing records in the background", keyId);
        worker.execute(this::runPending);
        return status();
    }

    public Status status() {
        String current = keyring.currentKeyId();
        Map<String, Long> perKey = jdbc
                .sql("SELECT key_id, count(*) AS n FROM store_record WHERE sensitive GROUP BY key_id")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        List<KeyState> keys = keyring.keys().stream()
                .map(k -> new KeyState(k.id(), k.createdAt(), k.current(), perKey.getOrDefault(k.id(), 0L)))
                .toList();
        Progress last = jdbc.sql("SELECT * FROM key_rotation ORDER BY id DESC LIMIT 1")
                .query((rs, n) -> new Progress(
                        rs.getString("key_id"),
                        Inventory.instant(rs, "started_at"),
                        Inventory.instant(rs, "finished_at"),
                        rs.getLong("total"),
                        rs.getLong("done")))
                .optional()
                .orElse(null);
        return new Status(current, store.countNotUnder(current), store.countUnreadable(), keys, last);
    }

    /** Re-seals until nothing is left under an old key; one transaction per batch, so an interruption loses little. */
    public void runPending() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            int batch;
            long done = 0;
            do {
                batch = transactions.execute(tx -> store.reencryptBatch(properties.rotationBatchSize()));
                done += batch;
                if (batch > 0) {
                    long n = batch;
                    jdbc.sql("UPDATE key_rotation SET done = least(total, done + ?) WHERE finished_at IS NULL")
                            .param(n)
                            .update();
                }
            } while (batch > 0);
            String current = keyring.currentKeyId();
            if (store.countNotUnder(current) == 0) {
                jdbc.sql("UPDATE key_rotation SET finished_at = ?, done = total WHERE finished_at IS NULL")
                        .param(Timestamp.from(clock.instant()))
                        .update();
            }
            if (done > 0) {
                log.info("Re-encrypted {} records under key {}", done, current);
            }
        } catch (RuntimeException e) {
            log.error("Re-encryption stopped: {}", e.getClass().getName());
            throw e;
        } finally {
            running.set(false);
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
