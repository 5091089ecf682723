package nl.waarborg.subjects.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.errors.DomainException;
import nl.waarborg.register.DataCategory;
import nl.waarborg.subjects.Census;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.DataStore;
import nl.waarborg.subjects.DataStoreSource;
import nl.waarborg.subjects.DataStores;
import nl.waarborg.subjects.Erasure;
import nl.waarborg.subjects.Exclusions;
import nl.waarborg.subjects.Expiry;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.Operations;
import nl.waarborg.subjects.Rectification;
import nl.waarborg.subjects.Scope;
import nl.waarborg.subjects.StoreResult;
import nl.waarborg.subjects.StoreResult.Item;
import nl.waarborg.subjects.SubjectsException;
import nl.waarborg.subjects.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one place that asks every place: in turn, each failure isolated to its place, each call audited by reference,
 * each mutating operation recorded in the {@link OperationLedger} so that it is never done twice.
 *
 * <p>Not transactional itself: every place works in its own transactions (a connected system can take as long as its
 * timeout, and an open transaction would hold the audit trail's lock all that time); each call's audit entry is
 * written right after it.
 */
@Service
class StoreFanOut implements DataStores {

    private static final Logger log = LoggerFactory.getLogger(StoreFanOut.class);

    private final ObjectProvider<DataStore> fixed;
    private final ObjectProvider<DataStoreSource> sources;
    private final OperationLedger ledger;
    private final AuditTrail audit;
    private final Inventory inventory;
    private final TransactionTemplate tx;

    StoreFanOut(
            ObjectProvider<DataStore> fixed,
            ObjectProvider<DataStoreSource> sources,
            OperationLedger ledger,
            AuditTrail audit,
            Inventory inventory,
            PlatformTransactionManager transactions) {
        this.fixed = fixed;
        this.sources = sources;
        this.ledger = ledger;
        this.audit = audit;
        this.inventory = inventory;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public List<DataStore> stores() {
        List<DataStore> all = new ArrayList<>(fixed.orderedStream()
                .sorted(Comparator.comparing(DataStore::kind))
                .toList());
        sources.orderedStream().forEach(source -> all.addAll(source.stores()));
        return List.copyOf(all);
    }

    @Override
    public Optional<DataStore> store(String name) {
        return stores().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    // ---------------------------------------------------------------- reading

    @Override
    public List<StoreResult> find(DataHolder holder, Set<DataStore.Kind> kinds, String purpose) {
        List<StoreResult> results = new ArrayList<>();
        for (DataStore store : of(kinds)) {
            StoreResult result;
            if (!(store instanceof DataStore.Finder finder)) {
                result = StoreResult.skipped(store, "this place cannot be searched");
            } else if (!canSearch(store, holder)) {
                result = notSearchable(store);
            } else {
                result = isolated(store, "find", () -> finder.find(holder));
                audited(AuditAction.READ, store, holder, purpose, "find", result);
            }
            results.add(result);
        }
        return results;
    }

    @Override
    public StoreResult export(String name, DataHolder holder, Window window, Consumer<Item> sink, String purpose) {
        DataStore store = store(name)
                .orElseThrow(() -> new SubjectsException(
                        DomainException.Kind.NOT_FOUND, "store", "No place called " + name + " holds personal data"));
        return export(store, holder, window, sink, purpose);
    }

    @Override
    public List<StoreResult> exportAll(
            DataHolder holder, Set<DataStore.Kind> kinds, BiConsumer<String, Item> sink, String purpose) {
        List<StoreResult> results = new ArrayList<>();
        for (DataStore store : of(kinds)) {
            results.add(export(store, holder, Window.all(), item -> sink.accept(store.name(), item), purpose));
        }
        return results;
    }

    private StoreResult export(DataStore store, DataHolder holder, Window window, Consumer<Item> sink, String purpose) {
        if (!(store instanceof DataStore.Exporter exporter)) {
            return StoreResult.skipped(store, "this place cannot export");
        }
        if (!canSearch(store, holder)) {
            return notSearchable(store);
        }
        StoreResult result = isolated(store, "export", () -> exporter.export(holder, window, sink));
        audited(AuditAction.EXPORT, store, holder, purpose, "export", result);
        return result;
    }

    @Override
    public Census count(Scope scope, String purpose, int limit) {
        List<DataStore> all = stores();
        for (String name : new java.util.TreeSet<>(scope.places())) {
            if (all.stream().noneMatch(s -> s.name().equals(name))) {
                throw new SubjectsException(
                        DomainException.Kind.INVALID, "places", "no place called " + name + " holds personal data");
            }
        }
        List<Census.Tally> tallies = new ArrayList<>();
        for (DataStore store : all) {
            boolean named = scope.places().contains(store.name());
            if (!scope.places().isEmpty() && !named) {
                continue;
            }
            Set<DataCategory> rows = new LinkedHashSet<>();
            scope.categories().stream().filter(store::holds).forEach(rows::add);
            Census.Tally tally;
            if (rows.isEmpty()) {
                if (!named) {
                    continue; // not concerned: the place holds none of the rows
                }
                tally = Census.Tally.skipped(store, "this place holds none of the categories");
            } else if (!(store instanceof DataStore.Counter counter)) {
                tally = Census.Tally.skipped(store, "this place cannot count");
            } else {
                tally = isolated(store, "count", () -> counter.count(scope.only(rows), limit), Census.Tally::failed);
                AuditRecord entry = AuditRecord.of(AuditAction.SEARCH, "data_store", store.name())
                        .purpose(Directory.purpose(purpose))
                        .detail("step", "count")
                        .detail("status", tally.status().name())
                        .detail("categories", String.join(",", scope.only(rows).keys()))
                        .detail("people", Long.toString(tally.people()))
                        .detail("records", Long.toString(tally.records()));
                tx.executeWithoutResult(status -> audit.record(entry));
            }
            tallies.add(tally);
        }
        return census(tallies, limit);
    }

    /**
     * Joins the places' answers: identifiers (normalised where they can be) that a registered subject carries count as
     * that subject, the others once each over all places, and what a place counted beyond what it listed is added.
     */
    private Census census(List<Census.Tally> tallies, int limit) {
        Set<UUID> registered = new LinkedHashSet<>();
        Set<Identifier> unregistered = new LinkedHashSet<>();
        long unlisted = 0;
        long records = 0;
        for (Census.Tally t : tallies) {
            records += t.records();
            Set<Identifier> normalised = new LinkedHashSet<>();
            t.identifiers().forEach(i -> normalised.add(normalised(i)));
            java.util.Map<Identifier, Set<UUID>> owners = inventory.owners(normalised);
            Set<UUID> found = new LinkedHashSet<>(t.subjects());
            for (Identifier i : normalised) {
                Set<UUID> of = owners.get(i);
                if (of == null) {
                    unregistered.add(i);
                } else {
                    found.addAll(of);
                }
            }
            registered.addAll(found);
            // A place counts people in the unit it lists them in: identifiers where it lists any, else subjects.
            long listedHere = t.identifiers().isEmpty()
                    ? t.subjects().size()
                    : t.identifiers().size();
            unlisted += Math.max(0, t.people() - listedHere);
        }
        List<UUID> listed = registered.stream().limit(limit).toList();
        long people = registered.size() + unregistered.size() + unlisted;
        return new Census(
                tallies,
                people,
                records,
                listed,
                unregistered.size() + unlisted,
                unlisted > 0 || registered.size() > limit);
    }

    /** A connected system's identifier as Waarborg keeps them; as it came when it is not one Waarborg can read. */
    private static Identifier normalised(Identifier i) {
        try {
            return nl.waarborg.subjects.Identifiers.normalise(i.kind(), i.value());
        } catch (RuntimeException e) {
            return i;
        }
    }

    // ---------------------------------------------------------------- changing

    @Override
    public List<StoreResult> erase(DataHolder holder, Erasure erasure, String purpose) {
        return each(
                "erase",
                erasure.operationId(),
                holder,
                purpose,
                all(),
                s -> s instanceof DataStore.Eraser e ? e : null,
                (DataStore.Eraser e) -> e.erase(holder, erasure),
                true);
    }

    @Override
    public List<StoreResult> restrict(DataHolder holder, String operationId, String purpose) {
        return restrict(holder, operationId, purpose, Set.of());
    }

    @Override
    public List<StoreResult> lift(DataHolder holder, String operationId, String purpose) {
        return lift(holder, operationId, purpose, Set.of());
    }

    @Override
    public List<StoreResult> restrict(
            DataHolder holder, String operationId, String purpose, Set<DataCategory> categories) {
        return marking("restrict", holder, operationId, purpose, r -> r.restrict(holder, operationId, categories));
    }

    @Override
    public List<StoreResult> lift(DataHolder holder, String operationId, String purpose, Set<DataCategory> categories) {
        return marking("lift", holder, operationId, purpose, r -> r.lift(holder, operationId, categories));
    }

    @Override
    public List<StoreResult> rectify(DataHolder holder, Rectification rectification, String purpose) {
        return each(
                "rectify",
                rectification.operationId(),
                holder,
                purpose,
                all(),
                s -> s instanceof DataStore.Rectifier r ? r : null,
                (DataStore.Rectifier r) -> r.rectify(holder, rectification),
                true);
    }

    private List<StoreResult> marking(
            String step,
            DataHolder holder,
            String operationId,
            String purpose,
            Function<DataStore.Restrictor, StoreResult> call) {
        Operations.require(operationId);
        return each(
                step,
                operationId,
                holder,
                purpose,
                all(),
                s -> s instanceof DataStore.Restrictor r ? r : null,
                call,
                true);
    }

    @Override
    public List<StoreResult> expire(Expiry order) {
        // Places outside Waarborg know identifiers only: they honour a hold on a person through its identifiers.
        Expiry expiry = order.exclusions().isEmpty()
                ? order
                : new Expiry(
                        order.category(),
                        order.asOf(),
                        withIdentifiers(order.exclusions()),
                        order.operationId(),
                        order.dryRun(),
                        order.client());
        List<DataStore> holding =
                stores().stream().filter(s -> s.holds(expiry.category())).toList();
        return each(
                "expire",
                expiry.operationId(),
                null,
                "retention:" + expiry.category().key(),
                holding,
                s -> s instanceof DataStore.Expirer e ? e : null,
                (DataStore.Expirer e) -> e.expire(expiry),
                !expiry.dryRun());
    }

    /**
     * Calls one capability of every place in turn. {@code ledgered}: answer an operation a place finished before from
     * the ledger and record this one; a dry run changes nothing and is not recorded.
     */
    private <C extends DataStore> List<StoreResult> each(
            String step,
            String operationId,
            DataHolder holder,
            String purpose,
            List<DataStore> targets,
            Function<DataStore, C> capability,
            Function<C, StoreResult> call,
            boolean ledgered) {
        List<StoreResult> results = new ArrayList<>();
        for (DataStore store : targets) {
            C capable = capability.apply(store);
            if (capable == null) {
                results.add(StoreResult.skipped(store, "this place cannot " + step));
                continue;
            }
            if (holder != null && !canSearch(store, holder)) {
                results.add(notSearchable(store));
                continue;
            }
            if (!ledgered) {
                StoreResult result = isolated(store, step, () -> call.apply(capable));
                audited(AuditAction.READ, store, holder, purpose, step + " (dry run)", result);
                results.add(result);
                continue;
            }
            Optional<OperationLedger.Entry> before = ledger.entry(operationId, store.name(), step);
            if (before.isPresent() && before.get().status() == StoreResult.Status.DONE) {
                results.add(before.get().result(store));
                continue;
            }
            ledger.start(operationId, store.name(), step);
            StoreResult result = isolated(store, step, () -> call.apply(capable));
            StoreResult recorded =
                    ledger.finish(operationId, store, step, result).result(store);
            audited(
                    "lift".equals(step) || "restrict".equals(step) || "rectify".equals(step)
                            ? AuditAction.UPDATE
                            : AuditAction.DELETE,
                    store,
                    holder,
                    purpose,
                    step,
                    recorded,
                    operationId);
            results.add(recorded);
        }
        return results;
    }

    // ---------------------------------------------------------------- helpers

    private List<DataStore> of(Set<DataStore.Kind> kinds) {
        return stores().stream().filter(s -> kinds.contains(s.kind())).toList();
    }

    /** The places a person's rights are carried out in: every one but Waarborg's own request files. */
    private List<DataStore> all() {
        return of(DataStores.ALL);
    }

    /** A place that searches by subject (Waarborg's own) knows a registered holder; others need an identifier. */
    private static boolean canSearch(DataStore store, DataHolder holder) {
        return (holder.registered() && store.searchesBySubject()) || holder.hasAny(store.searchable());
    }

    private static StoreResult notSearchable(DataStore store) {
        String kinds = store.searchable().stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
        return StoreResult.skipped(
                store, kinds.isEmpty() ? "searches registered subjects only" : "searches by " + kinds + " only");
    }

    /** One place's failure becomes its failed result; the others are still asked. */
    private static StoreResult isolated(DataStore store, String step, java.util.function.Supplier<StoreResult> call) {
        return isolated(store, step, call, StoreResult::failed);
    }

    /** The same for any answer a place gives: {@code failed} makes the answer of a place that failed. */
    private static <T> T isolated(
            DataStore store,
            String step,
            java.util.function.Supplier<T> call,
            java.util.function.BiFunction<DataStore, String, T> failed) {
        try {
            T result = call.get();
            if (result == null) {
                return failed.apply(store, store.name() + ": " + step + " gave no answer");
            }
            return result;
        } catch (DomainException e) {
            // Domain exceptions say why without data: they are meant to be shown.
            String place = store.name(); // the place's configured name, never a person's
            log.warn("Place {} {} refused: {}", place, step, e.slug());
            return failed.apply(store, store.name() + ": " + e.detail());
        } catch (RuntimeException e) {
            // The class only: other exceptions' messages may quote data.
            String place = store.name();
            log.warn("Place {} {} failed: {}", place, step, e.getClass().getName());
            return failed.apply(
                    store,
                    store.name() + ": " + step + " failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void audited(
            AuditAction action, DataStore store, DataHolder holder, String purpose, String step, StoreResult result) {
        audited(action, store, holder, purpose, step, result, null);
    }

    /** One entry per call, naming the place, the step and counts; the holder by subject id or identifier hash. */
    private void audited(
            AuditAction action,
            DataStore store,
            DataHolder holder,
            String purpose,
            String step,
            StoreResult result,
            String operationId) {
        AuditRecord entry = AuditRecord.of(action, "data_store", store.name())
                .purpose(Directory.purpose(purpose))
                .detail("step", step)
                .detail("status", result.status().name())
                // Holdings count what was found; a place that lists items without holdings counts those.
                .detail(
                        "records",
                        Long.toString(
                                result.holdings().isEmpty() ? result.items().size() : result.count()))
                .detail("affected", Long.toString(result.affected()));
        if (result.excluded() > 0) {
            entry = entry.detail("excluded", Long.toString(result.excluded()));
        }
        if (operationId != null) {
            entry = entry.detail("operation", operationId);
        }
        if (holder != null) {
            entry = holder.registered()
                    ? entry.subject(holder.subjectId())
                    : entry.detail("holder", holder.reference());
        }
        AuditRecord written = entry;
        tx.executeWithoutResult(status -> audit.record(written));
    }

    /** The identifiers of the held subjects and of the people of held organisations and services. */
    private Exclusions withIdentifiers(Exclusions exclusions) {
        Set<UUID> people = new LinkedHashSet<>(exclusions.subjects());
        exclusions.organisations().forEach(o -> people.addAll(inventory.subjectsOf(o)));
        exclusions.servicesDelivered().forEach(s -> people.addAll(inventory.subjectsOfService(s)));
        Set<Identifier> identifiers = new LinkedHashSet<>();
        for (UUID id : people) {
            inventory
                    .subject(id)
                    .ifPresent(s -> s.identifiers().forEach(i -> identifiers.add(new Identifier(i.kind(), i.value()))));
        }
        return exclusions.withIdentifiers(identifiers);
    }
}
