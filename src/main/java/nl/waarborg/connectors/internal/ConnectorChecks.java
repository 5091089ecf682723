package nl.waarborg.connectors.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.audit.CurrentActor;
import nl.waarborg.connectors.ConnectorsException;
import nl.waarborg.errors.DomainException.Kind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Tests the connection to a system on request and keeps the last outcome per system; every test is audited. */
@Service
public class ConnectorChecks {

    /** A system as the console and the API show it. */
    public record SystemView(
            String name,
            String type,
            String description,
            List<String> categories,
            String origin,
            Integer registerVersion,
            boolean replacesProperties,
            String assignee,
            String status,
            String failure,
            Outcome lastTest) {}

    /** The outcome of one connection test. */
    public record Outcome(String system, boolean ok, String detail, Instant checkedAt, String checkedBy) {}

    private final ConnectorRegistry registry;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditTrail audit;
    private final CurrentActor actor;

    ConnectorChecks(ConnectorRegistry registry, JdbcClient jdbc, Clock clock, AuditTrail audit, CurrentActor actor) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.actor = actor;
    }

    public List<SystemView> systems() {
        Map<String, Outcome> last = new LinkedHashMap<>();
        jdbc.sql("SELECT * FROM connector_check")
                .query((rs, n) -> new Outcome(
                        rs.getString("system"),
                        rs.getBoolean("ok"),
                        rs.getString("detail"),
                        rs.getTimestamp("checked_at").toInstant(),
                        rs.getString("checked_by")))
                .list()
                .forEach(o -> last.put(o.system(), o));
        return registry.entries().stream()
                .map(e -> new SystemView(
                        e.name(),
                        e.connector().type(),
                        e.description(),
                        e.connector().categories(),
                        e.origin(),
                        e.registerVersion(),
                        e.replacesProperties(),
                        e.assignee(),
                        e.failure() == null ? "READY" : "FAILED",
                        e.failure(),
                        last.get(e.name())))
                .toList();
    }

    /** Runs the system's own check (docs/connectors.md): reads no one's data. */
    @Transactional
    public Outcome test(String name) {
        ConnectorRegistry.Entry entry = registry.entry(name)
                .orElseThrow(() -> new ConnectorsException(
                        Kind.NOT_FOUND,
                        null,
                        "Connector " + (name.matches("[a-z0-9][a-z0-9_-]{0,63}") ? name + " " : "")
                                + "does not exist"));
        ConnectionCheck check;
        try {
            check = entry.connector().check();
        } catch (RuntimeException e) {
            // Only the class: other exceptions' messages may quote data.
            check = ConnectionCheck.failed("test failed (" + e.getClass().getSimpleName() + ")");
        }
        Outcome outcome = new Outcome(
                name,
                check.ok(),
                check.detail(),
                clock.instant(),
                actor.current().type() + ":" + actor.current().id());
        jdbc.sql("""
                        INSERT INTO connector_check (system, checked_at, ok, detail, checked_by) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (system) DO UPDATE SET checked_at = EXCLUDED.checked_at, ok = EXCLUDED.ok,
                               detail = EXCLUDED.detail, checked_by = EXCLUDED.checked_by
                        """)
                .params(name, Timestamp.from(outcome.checkedAt()), outcome.ok(), outcome.detail(), outcome.checkedBy())
                .update();
        audit.record(AuditRecord.of(AuditAction.UPDATE, "connector", name)
                .detail("step", "test")
                .detail("status", check.ok() ? "OK" : "FAILED"));
        return outcome;
    }
}
