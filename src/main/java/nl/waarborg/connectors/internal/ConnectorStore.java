package nl.waarborg.connectors.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import nl.waarborg.register.DataCategory;
import nl.waarborg.subjects.Census;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.DataStore;
import nl.waarborg.subjects.Erasure;
import nl.waarborg.subjects.Expiry;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.Scope;
import nl.waarborg.subjects.StoreResult;
import nl.waarborg.subjects.StoreResult.Holding;
import nl.waarborg.subjects.StoreResult.Item;
import nl.waarborg.subjects.Window;

/**
 * A connected system as a place behind the store seam. A connector's own failure (the system unreachable, a refusal)
 * becomes a failed result with its safe message; the fan-out audits the call.
 */
class ConnectorStore
        implements DataStore.Finder, DataStore.Exporter, DataStore.Eraser, DataStore.Expirer, DataStore.Counter {

    final Connector connector;

    ConnectorStore(Connector connector) {
        this.connector = connector;
    }

    static ConnectorStore of(Connector connector) {
        return connector instanceof Connector.Restricting r ? new Restricting(r) : new ConnectorStore(connector);
    }

    @Override
    public String name() {
        return connector.system();
    }

    @Override
    public Kind kind() {
        return Kind.EXTERNAL;
    }

    @Override
    public String type() {
        return connector.type();
    }

    @Override
    public Set<IdentifierKind> searchable() {
        return connector.searchable();
    }

    @Override
    public boolean holds(DataCategory category) {
        return categoryOf(category).isPresent();
    }

    /**
     * The system's own name for the register row: the row's key when the system is configured with it (as the
     * register's systems are), otherwise one of its keys that the row includes (a vocabulary key).
     */
    Optional<String> categoryOf(DataCategory row) {
        if (connector.categories().contains(row.key())) {
            return Optional.of(row.key());
        }
        return connector.categories().stream().filter(row::includes).findFirst();
    }

    @Override
    public StoreResult find(DataHolder holder) {
        return call(() -> connector.find(holder.identifiers()), true);
    }

    /** The system gives everything at once; the window is applied here. */
    @Override
    public StoreResult export(DataHolder holder, Window window, Consumer<Item> sink) {
        StoreResult all = call(() -> connector.export(holder.identifiers()), false);
        if (all.status() != StoreResult.Status.DONE) {
            return all;
        }
        List<Item> items = new ArrayList<>(all.items().stream()
                .filter(i -> i.timestamp() == null
                        ? window.from() == null && window.to() == null
                        : window.contains(i.timestamp()))
                .toList());
        Comparator<Item> byTime =
                Comparator.comparing(Item::timestamp, Comparator.nullsFirst(Comparator.naturalOrder()));
        items.sort(window.newestFirst() ? byTime.reversed() : byTime);
        int end = window.limit() == 0 ? items.size() : Math.min(items.size(), window.offset() + window.limit());
        long written = 0;
        for (int i = window.offset(); i < end; i++) {
            sink.accept(items.get(i));
            written++;
        }
        return StoreResult.exported(this, holdings(items), written);
    }

    @Override
    public StoreResult erase(DataHolder holder, Erasure erasure) {
        return call(() -> connector.erase(holder.identifiers(), erasure.keep(), erasure.operationId()), false);
    }

    @Override
    public StoreResult expire(Expiry expiry) {
        if (expiry.organisation() != null) {
            return StoreResult.skipped(this, "a connected system is not told which client organisation data is of");
        }
        Optional<Instant> cutoff = expiry.cutoff();
        if (cutoff.isEmpty()) {
            return StoreResult.skipped(
                    this, "the rule counts from an event this system does not know (the end of a service)");
        }
        String category = categoryOf(expiry.category()).orElseThrow();
        return call(
                () -> connector.expire(
                        category,
                        cutoff.get(),
                        expiry.exclusions().identifiers(),
                        expiry.operationId(),
                        expiry.dryRun()),
                false);
    }

    /**
     * Counts the scope's rows under the system's names for them, for a system that can count (a database); a system
     * that cannot, or a scope of one organisation or service (a system is not told whose data is whose), is skipped.
     */
    @Override
    public Census.Tally count(Scope scope, int limit) {
        if (!(connector instanceof CountingConnector counting)) {
            return Census.Tally.skipped(this, "this system cannot count: ask its administrator for the numbers");
        }
        if (scope.perClient()) {
            return Census.Tally.skipped(
                    this, "a connected system is not told which client organisation data is of: count it without one");
        }
        Set<String> categories = new java.util.TreeSet<>();
        scope.categories().forEach(row -> categoryOf(row).ifPresent(categories::add));
        long people = 0;
        long records = 0;
        Set<nl.waarborg.subjects.Identifier> identifiers = new java.util.LinkedHashSet<>();
        try {
            for (String category : categories) {
                // Every category is counted whole; only the list of identifiers stops at the limit.
                SystemCount count =
                        counting.count(category, scope.from(), scope.to(), Math.max(0, limit - identifiers.size()));
                people += count.people();
                records += count.records();
                identifiers.addAll(count.identifiers());
            }
        } catch (ConnectorFailure e) {
            return Census.Tally.failed(this, e.getMessage());
        }
        return Census.Tally.counted(this, people, records, Set.of(), identifiers);
    }

    /** Runs one call and turns the system's answer (or its failure) into the seam's result. */
    StoreResult call(Supplier<SystemResult> call, boolean findOnly) {
        SystemResult answer;
        try {
            answer = call.get();
        } catch (ConnectorFailure e) {
            return StoreResult.failed(this, e.getMessage());
        }
        return switch (answer.status()) {
            case FAILED -> StoreResult.failed(this, answer.error());
            case PENDING -> StoreResult.pending(this, answer.reference());
            case DONE -> {
                List<Item> items = answer.records().stream()
                        .map(r -> new Item(
                                r.category(), r.location(), r.key(), r.timestamp(), findOnly ? Map.of() : r.data()))
                        .toList();
                yield new StoreResult(
                        name(),
                        kind(),
                        type(),
                        StoreResult.Status.DONE,
                        holdings(items),
                        items,
                        answer.affected(),
                        0,
                        null,
                        null);
            }
        };
    }

    /** Per category and location: how many, oldest and newest. */
    private List<Holding> holdings(List<Item> items) {
        Map<String, List<Item>> grouped = new LinkedHashMap<>();
        items.forEach(i -> grouped.computeIfAbsent(i.category() + "\n" + i.location(), k -> new ArrayList<>())
                .add(i));
        List<Holding> holdings = new ArrayList<>();
        grouped.forEach((key, group) -> {
            Item first = group.get(0);
            holdings.add(new Holding(
                    first.category(),
                    first.location() == null ? name() : first.location(),
                    group.size(),
                    group.stream()
                            .map(Item::timestamp)
                            .filter(t -> t != null)
                            .min(Instant::compareTo)
                            .orElse(null),
                    group.stream()
                            .map(Item::timestamp)
                            .filter(t -> t != null)
                            .max(Instant::compareTo)
                            .orElse(null)));
        });
        return holdings;
    }

    /** A system that can also restrict a person's data and lift it, and correct it (HTTP, manual). */
    static final class Restricting extends ConnectorStore implements DataStore.Restrictor, DataStore.Rectifier {

        private final Connector.Restricting restricting;

        Restricting(Connector.Restricting connector) {
            super(connector);
            this.restricting = connector;
        }

        @Override
        public StoreResult restrict(DataHolder holder, String operationId) {
            return call(() -> restricting.restrict(holder.identifiers(), operationId), false);
        }

        @Override
        public StoreResult lift(DataHolder holder, String operationId) {
            return call(() -> restricting.lift(holder.identifiers(), operationId), false);
        }

        @Override
        public StoreResult rectify(DataHolder holder, nl.waarborg.subjects.Rectification rectification) {
            return call(
                    () -> restricting.rectify(
                            holder.identifiers(),
                            rectification.category(),
                            rectification.field(),
                            rectification.value(),
                            rectification.operationId()),
                    false);
        }
    }
}
