package nl.waarborg.subjects.connectors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.register.ExternalSystem;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.RegisterVersionApplied;
import nl.waarborg.register.Registers;
import nl.waarborg.subjects.ExternalSystems;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.Identifiers;
import nl.waarborg.subjects.InvalidIdentifierException;
import nl.waarborg.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * All connectors behind one facade: normalises the identifiers, asks every system in turn, turns a system's failure
 * into a failed result for that system only, and audits each call with counts.
 *
 * <p>The connectors come from the properties (built once, at start) and from the systems of the current register
 * version (built again whenever a version is applied). A name in both: the register's system wins, because the
 * register is what staff review and change; the start does not fail over it, since a register can be applied while
 * Waarborg runs. Callers see either the old set or the new one, never a mix.
 */
class ConnectorRegistry implements ExternalSystems {

    private static final Logger log = LoggerFactory.getLogger(ConnectorRegistry.class);

    /**
     * One system as it is connected now.
     *
     * @param registerVersion the register version it comes from, or null when configured as properties
     * @param replacesProperties a register system that takes the place of properties with the same name
     */
    record Entry(
            Connector connector,
            Integer registerVersion,
            String description,
            String assignee,
            boolean replacesProperties) {

        String name() {
            return connector.system();
        }

        String origin() {
            return registerVersion == null ? "properties" : "register";
        }

        /** Why the system cannot be used, or null when it can. */
        String failure() {
            return connector instanceof FailedConnector failed ? failed.reason() : null;
        }
    }

    private final List<Connector> fromProperties;
    private final Map<String, String> propertyDescriptions;
    private final AuditTrail audit;
    private final Registers registers;
    private final RegisterConnectors builder;
    private volatile List<Entry> entries;

    /** Only the given connectors, no register (for tests of one connector). */
    ConnectorRegistry(List<Connector> connectors, AuditTrail audit) {
        this(connectors, Map.of(), audit, null, null);
    }

    ConnectorRegistry(
            List<Connector> fromProperties,
            Map<String, String> propertyDescriptions,
            AuditTrail audit,
            Registers registers,
            RegisterConnectors builder) {
        this.fromProperties = List.copyOf(fromProperties);
        this.propertyDescriptions = Map.copyOf(propertyDescriptions);
        this.audit = audit;
        this.registers = registers;
        this.builder = builder;
    }

    /** Rebuilds after the register's transaction commits, so a rolled-back apply changes nothing. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    public void on(RegisterVersionApplied applied) {
        rebuild();
    }

    /** The systems as connected now, properties first, then the register's in its order. */
    List<Entry> entries() {
        List<Entry> current = entries;
        if (current == null) {
            synchronized (this) {
                current = entries;
                if (current == null) {
                    Built built = build();
                    current = built.entries();
                    // Without the register (database not ready), answer with the properties but try again next time.
                    if (built.complete()) {
                        entries = current;
                    }
                }
            }
        }
        return current;
    }

    Optional<Entry> entry(String name) {
        return entries().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Builds the register's connectors anew from the current version and closes the ones they replace. */
    synchronized void rebuild() {
        List<Entry> old = entries;
        Built built = build();
        entries = built.complete() ? built.entries() : null;
        if (old != null) {
            old.stream()
                    .filter(e -> e.registerVersion() != null)
                    .forEach(e -> e.connector().close());
        }
    }

    private record Built(List<Entry> entries, boolean complete) {}

    private Built build() {
        Optional<RegisterVersion> version = Optional.empty();
        boolean complete = true;
        if (registers != null) {
            try {
                version = registers.current();
            } catch (RuntimeException e) {
                complete = false;
                log.warn(
                        "Connectors: register not readable ({}), using the properties only",
                        e.getClass().getName());
            }
        }
        List<ExternalSystem> systems = version.map(v -> v.register().systems()).orElse(List.of());
        Set<String> inRegister = new LinkedHashSet<>();
        systems.forEach(s -> inRegister.add(s.key()));
        List<Entry> built = new ArrayList<>();
        for (Connector c : fromProperties) {
            if (inRegister.contains(c.system())) {
                log.warn(
                        "Connector {} is configured as properties and in the register: the register's is used",
                        c.system());
                continue;
            }
            built.add(new Entry(c, null, propertyDescriptions.get(c.system()), null, false));
        }
        Set<String> propertyNames = new LinkedHashSet<>();
        fromProperties.forEach(c -> propertyNames.add(c.system()));
        for (ExternalSystem s : systems) {
            Connector connector = builder.build(s);
            if (connector instanceof FailedConnector failed) {
                log.warn("Connector {} from the register is not usable: {}", s.key(), failed.reason());
            }
            built.add(new Entry(
                    connector,
                    version.get().number(),
                    s.name(),
                    s.manual() == null ? null : s.manual().assignee(),
                    propertyNames.contains(s.key())));
        }
        return new Built(List.copyOf(built), complete);
    }

    private List<Connector> connectors() {
        return entries().stream().map(Entry::connector).toList();
    }

    @Override
    public Map<String, String> systems() {
        Map<String, String> systems = new LinkedHashMap<>();
        connectors().forEach(c -> systems.put(c.system(), c.type()));
        return systems;
    }

    @Override
    public List<SystemResult> find(Collection<Identifier> identifiers, String subjectId, String purpose) {
        Set<Identifier> ids = normalised(identifiers);
        return each("find", AuditAction.READ, subjectId, purpose, c -> c.find(ids), connectors());
    }

    @Override
    public List<SystemResult> export(Collection<Identifier> identifiers, String subjectId, String purpose) {
        Set<Identifier> ids = normalised(identifiers);
        return each("export", AuditAction.EXPORT, subjectId, purpose, c -> c.export(ids), connectors());
    }

    @Override
    public List<SystemResult> erase(
            Collection<Identifier> identifiers, String operationId, String subjectId, String purpose) {
        Set<Identifier> ids = normalised(identifiers);
        requireOperation(operationId);
        return each("erase", AuditAction.DELETE, subjectId, purpose, c -> c.erase(ids, operationId), connectors());
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
                connectors().stream().filter(c -> c.holds(category)).toList();
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
