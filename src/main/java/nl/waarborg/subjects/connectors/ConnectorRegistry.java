package nl.waarborg.subjects.connectors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.subjects.ExternalSystems;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.Identifiers;
import nl.waarborg.subjects.InvalidIdentifierException;
import nl.waarborg.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All configured connectors behind one facade: normalises the identifiers, asks every system in turn, turns a
 * system's failure into a failed result for that system only, and audits each call with counts.
 */
class ConnectorRegistry implements ExternalSystems {

    private static final Logger log = LoggerFactory.getLogger(ConnectorRegistry.class);

    private final List<Connector> connectors;
    private final AuditTrail audit;

    ConnectorRegistry(List<Connector> connectors, AuditTrail audit) {
        this.connectors = List.copyOf(connectors);
        this.audit = audit;
    }

    @Override
    public Map<String, String> systems() {
        Map<String, String> systems = new LinkedHashMap<>();
        connectors.forEach(c -> systems.put(c.system(), c.type()));
        return systems;
    }

    @Override
    public List<SystemResult> find(Collection<Identifier> identifiers, String subjectId, String purpose) {
        Set<Identifier> ids = normalised(identifiers);
        return each("find", AuditAction.READ, subjectId, purpose, c -> c.find(ids), connectors);
    }

    @Override
    public List<SystemResult> export(Collection<Identifier> identifiers, String subjectId, String purpose) {
        Set<Identifier> ids = normalised(identifiers);
        return each("export", AuditAction.EXPORT, subjectId, purpose, c -> c.export(ids), connectors);
    }

    @Override
    public List<SystemResult> erase(
            Collection<Identifier> identifiers, String operationId, String subjectId, String purpose) {
        Set<Identifier> ids = normalised(identifiers);
        requireOperation(operationId);
        return each("erase", AuditAction.DELETE, subjectId, purpose, c -> c.erase(ids, operationId), connectors);
    }

    @Override
    public List<SystemResult> expire(String category, Instant cutoff, String operationId) {
        if (category == null || category.isBlank()) {
            throw ApiProblem.invalid("category", "is needed");
        }
        if (cutoff == null) {
            throw ApiProblem.invalid("cutoff", "is needed");
        }
        requireOperation(operationId);
        List<Connector> holding =
                connectors.stream().filter(c -> c.holds(category)).toList();
        return each(
                "expire",
                AuditAction.DELETE,
                null,
                "retention:" + category,
                c -> c.expire(category, cutoff, operationId),
                holding);
    }

    private static void requireOperation(String operationId) {
        if (operationId == null || operationId.isBlank()) {
            throw ApiProblem.invalid("operationId", "is needed so that a repeated call does nothing twice");
        }
    }

    private static Set<Identifier> normalised(Collection<Identifier> identifiers) {
        if (identifiers == null || identifiers.isEmpty()) {
            throw ApiProblem.invalid("identifiers", "at least one identifier is needed");
        }
        Set<Identifier> out = new LinkedHashSet<>();
        for (Identifier id : identifiers) {
            try {
                out.add(Identifiers.normalise(id.kind(), id.value()));
            } catch (InvalidIdentifierException e) {
                throw ApiProblem.invalid("identifiers", e.getMessage());
            }
        }
        return out;
    }

    private List<SystemResult> each(
            String step,
            AuditAction action,
            String subjectId,
            String purpose,
            Function<Connector, SystemResult> call,
            List<Connector> targets) {
        List<SystemResult> results = new ArrayList<>();
        for (Connector c : targets) {
            SystemResult result;
            try {
                result = call.apply(c);
            } catch (ConnectorException e) {
                log.warn("Connector {} {} failed: {}", c.system(), step, e.getMessage());
                result = SystemResult.failed(c.system(), c.type(), e.getMessage());
            } catch (RuntimeException e) {
                // Only the class: other exceptions' messages may quote data.
                log.warn(
                        "Connector {} {} failed: {}",
                        c.system(),
                        step,
                        e.getClass().getName());
                result = SystemResult.failed(
                        c.system(),
                        c.type(),
                        c.system() + ": " + step + " failed (" + e.getClass().getSimpleName() + ")");
            }
            results.add(result);
            audit.record(AuditRecord.of(action, "connector", c.system())
                    .subject(subjectId)
                    .purpose(purpose)
                    .detail("step", step)
                    .detail("status", result.status().name())
                    .detail("records", Integer.toString(result.records().size()))
                    .detail("affected", Long.toString(result.affected())));
        }
        return results;
    }
}
