package nl.waarborg.connectors.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.audit.CurrentActor;
import nl.waarborg.connectors.ConnectorTaskCompleted;
import nl.waarborg.connectors.ConnectorsException;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.StoreOperations;
import nl.waarborg.subjects.StoreResult;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The staff tasks of manual connectors: created with a due date, listed, completed with outcome and evidence. */
@Service
public class ManualTasks {

    static final Set<String> RESULTS = Set.of("DONE", "NOT_FOUND", "FAILED");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    // Tasks are written in the console's default language.
    private static final Locale TASK_LOCALE = Locale.forLanguageTag("nl");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditTrail audit;
    private final MessageSource messages;
    private final CurrentActor actor;
    private final StoreOperations operations;
    private final ApplicationEventPublisher events;

    ManualTasks(
            JdbcClient jdbc,
            Clock clock,
            AuditTrail audit,
            MessageSource messages,
            CurrentActor actor,
            StoreOperations operations,
            ApplicationEventPublisher events) {
        this.operations = operations;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.messages = messages;
        this.actor = actor;
    }

    /** Creates the task, or answers the one an earlier call with the same operation id created. */
    @Transactional
    ConnectorTask create(
            String system,
            String action,
            Set<Identifier> identifiers,
            Set<String> keep,
            String category,
            Instant cutoff,
            String operationId,
            Duration due) {
        if (operationId != null) {
            List<ConnectorTask> existing = jdbc.sql(
                            "SELECT * FROM connector_task WHERE system = ? AND action = ? AND operation_id = ?")
                    .params(system, action, operationId)
                    .query((rs, n) -> row(rs))
                    .list();
            if (!existing.isEmpty()) {
                ConnectorTask task = existing.get(0);
                // The operation is asked again after staff could not do it: the same task, open again.
                return "FAILED".equals(task.status()) ? reopen(task, due) : task;
            }
        }
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        String more = "";
        if (!keep.isEmpty()) {
            more = messages.getMessage(
                    "connectors.task.keep",
                    new Object[] {String.join(", ", new java.util.TreeSet<>(keep))},
                    TASK_LOCALE);
        } else if (action.equals("EXPIRE") && !identifiers.isEmpty()) {
            more = messages.getMessage("connectors.task.held", null, TASK_LOCALE);
        }
        String instructions = messages.getMessage(
                "connectors.task." + action.toLowerCase(Locale.ROOT),
                new Object[] {system, category, cutoff, more},
                TASK_LOCALE);
        List<ConnectorTask.IdentifierValue> values = identifiers.stream()
                .map(i -> new ConnectorTask.IdentifierValue(i.kind().name(), i.value()))
                .sorted(java.util.Comparator.comparing(ConnectorTask.IdentifierValue::kind)
                        .thenComparing(ConnectorTask.IdentifierValue::value))
                .toList();
        if (operationId == null) {
            // A search repeated before staff answered (a second look at the subject page) is the same question:
            // staff get one task for it, not one per page view.
            List<ConnectorTask> open = jdbc.sql("""
                            SELECT * FROM connector_task
                             WHERE system = ? AND action = ? AND operation_id IS NULL AND status = 'OPEN'
                               AND identifiers = ?::jsonb
                             ORDER BY created_at LIMIT 1
                            """)
                    .params(system, action, JSON.writeValueAsString(values))
                    .query((rs, n) -> row(rs))
                    .list();
            if (!open.isEmpty()) {
                return open.get(0);
            }
        }
        jdbc.sql("""
                        INSERT INTO connector_task (id, system, action, operation_id, identifiers, category, cutoff,
                                                    instructions, created_at, due_at)
                        VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)
                        """)
                .params(
                        id,
                        system,
                        action,
                        operationId,
                        JSON.writeValueAsString(values),
                        category,
                        cutoff == null ? null : Timestamp.from(cutoff),
                        instructions,
                        Timestamp.from(now),
                        Timestamp.from(now.plus(due)))
                .update();
        audit.record(AuditRecord.of(AuditAction.CREATE, "connector_task", id)
                .detail("system", system)
                .detail("action", action));
        return get(id);
    }

    private ConnectorTask reopen(ConnectorTask task, Duration due) {
        jdbc.sql("""
                        UPDATE connector_task SET status = 'OPEN', due_at = ?, outcome = NULL, evidence = NULL,
                               completed_at = NULL, completed_by = NULL
                         WHERE id = ? AND status = 'FAILED'
                        """)
                .params(Timestamp.from(clock.instant().plus(due)), task.id())
                .update();
        audit.record(AuditRecord.of(AuditAction.UPDATE, "connector_task", task.id())
                .detail("status", "OPEN")
                .detail("fields", "reopened"));
        return get(task.id());
    }

    ConnectorTask get(UUID id) {
        return jdbc.sql("SELECT * FROM connector_task WHERE id = ?")
                .param(id)
                .query((rs, n) -> row(rs))
                .optional()
                .orElseThrow(() -> new ConnectorsException(Kind.NOT_FOUND, null, "Task " + id + " does not exist"));
    }

    @Transactional
    public ConnectorTask read(UUID id) {
        ConnectorTask task = get(id);
        audit.record(AuditRecord.of(AuditAction.READ, "connector_task", id));
        return task;
    }

    /** One task for a staff member to work on, audited with why it was opened: it names the person's identifiers. */
    @Transactional
    public ConnectorTask read(UUID id, String purpose) {
        ConnectorTask task = get(id);
        audit.record(AuditRecord.of(AuditAction.READ, "connector_task", id)
                .purpose(purpose)
                .detail("system", task.system()));
        return task;
    }

    /** Open tasks and how many of them are past their due date, for the dashboard (no identifiers read). */
    public long[] openAndOverdue() {
        return jdbc.sql("SELECT count(*), count(*) FILTER (WHERE due_at < ?) FROM connector_task WHERE status = 'OPEN'")
                .param(Timestamp.from(clock.instant()))
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .single();
    }

    /** Tasks, soonest due first; audited as a read because tasks name the person's identifiers. */
    @Transactional
    public List<ConnectorTask> list(String status, int limit) {
        String s = status == null ? null : status.toUpperCase(Locale.ROOT);
        if (s != null && !s.equals("OPEN") && !RESULTS.contains(s)) {
            throw new ConnectorsException(Kind.INVALID, "status", "must be OPEN, DONE, NOT_FOUND or FAILED");
        }
        List<ConnectorTask> tasks = jdbc.sql("""
                        SELECT * FROM connector_task WHERE (CAST(? AS text) IS NULL OR status = ?)
                         ORDER BY due_at, id LIMIT ?
                        """)
                .params(s, s, Math.max(1, Math.min(limit, 1000)))
                .query((rs, n) -> row(rs))
                .list();
        audit.record(AuditRecord.of(AuditAction.READ, "connector_task", "list")
                .detail("status", s == null ? "any" : s)
                .detail("rows", Integer.toString(tasks.size())));
        return tasks;
    }

    @Transactional
    public ConnectorTask complete(UUID id, String result, String outcome, String evidence) {
        String r = result == null ? "DONE" : result.toUpperCase(Locale.ROOT);
        if (!RESULTS.contains(r)) {
            throw new ConnectorsException(Kind.INVALID, "result", "must be DONE, NOT_FOUND or FAILED");
        }
        if (outcome == null || outcome.isBlank()) {
            throw new ConnectorsException(Kind.INVALID, "outcome", "say what was done");
        }
        int changed = jdbc.sql("""
                        UPDATE connector_task SET status = ?, outcome = ?, evidence = ?, completed_at = ?,
                               completed_by = ? WHERE id = ? AND status = 'OPEN'
                        """)
                .params(
                        r,
                        outcome,
                        evidence,
                        Timestamp.from(clock.instant()),
                        actor.current().type() + ":" + actor.current().id(),
                        id)
                .update();
        if (changed == 0) {
            ConnectorTask task = get(id);
            throw new ConnectorsException(Kind.CONFLICT, "status", "the task is already " + task.status());
        }
        audit.record(AuditRecord.of(AuditAction.UPDATE, "connector_task", id)
                .detail("status", r)
                .detail("fields", evidence == null ? "outcome" : "outcome,evidence"));
        ConnectorTask done = get(id);
        // In the same transaction: the operation that waited on this task is finished, and whoever waits hears so.
        operations.concluded(
                "task:" + id,
                r.equals("FAILED") ? StoreResult.Status.FAILED : StoreResult.Status.DONE,
                r.equals("FAILED") ? done.system() + ": staff could not do the task" : null);
        events.publishEvent(new ConnectorTaskCompleted(id, done.system(), done.action(), operationId(id), r));
        return done;
    }

    private String operationId(UUID id) {
        return jdbc.sql("SELECT operation_id FROM connector_task WHERE id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private static ConnectorTask row(ResultSet rs) throws SQLException {
        return new ConnectorTask(
                rs.getObject("id", UUID.class),
                rs.getString("system"),
                rs.getString("action"),
                JSON.readValue(
                        rs.getString("identifiers"), new TypeReference<List<ConnectorTask.IdentifierValue>>() {}),
                rs.getString("category"),
                instant(rs, "cutoff"),
                rs.getString("instructions"),
                instant(rs, "created_at"),
                instant(rs, "due_at"),
                rs.getString("status"),
                rs.getString("outcome"),
                rs.getString("evidence"),
                instant(rs, "completed_at"),
                rs.getString("completed_by"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
