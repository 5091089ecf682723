package nl.waarborg.subjects.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.Registers;
import nl.waarborg.register.Text;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.DataStore;
import nl.waarborg.subjects.DataStores;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.RegisteredSubjectException;
import nl.waarborg.subjects.StoreResult;
import nl.waarborg.subjects.StoreResult.Item;
import nl.waarborg.subjects.StoreResult.Status;
import nl.waarborg.subjects.SubjectSummary;
import nl.waarborg.subjects.SubjectsException;
import nl.waarborg.subjects.Window;
import nl.waarborg.subjects.internal.DueDates.Due;
import nl.waarborg.subjects.internal.DueDates.Rule;
import nl.waarborg.subjects.internal.Model.Organisation;
import nl.waarborg.subjects.internal.Model.Recording;
import nl.waarborg.subjects.internal.Model.ServiceDelivered;
import nl.waarborg.subjects.internal.Model.StoredRecord;
import nl.waarborg.subjects.internal.Model.Subject;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Everything known of one person, as support staff and the privacy officer need to see it: their organisations and
 * services, every record grouped by service and category, their call recordings and traffic data, what external
 * systems hold, where each piece lives and when it is due for deletion. The person may be a registered subject or
 * someone known only by an identifier (a caller who is no customer): the recordings, the traffic data and the
 * connected systems are searched by identifier too.
 *
 * <p>Waarborg's own records and recordings are read in one transaction. The traffic data and the connected systems
 * are asked through the store seam ({@link DataStores}), outside that transaction; the connected systems only on
 * request ({@link Options#external()}): they can take as long as their connectors' timeouts, and a manual system
 * makes a task for staff.
 */
@Service
public class Overview {

    /** The data-category key under which traffic data is found in the register. */
    public static final String TRAFFIC = "telecom.traffic_data";

    public static final String TRAFFIC_LOCATION = "traffic";

    public static final int DEFAULT_CALLS = 20;

    public static final int MAX_CALLS = 500;

    private final Inventory inventory;
    private final RecordStore store;
    private final Recordings recordings;
    private final DataStores stores;
    private final Registers registers;
    private final AuditTrail audit;
    private final TransactionTemplate transaction;
    private final Clock clock;

    Overview(
            Inventory inventory,
            RecordStore store,
            Recordings recordings,
            DataStores stores,
            Registers registers,
            AuditTrail audit,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.inventory = inventory;
        this.store = store;
        this.recordings = recordings;
        this.stores = stores;
        this.registers = registers;
        this.audit = audit;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * What to show besides Waarborg's own data.
     *
     * @param external ask the external systems (slow, and a manual system makes a task for staff)
     * @param callsFrom first day (Amsterdam) of the calls listed, or null
     * @param callsTo last day (Amsterdam, inclusive) of the calls listed, or null
     * @param calls how many calls to list, newest first
     * @param callsOffset how many of the newest to skip (the next page)
     */
    public record Options(boolean external, LocalDate callsFrom, LocalDate callsTo, int calls, int callsOffset) {

        public static Options defaults() {
            return new Options(false, null, null, DEFAULT_CALLS, 0);
        }

        /** Checks the values, naming the parameter that is wrong. */
        public Options {
            if (calls < 1 || calls > MAX_CALLS) {
                throw new SubjectsException(Kind.INVALID, "calls", "must be between 1 and " + MAX_CALLS);
            }
            if (callsOffset < 0) {
                throw new SubjectsException(Kind.INVALID, "callsOffset", "must not be negative");
            }
            if (callsFrom != null && callsTo != null && callsTo.isBefore(callsFrom)) {
                throw new SubjectsException(Kind.INVALID, "callsTo", "lies before callsFrom");
            }
        }
    }

    /**
     * A record of the built-in store with its due date.
     *
     * @param anchorDate the date the record's own retention period counts from; null when it has none or the anchor is
     *     not known yet
     * @param dueOn when the record is due for deletion; null when no date can be given ({@code unknown} says why)
     * @param registerRule set when the record has no retention period of its own and the date comes from the
     *     register's rule for its category
     * @param categoryName the register category's description in both languages; null while unassigned
     */
    public record RecordView(
            StoredRecord record,
            String location,
            LocalDate anchorDate,
            LocalDate dueOn,
            boolean overdue,
            Text registerRule,
            DueDates.Unknown unknown,
            Text categoryName) {}

    public record CategoryGroup(String category, Text name, List<RecordView> records) {}

    /** Records of one service delivered; service null holds the records not tied to a service. */
    public record ServiceGroup(ServiceDelivered service, List<CategoryGroup> categories) {}

    /** A call recording with when it is due by the register. */
    public record RecordingView(Recording recording, String registerCategory, Text rule, Due due) {}

    /**
     * The person's traffic data: calls from or to their phone numbers.
     *
     * @param phoneNumbers how many of the person's identifiers are phone numbers (none: nothing was read)
     * @param oldestDue when the oldest call is due for deletion; the others follow day by day
     * @param matching calls within the asked days; {@code calls} is one page of them, newest first
     * @param status how the traffic data answered: DONE, FAILED (with {@code detail}) or SKIPPED (no phone number)
     */
    public record TrafficView(
            String category,
            String registerCategory,
            Text rule,
            int phoneNumbers,
            long total,
            Instant firstCall,
            Instant lastCall,
            Due oldestDue,
            LocalDate from,
            LocalDate to,
            int limit,
            int offset,
            long matching,
            List<Item> calls,
            Status status,
            String detail) {

        public boolean hasOlder() {
            return offset + calls.size() < matching;
        }

        public boolean hasNewer() {
            return offset > 0;
        }

        /** Whether any listed call is restricted to storage only. */
        public boolean restricted() {
            return calls.stream().anyMatch(c -> Boolean.TRUE.equals(c.data().get("restricted")));
        }
    }

    /** One piece of data in an external system, with when it is due by the register rule of its category. */
    public record ExternalRecordView(
            String category,
            String location,
            String key,
            Instant timestamp,
            String registerCategory,
            Text rule,
            Due due) {}

    public record SystemView(
            String system,
            String type,
            Status status,
            String reference,
            String error,
            List<ExternalRecordView> records) {}

    /**
     * What the external systems hold.
     *
     * @param searched whether they were asked (only on request)
     * @param configured the configured systems by name, with their connector type
     * @param error why none could be asked, without personal data; null when they were
     */
    public record ExternalView(
            boolean searched, Map<String, String> configured, List<SystemView> systems, String error) {}

    public enum Place {
        BUILT_IN,
        RECORDINGS,
        TRAFFIC,
        EXTERNAL
    }

    /**
     * One line of "where the data lives": a category in one place.
     *
     * @param category the category key as the place names it; null for a system that found nothing yet
     * @param location {@code built-in}, {@code recordings}, {@code traffic} or the external system's name
     * @param records how many; null when not known (a system pending, failed or not asked)
     * @param earliestDue the first due date of the category's data here; null when none can be given
     * @param status for an external system: how it answered; null when not asked or not external
     */
    public record Whereabouts(
            String category,
            Place place,
            String location,
            Long records,
            LocalDate earliestDue,
            boolean overdue,
            Status status) {}

    /**
     * @param subject the registered subject; null for someone known only by identifiers
     * @param identifiers what the person was searched by
     */
    public record SubjectOverview(
            Subject subject,
            List<Identifier> identifiers,
            int registerVersion,
            List<SubjectSummary.Holding> holdings,
            List<Whereabouts> where,
            Map<UUID, Organisation> organisations,
            Map<UUID, ServiceDelivered> services,
            List<ServiceGroup> groups,
            List<RecordingView> recordings,
            TrafficView traffic,
            ExternalView external) {

        @JsonProperty
        public boolean registered() {
            return subject != null;
        }

        /** Whether anything at all was found: for someone not registered, whether the identifier occurs anywhere. */
        @JsonProperty
        public boolean found() {
            return registered() || !holdings.isEmpty();
        }
    }

    /** Waarborg's own part, read in one transaction. */
    private record Local(
            DataHolder holder,
            Subject subject,
            Map<UUID, Organisation> organisations,
            Map<UUID, ServiceDelivered> services,
            List<StoredRecord> records,
            List<Recording> recordings,
            DueDates dues) {}

    /** The overview of a registered subject, audited as a read of the subject (and of each place asked). */
    public Optional<SubjectOverview> read(UUID subjectId, String purpose, Options options) {
        String why = Directory.purpose(purpose);
        Local local = transaction.execute(tx -> readLocal(subjectId, why, options));
        return Optional.ofNullable(local).map(l -> complete(l, why, options));
    }

    /**
     * The overview of someone known only by identifiers (normalised): what the recordings, the traffic data and (on
     * request) the connected systems hold under them. Audited by a hash of the identifiers, never the values.
     */
    public SubjectOverview readUnregistered(List<Identifier> identifiers, String purpose, Options options) {
        String why = Directory.purpose(purpose);
        DataHolder holder = DataHolder.unregistered(identifiers);
        Local local = transaction.execute(tx -> {
            List<UUID> registered = inventory.find(identifiers);
            if (!registered.isEmpty()) {
                // Answering "not registered" here would leave out the person's records: a wrong answer to an access
                // request. The caller reads the subject instead.
                audit.record(AuditRecord.of(AuditAction.READ, "data_holder", holder.reference())
                        .purpose(why)
                        .detail("registeredSubjects", Integer.toString(registered.size())));
                throw new RegisteredSubjectException(registered);
            }
            List<Recording> held = recordings.recordingsOf(holder);
            audit.record(AuditRecord.of(AuditAction.READ, "data_holder", holder.reference())
                    .purpose(why)
                    .detail("external", Boolean.toString(options.external())));
            held.forEach(r -> recordings.auditRead(r, why));
            Map<UUID, ServiceDelivered> services = new LinkedHashMap<>();
            Map<UUID, Organisation> organisations = new LinkedHashMap<>();
            held.forEach(r -> link(null, r.serviceDeliveredId(), organisations, services));
            return new Local(
                    holder,
                    null,
                    organisations,
                    services,
                    List.of(),
                    held,
                    new DueDates(registers.current(), services.values(), clock));
        });
        return complete(local, why, options);
    }

    /**
     * What Waarborg's own places keep under identifiers that no subject has, per category and place, without the
     * data: for a search that found no one. Each place asked is audited by a hash of the identifiers.
     */
    public List<SubjectSummary.Holding> heldUnder(List<Identifier> identifiers, String purpose) {
        DataHolder holder = DataHolder.unregistered(identifiers);
        return stores.find(holder, DataStores.OWN, Directory.purpose(purpose)).stream()
                .flatMap(r ->
                        r.holdings().stream().map(h -> new SubjectSummary.Holding(h.category(), r.store(), h.count())))
                .toList();
    }

    /** Only the person's records in the built-in store, audited as a read of the subject. */
    public Optional<List<RecordView>> records(UUID subjectId, String purpose) {
        String why = Directory.purpose(purpose);
        return Optional.ofNullable(transaction.execute(tx -> {
            if (inventory.subject(subjectId).isEmpty()) {
                return null;
            }
            audit.record(AuditRecord.of(AuditAction.READ, "subject", subjectId)
                    .subject(subjectId)
                    .purpose(why));
            return views(store.recordsOf(subjectId));
        }));
    }

    /** One record with its due date, as the subject page shows it (for the record's own page). */
    public RecordView record(StoredRecord r) {
        return views(List.of(r)).get(0);
    }

    private List<RecordView> views(List<StoredRecord> records) {
        Map<UUID, Organisation> organisations = new LinkedHashMap<>();
        Map<UUID, ServiceDelivered> services = new LinkedHashMap<>();
        records.forEach(r -> link(r.organisationId(), r.serviceDeliveredId(), organisations, services));
        DueDates dues = new DueDates(registers.current(), services.values(), clock);
        return records.stream().map(r -> view(r, services, dues)).toList();
    }

    /**
     * A record's due date: by its own retention period when it has one, otherwise by the register's rule for its
     * category, counted from the record's own date for the rule's anchor (collection, last contact, invoice date, the
     * end of its service).
     */
    private RecordView view(StoredRecord r, Map<UUID, ServiceDelivered> services, DueDates dues) {
        ServiceDelivered service = r.serviceDeliveredId() == null ? null : services.get(r.serviceDeliveredId());
        Optional<Rule> rule = dues.rule(r.category(), service == null ? null : service.serviceKey());
        Text name = r.assigned() ? dues.name(r.category()).orElse(null) : null;
        if (r.retentionPeriod() != null) {
            return new RecordView(
                    r,
                    RecordStore.LOCATION,
                    RetentionDue.anchorDate(r).orElse(null),
                    RetentionDue.dueOn(r).orElse(null),
                    RetentionDue.isOverdue(r, clock),
                    null,
                    null,
                    name);
        }
        Due due = dues.dueOfRecord(rule, r, service);
        return new RecordView(
                r,
                RecordStore.LOCATION,
                null,
                due.dueOn(),
                due.overdue(),
                rule.map(Rule::text).orElse(null),
                due.unknown(),
                name);
    }

    private Local readLocal(UUID subjectId, String purpose, Options options) {
        Optional<Subject> found = inventory.subject(subjectId);
        if (found.isEmpty()) {
            return null;
        }
        Subject subject = found.get();
        audit.record(AuditRecord.of(AuditAction.READ, "subject", subjectId)
                .subject(subjectId)
                .purpose(purpose)
                .detail("external", Boolean.toString(options.external())));
        DataHolder holder = DataHolder.subject(
                subject.id(),
                subject.identifiers().stream()
                        .map(i -> new Identifier(i.kind(), i.value()))
                        .toList());
        List<StoredRecord> records = store.recordsOf(subject.id());
        List<Recording> held = recordings.recordingsOf(holder);
        Map<UUID, Organisation> organisations = new LinkedHashMap<>();
        Map<UUID, ServiceDelivered> services = new LinkedHashMap<>();
        subject.roles().forEach(r -> link(r.organisationId(), r.serviceDeliveredId(), organisations, services));
        records.forEach(r -> link(r.organisationId(), r.serviceDeliveredId(), organisations, services));
        held.forEach(r -> link(null, r.serviceDeliveredId(), organisations, services));
        DueDates dues = new DueDates(registers.current(), services.values(), clock);
        return new Local(holder, subject, organisations, services, records, held, dues);
    }

    private void link(
            UUID organisationId,
            UUID serviceId,
            Map<UUID, Organisation> organisations,
            Map<UUID, ServiceDelivered> services) {
        if (organisationId != null && !organisations.containsKey(organisationId)) {
            inventory.organisation(organisationId).ifPresent(o -> organisations.put(o.id(), o));
        }
        if (serviceId != null && !services.containsKey(serviceId)) {
            inventory.service(serviceId).ifPresent(s -> {
                services.put(s.id(), s);
                link(s.organisationId(), null, organisations, services);
            });
        }
    }

    private static Instant startOf(LocalDate day) {
        return day == null ? null : day.atStartOfDay(RetentionDue.AMSTERDAM).toInstant();
    }

    /** The places outside the local transaction: traffic data always, the connected systems on request. */
    private SubjectOverview complete(Local local, String purpose, Options options) {
        TrafficView traffic = traffic(local, purpose, options);
        ExternalView external = options.external()
                ? searchExternal(local, purpose)
                : new ExternalView(false, configured(), List.of(), null);
        return build(local, traffic, external);
    }

    private Map<String, String> configured() {
        Map<String, String> configured = new LinkedHashMap<>();
        stores.stores().stream()
                .filter(s -> s.kind() == DataStore.Kind.EXTERNAL)
                .forEach(s -> configured.put(s.name(), s.type()));
        return configured;
    }

    /** Totals through {@code find}, one page of calls through {@code export}, both audited by the fan-out. */
    private TrafficView traffic(Local local, String purpose, Options options) {
        DueDates dues = local.dues();
        Optional<Rule> rule = dues.rule(TRAFFIC, null);
        int phones = local.holder().values(IdentifierKind.PHONE).size();
        StoreResult found = stores.find(local.holder(), Set.of(DataStore.Kind.TRAFFIC), purpose).stream()
                .findFirst()
                .orElse(null);
        List<Item> page = new ArrayList<>();
        long matching = 0;
        StoreResult.Holding holding = found == null || found.holdings().isEmpty()
                ? null
                : found.holdings().get(0);
        Status status = found == null ? Status.SKIPPED : found.status();
        String detail = found == null ? null : found.detail();
        if (holding != null) {
            Window window = new Window(
                    startOf(options.callsFrom()),
                    startOf(options.callsTo() == null ? null : options.callsTo().plusDays(1)),
                    options.calls(),
                    options.callsOffset(),
                    true);
            StoreResult exported = stores.export(found.store(), local.holder(), window, page::add, purpose);
            matching = exported.count();
            if (exported.status() != Status.DONE) {
                status = exported.status();
                detail = exported.detail();
            }
        }
        return new TrafficView(
                TRAFFIC,
                rule.map(Rule::category).orElse(null),
                rule.map(Rule::text).orElse(null),
                phones,
                holding == null ? 0 : holding.count(),
                holding == null ? null : holding.oldest(),
                holding == null ? null : holding.newest(),
                holding == null ? null : dues.dueAt(rule, holding.oldest()),
                options.callsFrom(),
                options.callsTo(),
                options.calls(),
                options.callsOffset(),
                matching,
                page,
                status,
                detail);
    }

    private ExternalView searchExternal(Local local, String purpose) {
        Map<String, String> configured = configured();
        if (configured.isEmpty()) {
            return new ExternalView(true, configured, List.of(), null);
        }
        List<SystemView> systems = stores.find(local.holder(), Set.of(DataStore.Kind.EXTERNAL), purpose).stream()
                .map(r -> new SystemView(
                        r.store(),
                        r.type(),
                        r.status(),
                        r.reference(),
                        r.detail(),
                        r.items().stream()
                                .map(x -> {
                                    Optional<Rule> rule = local.dues().rule(x.category(), null);
                                    return new ExternalRecordView(
                                            x.category(),
                                            x.location(),
                                            x.key(),
                                            x.timestamp(),
                                            rule.map(Rule::category).orElse(null),
                                            rule.map(Rule::text).orElse(null),
                                            local.dues().dueAt(rule, x.timestamp()));
                                })
                                .toList()))
                .toList();
        return new ExternalView(true, configured, systems, null);
    }

    private SubjectOverview build(Local local, TrafficView trafficView, ExternalView externalView) {
        DueDates dues = local.dues();
        Map<UUID, Map<String, List<RecordView>>> grouped = new LinkedHashMap<>();
        for (StoredRecord r : local.records()) {
            RecordView view = view(r, local.services(), dues);
            grouped.computeIfAbsent(r.serviceDeliveredId(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.category(), k -> new ArrayList<>())
                    .add(view);
        }
        List<ServiceGroup> groups = new ArrayList<>();
        grouped.forEach((serviceId, categories) -> groups.add(new ServiceGroup(
                serviceId == null ? null : local.services().get(serviceId),
                categories.entrySet().stream()
                        .map(e -> new CategoryGroup(
                                e.getKey(), e.getValue().get(0).categoryName(), e.getValue()))
                        .toList())));

        List<RecordingView> recordingViews = local.recordings().stream()
                .map(r -> {
                    ServiceDelivered service = r.serviceDeliveredId() == null
                            ? null
                            : local.services().get(r.serviceDeliveredId());
                    String hint = service != null ? service.serviceKey() : r.serviceKey();
                    Optional<Rule> rule = dues.rule(RecordingsStore.DATA_CATEGORY, hint);
                    return new RecordingView(
                            r,
                            rule.map(Rule::category).orElse(null),
                            rule.map(Rule::text).orElse(null),
                            dues.dueAt(rule, r.startedAt(), service));
                })
                .toList();

        List<Whereabouts> where = where(groups, recordingViews, trafficView, externalView);
        List<SubjectSummary.Holding> holdings = where.stream()
                .filter(w -> w.records() != null && w.records() > 0)
                .map(w -> new SubjectSummary.Holding(w.category(), w.location(), w.records()))
                .toList();
        return new SubjectOverview(
                local.subject(),
                List.copyOf(local.holder().identifiers()),
                dues.registerVersion(),
                holdings,
                where,
                local.organisations(),
                local.services(),
                groups,
                recordingViews,
                trafficView,
                externalView);
    }

    /** One line per category and place, from what is already loaded: no second count. */
    private static List<Whereabouts> where(
            List<ServiceGroup> groups,
            List<RecordingView> recordingViews,
            TrafficView trafficView,
            ExternalView externalView) {
        List<Whereabouts> where = new ArrayList<>();
        Map<String, List<RecordView>> builtIn = new TreeMap<>();
        groups.forEach(g -> g.categories()
                .forEach(c -> builtIn.computeIfAbsent(c.category(), k -> new ArrayList<>())
                        .addAll(c.records())));
        builtIn.forEach((category, views) -> {
            Optional<RecordView> first =
                    views.stream().filter(v -> v.dueOn() != null).min(Comparator.comparing(RecordView::dueOn));
            where.add(new Whereabouts(
                    category,
                    Place.BUILT_IN,
                    RecordStore.LOCATION,
                    (long) views.size(),
                    first.map(RecordView::dueOn).orElse(null),
                    first.map(RecordView::overdue).orElse(false),
                    null));
        });
        if (!recordingViews.isEmpty()) {
            Optional<Due> first = DueDates.earliest(
                    recordingViews.stream().map(RecordingView::due).toList());
            where.add(new Whereabouts(
                    Directory.RECORDINGS,
                    Place.RECORDINGS,
                    Directory.RECORDINGS_LOCATION,
                    (long) recordingViews.size(),
                    first.map(Due::dueOn).orElse(null),
                    first.map(Due::overdue).orElse(false),
                    null));
        }
        if (trafficView.total() > 0) {
            Due due = trafficView.oldestDue();
            where.add(new Whereabouts(
                    TRAFFIC, Place.TRAFFIC, TRAFFIC_LOCATION, trafficView.total(), due.dueOn(), due.overdue(), null));
        }
        if (!externalView.searched()) {
            externalView
                    .configured()
                    .forEach((system, type) ->
                            where.add(new Whereabouts(null, Place.EXTERNAL, system, null, null, false, null)));
            return where;
        }
        for (SystemView system : externalView.systems()) {
            if (system.status() != Status.DONE) {
                where.add(new Whereabouts(null, Place.EXTERNAL, system.system(), null, null, false, system.status()));
                continue;
            }
            Map<String, List<ExternalRecordView>> byCategory = new TreeMap<>();
            system.records()
                    .forEach(r -> byCategory
                            // A system that names no category is counted under none (shown as "—").
                            .computeIfAbsent(r.category() == null ? "" : r.category(), k -> new ArrayList<>())
                            .add(r));
            byCategory.forEach((category, records) -> {
                Optional<Due> first = DueDates.earliest(
                        records.stream().map(ExternalRecordView::due).toList());
                where.add(new Whereabouts(
                        category.isEmpty() ? null : category,
                        Place.EXTERNAL,
                        system.system(),
                        (long) records.size(),
                        first.map(Due::dueOn).orElse(null),
                        first.map(Due::overdue).orElse(false),
                        Status.DONE));
            });
            if (byCategory.isEmpty()) {
                where.add(new Whereabouts(null, Place.EXTERNAL, system.system(), 0L, null, false, Status.DONE));
            }
        }
        return where;
    }
}
