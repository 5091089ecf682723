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
 * Sealing as the register asks, and key rotation. Plaintext records of a category the register marks sensitive (it
 * may have become so in a later version) are sealed first. Key rotation: a new key becomes current at once (new and changed records use it), and the existing records are
 * re-sealed in the background, batch by batch; the data keys of call recordings are re-wrapped likewise (their audio
 * is not re-encrypted). The work is defined by {@code key_id <> current} alone, so it resumes after a restart through
 * the recurring job, and several instances can share it. The same job encrypts recordings stored before encryption
 * at rest, one file per transaction.
 */
@Service
public class KeyRotation {

    private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

    private final Keyring keyring;
    private final RecordStore store;
    private final Recordings recordings;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final SubjectsProperties properties;
    private final RecordCategories categories;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "key-rotation");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean running = new AtomicBoolean();

    KeyRotation(
            Keyring keyring,
            RecordStore store,
            Recordings recordings,
            JdbcClient jdbc,
            AuditTrail audit,
            Clock clock,
            TransactionTemplate transactions,
            SubjectsProperties properties,
            RecordCategories categories) {
        this.categories = categories;
        this.keyring = keyring;
        this.store = store;
        this.recordings = recordings;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.transactions = transactions;
        this.properties = properties;
    }

    /**
     * @param records sensitive records sealed under this key
     * @param recordings call recordings whose data key this key wraps; a key with neither can leave the keyring
     */
    public record KeyState(String id, Instant createdAt, boolean current, long records, long recordings) {}

    public record Progress(String keyId, Instant startedAt, Instant finishedAt, long total, long done) {}

    /**
     * @param pending sensitive records and call recordings still to do: under an older key, or a recording not yet
     *     encrypted at all
     * @param pendingRecordings the call recordings among {@code pending}
     * @param unreadable records and recordings a rotation could not open (altered ciphertext or a lost key); they need
     *     a person
     */
    public record Status(
            String currentKeyId,
            long pending,
            long pendingRecordings,
            long unreadable,
            List<KeyState> keys,
            Progress lastRotation) {}

    /** Adds a key, makes it current and starts re-sealing the existing records in the background. */
    public Status rotate() {
        String keyId = keyring.rotate();
        transactions.executeWithoutResult(tx -> {
            long total = store.countNotUnder(keyId) + recordings.countPending(keyId);
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
        Map<String, Long> recordingsPerKey = recordings.countPerKey();
        List<KeyState> keys = keyring.keys().stream()
                .map(k -> new KeyState(
                        k.id(),
                        k.createdAt(),
                        k.current(),
                        perKey.getOrDefault(k.id(), 0L),
                        recordingsPerKey.getOrDefault(k.id(), 0L)))
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
        long pendingRecordings = recordings.countPending(current);
        return new Status(
                current,
                store.countNotUnder(current) + pendingRecordings,
                pendingRecordings,
                store.countUnreadable() + recordings.countUnreadable(),
                keys,
                last);
    }

    /** Re-seals until nothing is left under an old key; one transaction per batch, so an interruption loses little. */
    public void runPending() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            // Records of categories the register marks sensitive but stored in plaintext (before it did) come first.
            java.util.Set<String> sensitive = categories.sensitiveKeys();
            int sealed;
            do {
                sealed = transactions.execute(tx -> store.sealBatch(sensitive, properties.rotationBatchSize()));
            } while (sealed > 0);
            int batch;
            long done = 0;
            do {
                batch = transactions.execute(tx -> store.reencryptBatch(properties.rotationBatchSize())
                        + recordings.rewrapBatch(properties.rotationBatchSize()));
                if (batch == 0 && Boolean.TRUE.equals(transactions.execute(tx -> recordings.encryptOneLegacyFile()))) {
                    batch = 1;
                }
                done += batch;
                if (batch > 0) {
                    long n = batch;
                    jdbc.sql("UPDATE key_rotation SET done = least(total, done + ?) WHERE finished_at IS NULL")
                            .param(n)
                            .update();
                }
            } while (batch > 0);
            String current = keyring.currentKeyId();
            if (store.countNotUnder(current) + recordings.countPending(current) == 0) {
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
