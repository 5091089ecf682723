package nl.waarborg.connectors.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;

/**
 * A system without an interface (an accounting package, a supplier's portal): every operation becomes a task for
 * staff, answered as pending with the task as reference until staff record the outcome.
 */
final class ManualConnector implements Connector.Restricting {

    private final String system;
    private final ManualTasks tasks;
    private final Duration due;
    private final boolean anonymise;
    private final List<String> categories;

    ManualConnector(String system, ConnectorSettings settings, ManualTasks tasks) {
        this.system = system;
        this.tasks = tasks;
        this.due = settings.due();
        this.anonymise = settings.erase() != null
                && settings.erase().toLowerCase(Locale.ROOT).startsWith("anonymi");
        this.categories = settings.categories();
        if (due.isNegative() || due.isZero()) {
            throw new IllegalArgumentException("waarborg.connectors." + system + ".due must be positive");
        }
    }

    @Override
    public String system() {
        return system;
    }

    @Override
    public String type() {
        return "manual";
    }

    /** Staff can look a person up by anything. */
    @Override
    public Set<IdentifierKind> searchable() {
        return Set.of(IdentifierKind.values());
    }

    @Override
    public boolean holds(String category) {
        return categories.contains(category);
    }

    @Override
    public List<String> categories() {
        return categories;
    }

    /** Staff are the interface: there is nothing to reach. */
    @Override
    public ConnectionCheck check() {
        return ConnectionCheck.ok("manual: tasks for staff, nothing to connect to");
    }

    @Override
    public SystemResult find(Set<Identifier> identifiers) {
        return task("FIND", identifiers, Set.of(), null, null, null);
    }

    @Override
    public SystemResult export(Set<Identifier> identifiers) {
        return task("EXPORT", identifiers, Set.of(), null, null, null);
    }

    @Override
    public SystemResult erase(Set<Identifier> identifiers, Set<String> keep, String operationId) {
        return task(anonymise ? "ANONYMISE" : "ERASE", identifiers, keep, null, null, operationId);
    }

    /** A dry run asks nothing of staff: it is answered as not counted. */
    @Override
    public SystemResult expire(
            String category, Instant cutoff, Set<Identifier> held, String operationId, boolean dryRun) {
        if (dryRun) {
            return SystemResult.done(system, type(), java.util.List.of(), 0);
        }
        // The held identifiers are on the task: staff must leave their records alone.
        return task("EXPIRE", held, Set.of(), category, cutoff, operationId);
    }

    @Override
    public SystemResult restrict(Set<Identifier> identifiers, String operationId) {
        return task("RESTRICT", identifiers, Set.of(), null, null, operationId);
    }

    @Override
    public SystemResult lift(Set<Identifier> identifiers, String operationId) {
        return task("LIFT", identifiers, Set.of(), null, null, operationId);
    }

    /** The task names the category; the field and the right value are on the request the operation id names. */
    @Override
    public SystemResult rectify(
            Set<Identifier> identifiers, String category, String field, String value, String operationId) {
        return task("RECTIFY", identifiers, Set.of(), category, null, operationId);
    }

    private SystemResult task(
            String action,
            Set<Identifier> identifiers,
            Set<String> keep,
            String category,
            Instant cutoff,
            String operationId) {
        ConnectorTask task = tasks.create(system, action, identifiers, keep, category, cutoff, operationId, due);
        return SystemResult.pending(system, type(), "task:" + task.id());
    }
}
