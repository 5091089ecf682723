package nl.waarborg.connectors.internal;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;

/**
 * A system from the register that could not be set up (a secret that is not given, a setting the connector refuses):
 * it stays listed and answers every call as failed with the reason, so the others keep working.
 */
final class FailedConnector implements Connector.Restricting {

    private final String system;
    private final String type;
    private final List<String> categories;
    private final String reason;

    FailedConnector(String system, String type, List<String> categories, String reason) {
        this.system = system;
        this.type = type;
        this.categories = List.copyOf(categories);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }

    @Override
    public String system() {
        return system;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public List<String> categories() {
        return categories;
    }

    @Override
    public ConnectionCheck check() {
        return ConnectionCheck.failed(reason);
    }

    @Override
    public Set<IdentifierKind> searchable() {
        return Set.of(IdentifierKind.values());
    }

    @Override
    public boolean holds(String category) {
        return categories.contains(category);
    }

    @Override
    public SystemResult find(Set<Identifier> identifiers) {
        return failed();
    }

    @Override
    public SystemResult export(Set<Identifier> identifiers) {
        return failed();
    }

    @Override
    public SystemResult erase(Set<Identifier> identifiers, Set<String> keep, String operationId) {
        return failed();
    }

    @Override
    public SystemResult expire(
            String category, Instant cutoff, Set<Identifier> held, String operationId, boolean dryRun) {
        return failed();
    }

    /** Failed, not skipped: the system may well be able to restrict once it can be set up. */
    @Override
    public SystemResult restrict(Set<Identifier> identifiers, String operationId) {
        return failed();
    }

    @Override
    public SystemResult lift(Set<Identifier> identifiers, String operationId) {
        return failed();
    }

    @Override
    public SystemResult rectify(
            Set<Identifier> identifiers, String category, String field, String value, String operationId) {
        return failed();
    }

    private SystemResult failed() {
        return SystemResult.failed(system, type, reason);
    }
}
