package nl.waarborg.statement.internal;

import java.time.Clock;
import java.util.Optional;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.RegisterVersionApplied;
import nl.waarborg.register.Registers;
import nl.waarborg.statement.StatementPublished;
import nl.waarborg.statement.StatementVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns register versions into statement versions: a register version whose statement text differs from the latest
 * statement's publishes a new one, dated from the day the register version takes effect.
 */
@Component
public class StatementPublisher {

    static final String TARGET = "statement_version";
    private static final Logger log = LoggerFactory.getLogger(StatementPublisher.class);

    private final Registers registers;
    private final StatementStore store;
    private final StatementRenderer renderer;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate transactions;

    StatementPublisher(
            Registers registers,
            StatementStore store,
            StatementRenderer renderer,
            AuditTrail audit,
            ApplicationEventPublisher events,
            Clock clock,
            PlatformTransactionManager transactionManager) {
        this.registers = registers;
        this.store = store;
        this.renderer = renderer;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * After the register's transaction commits, so a rolled-back apply publishes nothing; in a transaction of its own.
     * A failure leaves the event unhandled in the publication registry, which hands it on again later.
     */
    @ApplicationModuleListener
    public void on(RegisterVersionApplied applied) {
        catchUp();
    }

    /** Versions applied while this instance was down, or whose event was lost, are caught up at start. */
    @EventListener(ApplicationReadyEvent.class)
    public void onReady() {
        catchUpQuietly();
    }

    /** Catches up in a transaction of its own, for callers outside one. */
    public void catchUpInTransaction() {
        transactions.execute(status -> catchUp());
    }

    private void catchUpQuietly() {
        try {
            transactions.execute(status -> catchUp());
        } catch (RuntimeException e) {
            // The register change stands; the statement catches up on the next change, start or public request.
            log.error(
                    "Could not bring the statement up to date: {}", e.getClass().getName(), e);
        }
    }

    /** Checks every register version not yet checked, oldest first; idempotent. Runs in the caller's transaction. */
    public Optional<StatementVersion> catchUp() {
        int current = registers.current().map(RegisterVersion::number).orElse(0);
        if (store.lastCheckedRegisterVersion() >= current) {
            return store.latest();
        }
        store.lock();
        for (int n = store.lastCheckedRegisterVersion() + 1; n <= current; n++) {
            Optional<RegisterVersion> found = registers.version(n);
            if (found.isEmpty()) {
                continue;
            }
            RegisterVersion rv = found.get();
            String hash = renderer.contentHash(rv.register());
            Optional<StatementVersion> latest = store.latest();
            StatementVersion version;
            if (latest.isPresent() && latest.get().contentHash().equals(hash)) {
                version = latest.get();
            } else {
                version = new StatementVersion(
                        latest.map(v -> v.number() + 1).orElse(1),
                        rv.number(),
                        rv.inForceFrom(),
                        clock.instant(),
                        hash);
                store.insert(version);
                audit.record(AuditRecord.of(AuditAction.CREATE, TARGET, version.number())
                        .detail("registerVersion", Integer.toString(rv.number()))
                        .detail("hash", hash));
                events.publishEvent(new StatementPublished(version.number(), rv.number(), version.effectiveFrom()));
                log.info("Statement version {} published from register version {}", version.number(), rv.number());
            }
            store.checked(rv.number(), version.number(), clock.instant());
        }
        return store.latest();
    }
}
