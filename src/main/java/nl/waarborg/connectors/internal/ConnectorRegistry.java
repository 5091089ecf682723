package nl.waarborg.connectors.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.waarborg.register.ExternalSystem;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.RegisterVersionApplied;
import nl.waarborg.register.Registers;
import nl.waarborg.subjects.DataStore;
import nl.waarborg.subjects.DataStoreSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The connected systems as they are now, each a place behind the store seam ({@link ConnectorStore}); the fan-out in
 * {@code subjects} asks them, isolates their failures and audits every call.
 *
 * <p>The connectors come from the properties (built once, at start) and from the systems of the current register
 * version (built again whenever a version is applied). A name in both: the register's system wins, because the
 * register is what staff review and change; the start does not fail over it, since a register can be applied while
 * Waarborg runs. Callers see either the old set or the new one, never a mix.
 */
public class ConnectorRegistry implements DataStoreSource {

    private static final Logger log = LoggerFactory.getLogger(ConnectorRegistry.class);

    /**
     * One system as it is connected now.
     *
     * @param registerVersion the register version it comes from, or null when configured as properties
     * @param replacesProperties a register system that takes the place of properties with the same name
     */
    public record Entry(
            Connector connector,
            ConnectorStore store,
            Integer registerVersion,
            String description,
            String assignee,
            boolean replacesProperties) {

        public String name() {
            return connector.system();
        }

        String origin() {
            return registerVersion == null ? "properties" : "register";
        }

        /** Why the system cannot be used, or null when it can. */
        public String failure() {
            return connector instanceof FailedConnector failed ? failed.reason() : null;
        }
    }

    private final List<Connector> fromProperties;
    private final Map<String, String> propertyDescriptions;
    private final Registers registers;
    private final RegisterConnectors builder;
    private volatile List<Entry> entries;

    /** Only the given connectors, no register (for tests of one connector). */
    ConnectorRegistry(List<Connector> connectors) {
        this(connectors, Map.of(), null, null);
    }

    ConnectorRegistry(
            List<Connector> fromProperties,
            Map<String, String> propertyDescriptions,
            Registers registers,
            RegisterConnectors builder) {
        this.fromProperties = List.copyOf(fromProperties);
        this.propertyDescriptions = Map.copyOf(propertyDescriptions);
        this.registers = registers;
        this.builder = builder;
    }

    /** Rebuilds after the register's transaction commits, so a rolled-back apply changes nothing. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    public void on(RegisterVersionApplied applied) {
        rebuild();
    }

    /** The systems as connected now, properties first, then the register's in its order. */
    public List<Entry> entries() {
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
            built.add(new Entry(c, ConnectorStore.of(c), null, propertyDescriptions.get(c.system()), null, false));
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
                    ConnectorStore.of(connector),
                    version.get().number(),
                    s.name(),
                    s.manual() == null ? null : s.manual().assignee(),
                    propertyNames.contains(s.key())));
        }
        return new Built(List.copyOf(built), complete);
    }

    /** The connected systems as places behind the store seam, in the order of {@link #entries()}. */
    @Override
    public List<DataStore> stores() {
        return entries().stream().map(e -> (DataStore) e.store()).toList();
    }

    /** The configured systems by name, with their connector type. */
    Map<String, String> systems() {
        Map<String, String> systems = new LinkedHashMap<>();
        entries().forEach(e -> systems.put(e.name(), e.connector().type()));
        return systems;
    }
}
