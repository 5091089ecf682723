package nl.waarborg.retention.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.audit.CurrentActor;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import nl.waarborg.register.RetentionRule;
import nl.waarborg.retention.LegalHold;
import nl.waarborg.retention.RetentionException;
import nl.waarborg.subjects.DataStore;
import nl.waarborg.subjects.DataStores;
import nl.waarborg.subjects.Exclusions;
import nl.waarborg.subjects.Expiry;
import nl.waarborg.subjects.StoreResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Carries out the register's retention rules in every place that holds each category, through the store seam.
 *
 * <p>One run at a time over all instances (a PostgreSQL advisory lock, released by the database if the process dies).
 * A run is recorded before it starts; a run that was cut off (a crash, a kill) is finished first by the next one,
 * with the same operation ids, so the ledger answers the places it already finished and Waarborg's own places count
 * every item once; its receipts are written once per category and place. A dry run takes no lock, records nothing and
 * changes nothing.
 */
@Service
public class RetentionRuns {

    private static final Logger log = LoggerFactory.getLogger(RetentionRuns.class);
    /** "WaarRet1": the advisory lock that lets one retention run at a time. */
    static final long LOCK = 0x5761_6172_5265_7431L;

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final DataStores stores;
    private final Registers registers;
    private final Holds holds;
    private final Receipts receipts;
    private final AuditTrail audit;
    private final CurrentActor actor;
    private final Clock clock;
    private final ClientPeriods clientPeriods;
    private final org.springframework.transaction.support.TransactionTemplate transactions;

    RetentionRuns(
            DataSource dataSource,
            JdbcClient jdbc,
            DataStores stores,
            Registers registers,
            Holds holds,
            Receipts receipts,
            AuditTrail audit,
            CurrentActor actor,
            Clock clock,
            ClientPeriods clientPeriods,
            org.springframework.transaction.support.TransactionTemplate transactions) {
        this.clientPeriods = clientPeriods;
        this.transactions = transactions;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.stores = stores;
        this.registers = registers;
        this.holds = holds;
        this.receipts = receipts;
        this.audit = audit;
        this.actor = actor;
        this.clock = clock;
    }

    /**
     * @param asOf the day to count to (Amsterdam); null for today. A real run never counts past today.
     * @param category one register category key, or null for all
     * @param trigger {@code schedule}, {@code cli}, {@code api} or {@code console}
     */
    public record Order(LocalDate asOf, String category, boolean dryRun, String trigger) {}

    /** A category whose rule is only text: never executed, and listed so somebody makes it executable. */
    public record NotEnforceable(String category, String rule) {}

    /**
     * @param runId null for a dry run
     * @param registerVersion null when no register is applied yet (nothing to enforce)
     * @param resumed runs that were cut off and finished first
     */
    public record Report(
            UUID runId,
            LocalDate asOf,
            String category,
            boolean dryRun,
            Integer registerVersion,
            List<Receipt> receipts,
            List<NotEnforceable> notEnforceable,
            List<UUID> resumed,
            Instant startedAt,
            Instant finishedAt) {

        public long removed() {
            return receipts.stream().mapToLong(Receipt::removed).sum();
        }

        public long held() {
            return receipts.stream().mapToLong(Receipt::held).sum();
        }

        public long failed() {
            return receipts.stream().filter(r -> "FAILED".equals(r.status())).count();
        }
    }

    public Report run(Order order) {
        LocalDate today = Dates.today(clock);
        LocalDate asOf = order.asOf() == null ? today : order.asOf();
        if (!order.dryRun() && asOf.isAfter(today)) {
            throw new RetentionException(
                    Kind.INVALID,
                    "asOf",
                    "a run never deletes ahead of time: a date after today (" + today + ") is for a dry run only");
        }
        String category = order.category() == null || order.category().isBlank()
                ? null
                : order.category().trim();
        RegisterVersion version = registers.current().orElse(null);
        if (category != null
                && (version == null || version.register().category(category).isEmpty())) {
            throw new RetentionException(
                    Kind.NOT_FOUND, "category", "the register in force has no category with this key");
        }
        Instant started = clock.instant();
        if (order.dryRun()) {
            return execute(null, asOf, category, true, started);
        }
        try (Lock lock = lock()) {
            List<UUID> resumed = resumeUnfinished();
            UUID id = UUID.randomUUID();
            // The run's record and its audit entry in one commit.
            transactions.executeWithoutResult(status -> {
                jdbc.sql("""
                            INSERT INTO retention_run (id, as_of, category_key, trigger, started_by, started_at)
                            VALUES (?, ?, ?, ?, ?, ?)
                            """)
                        .params(
                                id,
                                asOf,
                                category,
                                trigger(order.trigger()),
                                Dates.reference(actor.current()),
                                Timestamp.from(started))
                        .update();
                audit.record(AuditRecord.of(AuditAction.CREATE, "retention_run", id)
                        .detail("asOf", asOf.toString())
                        .detail("category", category == null ? "all" : category)
                        .detail("trigger", trigger(order.trigger())));
            });
            Report report = execute(id, asOf, category, false, started);
            finish(id);
            return new Report(
                    id,
                    asOf,
                    category,
                    false,
                    report.registerVersion(),
                    report.receipts(),
                    report.notEnforceable(),
                    resumed,
                    started,
                    clock.instant());
        }
    }

    /** The runs that were cut off, finished now with their own date and operation ids. */
    private List<UUID> resumeUnfinished() {
        record Unfinished(UUID id, LocalDate asOf, String category, Instant startedAt) {}
        List<Unfinished> cut = jdbc.sql(
                        "SELECT id, as_of, category_key, started_at FROM retention_run WHERE finished_at IS NULL"
                                + " ORDER BY started_at")
                .query((rs, n) -> new Unfinished(
                        rs.getObject("id", UUID.class),
                        rs.getObject("as_of", LocalDate.class),
                        rs.getString("category_key"),
                        rs.getTimestamp("started_at").toInstant()))
                .list();
        List<UUID> done = new ArrayList<>();
        for (Unfinished run : cut) {
            log.info("Finishing retention run {} that was cut off", run.id());
            jdbc.sql("UPDATE retention_run SET attempts = attempts + 1 WHERE id = ?")
                    .param(run.id())
                    .update();
            String category = run.category();
            // A category that left the register since has nothing left to enforce: its run just ends.
            if (category == null
                    || registers
                            .current()
                            .flatMap(v -> v.register().category(category))
                            .isPresent()) {
                execute(run.id(), run.asOf(), category, false, run.startedAt());
            }
            finish(run.id());
            done.add(run.id());
        }
        return done;
    }

    private void finish(UUID id) {
        jdbc.sql("UPDATE retention_run SET finished_at = ? WHERE id = ?")
                .params(Timestamp.from(clock.instant()), id)
                .update();
    }

    private Report execute(UUID runId, LocalDate asOf, String only, boolean dryRun, Instant started) {
        RegisterVersion version = registers.current().orElse(null);
        if (version == null) {
            return new Report(
                    runId, asOf, only, dryRun, null, List.of(), List.of(), List.of(), started, clock.instant());
        }
        List<LegalHold> active = holds.active();
        Exclusions exclusions = exclusions(active);
        List<Receipt> written = new ArrayList<>();
        List<NotEnforceable> notEnforceable = new ArrayList<>();
        List<DataCategory> categories = version.register()
                .categories()
                .filter(c -> only == null || c.key().equals(only))
                .toList();
        for (DataCategory category : categories) {
            RetentionRule rule = category.retention();
            if (rule == null || !rule.executable()) {
                notEnforceable.add(new NotEnforceable(
                        category.key(), rule == null ? "—" : rule.text().en()));
                continue;
            }
            written.addAll(expire(runId, version.number(), category, asOf, active, exclusions, dryRun));
        }
        return new Report(
                runId,
                asOf,
                only,
                dryRun,
                version.number(),
                written,
                notEnforceable,
                List.of(),
                started,
                clock.instant());
    }

    /**
     * What a run does to one category: only HELD receipts under a category hold; otherwise an expiry in every place
     * that holds it, counted to an earlier day where a time-range hold keeps newer items.
     */
    List<Receipt> expire(
            UUID runId,
            int version,
            DataCategory category,
            LocalDate asOf,
            List<LegalHold> active,
            Exclusions exclusions,
            boolean dryRun) {
        RetentionRule rule = category.retention();
        List<Receipt> written = new ArrayList<>();
        List<LegalHold> wholeCategory = active.stream()
                .filter(h -> h.scope() == LegalHold.Scope.CATEGORY && h.coversCategory(category.key()))
                .toList();
        if (!wholeCategory.isEmpty()) {
            String detail = "kept by legal hold " + wholeCategory.get(0).id();
            for (DataStore store : stores.stores()) {
                if (store.holds(category)) {
                    written.add(receipt(
                            runId,
                            version,
                            category,
                            asOf,
                            null,
                            store.name(),
                            store.type(),
                            "HELD",
                            0,
                            0,
                            null,
                            detail,
                            0));
                }
            }
            return keep(written, dryRun);
        }
        List<ClientPeriods.Choice> choices =
                rule.kind() == RetentionRule.Kind.SET_BY_CLIENT ? clientPeriods.current(category.key()) : List.of();
        // Everyone else under the register's default; each client that chose, alone, under its own period.
        Set<UUID> chose = new HashSet<>(exclusions.organisations());
        choices.forEach(c -> chose.add(c.organisationId()));
        Exclusions others = choices.isEmpty()
                ? exclusions
                : new Exclusions(
                        exclusions.subjects(), chose, exclusions.servicesDelivered(), exclusions.identifiers());
        written.addAll(scoped(runId, version, category, asOf, active, others, dryRun, null));
        for (ClientPeriods.Choice choice : choices) {
            Period chosen = Period.parse(choice.period());
            // Never more than the register's maximum, also when the maximum was lowered after the choice.
            if (rule.maximum() != null && asOf.plus(chosen).isAfter(asOf.plus(rule.maximum()))) {
                chosen = rule.maximum();
            }
            written.addAll(scoped(
                    runId,
                    version,
                    category,
                    asOf,
                    active,
                    exclusions,
                    dryRun,
                    new Expiry.ClientScope(choice.organisationId(), chosen)));
        }
        return written;
    }

    /** One expiry of the category: everyone's data, or one client organisation's under its own period. */
    private List<Receipt> scoped(
            UUID runId,
            int version,
            DataCategory category,
            LocalDate asOf,
            List<LegalHold> active,
            Exclusions exclusions,
            boolean dryRun,
            Expiry.ClientScope client) {
        Period period = client == null ? period(category.retention()) : client.period();
        LocalDate countTo = asOf;
        LegalHold range = null;
        for (LegalHold hold : active) {
            if (hold.scope() == LegalHold.Scope.TIME_RANGE && hold.coversCategory(category.key())) {
                LocalDate limit = keepFrom(hold.from(), period);
                if (limit.isBefore(countTo)) {
                    countTo = limit;
                    range = hold;
                }
            }
        }
        String operation = dryRun
                ? "dry-run:" + UUID.randomUUID()
                : "retention:" + runId + ":" + category.key() + (client == null ? "" : ":" + client.organisation());
        Expiry expiry = new Expiry(category, countTo, exclusions, operation, dryRun, client);
        long t0 = System.nanoTime();
        List<StoreResult> results = stores.expire(expiry);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        String rangeNote = range == null ? null : "items from " + range.from() + " on kept by legal hold " + range.id();
        String rule = client == null
                ? describe(category.retention())
                : client.period() + " after " + anchor(category.retention()) + " (set by the client organisation)"
                        + (category.retention().anonymise() ? ", then anonymised" : "");
        List<Receipt> written = new ArrayList<>();
        for (StoreResult result : results) {
            written.add(new Receipt(
                    runId == null ? null : UUID.randomUUID(),
                    runId,
                    category.key(),
                    result.store(),
                    client == null ? null : client.organisation(),
                    result.type() == null ? "" : result.type(),
                    version,
                    rule,
                    countTo,
                    expiry.cutoff().orElse(null),
                    result.status().name(),
                    result.affected(),
                    result.excluded(),
                    result.reference(),
                    join(result.detail(), rangeNote),
                    millis,
                    clock.instant()));
        }
        return keep(written, dryRun);
    }

    /** What a run would remove of this category now, honouring today's holds: for a register not applied yet. */
    public List<Receipt> preview(DataCategory category, LocalDate asOf) {
        List<LegalHold> active = holds.active();
        return expire(null, 0, category, asOf, active, exclusions(active), true);
    }

    private List<Receipt> keep(List<Receipt> written, boolean dryRun) {
        return dryRun || written.isEmpty() ? written : receipts.writeAll(written);
    }

    private Receipt receipt(
            UUID runId,
            int version,
            DataCategory category,
            LocalDate asOf,
            Instant cutoff,
            String store,
            String type,
            String status,
            long removed,
            long held,
            String reference,
            String detail,
            long millis) {
        return new Receipt(
                runId == null ? null : UUID.randomUUID(),
                runId,
                category.key(),
                store,
                null,
                type == null ? "" : type,
                version,
                describe(category.retention()),
                asOf,
                cutoff,
                status,
                removed,
                held,
                reference,
                detail,
                millis,
                clock.instant());
    }

    /** The rule as executed, in a form that does not change with the register's wording. */
    static String describe(RetentionRule rule) {
        return rule.anonymise() && rule.kind() != RetentionRule.Kind.UNSPECIFIED
                ? executed(rule) + ", then anonymised"
                : executed(rule);
    }

    private static String executed(RetentionRule rule) {
        return switch (rule.kind()) {
            case UNTIL_END_OF_SERVICE -> "until the service ends";
            case PERIOD -> rule.period() + " after " + anchor(rule);
            case SET_BY_CLIENT -> rule.period() + " after " + anchor(rule) + " (the register's default; set by client)";
            case UNSPECIFIED -> "not enforceable";
        };
    }

    private static String anchor(RetentionRule rule) {
        return rule.anchor() == null ? "collection" : rule.anchor().key();
    }

    /**
     * The day to count to so that nothing from {@code from} on goes: an item of day d is due when d + period is not
     * after it, and d + period is at least from + period for every d from {@code from} on (month ends clamp, so an
     * item a day or two before {@code from} may stay too: never one inside the range goes).
     */
    static LocalDate keepFrom(LocalDate from, Period period) {
        return from.plus(period).minusDays(1);
    }

    static Period period(RetentionRule rule) {
        return rule.kind() == RetentionRule.Kind.UNTIL_END_OF_SERVICE || rule.period() == null
                ? Period.ZERO
                : rule.period();
    }

    /** Holds on people, organisations and services delivered: left alone in every place, whatever their age. */
    static Exclusions exclusions(List<LegalHold> active) {
        Set<UUID> subjects = new HashSet<>();
        Set<UUID> organisations = new HashSet<>();
        Set<UUID> services = new HashSet<>();
        for (LegalHold hold : active) {
            switch (hold.scope()) {
                case SUBJECT -> subjects.add(hold.targetId());
                case ORGANISATION -> organisations.add(hold.targetId());
                case SERVICE_DELIVERED -> services.add(hold.targetId());
                default -> {}
            }
        }
        return new Exclusions(subjects, organisations, services, Set.of());
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) {
            return b;
        }
        return b == null ? a : a + "; " + b;
    }

    private static String trigger(String trigger) {
        return trigger == null || trigger.isBlank() ? "api" : trigger;
    }

    /** A session-level advisory lock on a connection of its own: the database frees it when the process dies. */
    private Lock lock() {
        try {
            Connection connection = dataSource.getConnection();
            try (PreparedStatement s = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                s.setLong(1, LOCK);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        connection.close();
                        throw new RetentionException(
                                Kind.CONFLICT,
                                "run-in-progress",
                                null,
                                "another retention run is in progress; try again when it has finished");
                    }
                }
            }
            return new Lock(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("could not take the retention lock", e);
        }
    }

    private record Lock(Connection connection) implements AutoCloseable {
        @Override
        public void close() {
            try (connection;
                    PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                s.setLong(1, LOCK);
                s.execute();
            } catch (SQLException e) {
                log.warn(
                        "Releasing the retention lock failed ({}); the database frees it with the connection",
                        e.getClass().getSimpleName());
            }
        }
    }
}
