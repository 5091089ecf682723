package nl.waarborg.subjects.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.register.Registers;
import nl.waarborg.register.Text;
import nl.waarborg.subjects.ExternalSystems;
import nl.waarborg.subjects.ExternalSystems.Status;
import nl.waarborg.subjects.ExternalSystems.SystemResult;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.SubjectSummary;
import nl.waarborg.subjects.TrafficData;
import nl.waarborg.subjects.TrafficData.CallHistory;
import nl.waarborg.subjects.TrafficData.CallRecord;
import nl.waarborg.subjects.internal.DueDates.Due;
import nl.waarborg.subjects.internal.DueDates.Rule;
import nl.waarborg.subjects.internal.Model.Organisation;
import nl.waarborg.subjects.internal.Model.Recording;
import nl.waarborg.subjects.internal.Model.ServiceDelivered;
import nl.waarborg.subjects.internal.Model.StoredRecord;
import nl.waarborg.subjects.internal.Model.Subject;
import nl.waarborg.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Everything known of one person, as support staff and the privacy officer need to see it: their organisations and
 * services, every record grouped by service and category, their call recordings and traffic data, what external
 * systems hold, where each piece lives and when it is due for deletion.
 *
 * <p>Waarborg's own data is read in one transaction. External systems are asked only on request ({@link
 * Options#external()}) and outside that transaction: they can take as long as their connectors' timeouts, and an open
 * transaction would hold the audit trail's lock all that time.
 */
@Service
public class Overview {

    /** The data-category key under which traffic data is found in the register. */
    public static final String TRAFFIC = "telecom.traffic_data";

    public static final String TRAFFIC_LOCATION = "traffic";

    /** The data-category key under which call recordings are found in the register. */
    static final String RECORDING_DATA = "telecom.call_recording";

    public static final int DEFAULT_CALLS = 20;

    public static final int MAX_CALLS = 500;

    private static final Logger log = LoggerFactory.getLogger(Overview.class);

    private final Inventory inventory;
    private final RecordStore store;
    private final Recordings recordings;
    private final TrafficData traffic;
    private final ExternalSystems external;
    private final Registers registers;
    private final AuditTrail audit;
    private final TransactionTemplate transaction;
    private final Clock clock;

    Overview(
            Inventory inventory,
            RecordStore store,
            Recordings recordings,
            TrafficData traffic,
            ExternalSystems external,
            Registers registers,
            AuditTrail audit,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.inventory = inventory;
        this.store = store;
        this.recordings = recordings;
        this.traffic = traffic;
        this.external = external;
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
                throw ApiProblem.invalid("calls", "must be between 1 and " + MAX_CALLS);
            }
            if (callsOffset < 0) {
                throw ApiProblem.invalid("callsOffset", "must not be negative");
            }
            if (callsFrom != null && callsTo != null && callsTo.isBefore(callsFrom)) {
                throw ApiProblem.invalid("callsTo", "lies before callsFrom");
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
     */
    public record RecordView(
            StoredRecord record,
            String location,
            LocalDate anchorDate,
            LocalDate dueOn,
            boolean overdue,
            Text registerRule,
            DueDates.Unknown unknown) {}

    public record CategoryGroup(String category, List<RecordView> records) {}

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
            List<CallRecord> calls) {

        public boolean hasOlder() {
            return offset + calls.size() < matching;
        }

        public boolean hasNewer() {
            return offset > 0;
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
     * @param status for an external system: DONE, PENDING or FAILED; null when not asked or not external
     */
    public record Whereabouts(
            String category,
            Place place,
            String location,
            Long records,
            LocalDate earliestDue,
            boolean overdue,
            Status status) {}

    public record SubjectOverview(
            Subject subject,
            int registerVersion,
            List<SubjectSummary.Holding> holdings,
            List<Whereabouts> where,
            Map<UUID, Organisation> organisations,
            Map<UUID, ServiceDelivered> services,
            List<ServiceGroup> groups,
            List<RecordingView> recordings,
            TrafficView traffic,
            ExternalView external) {}

    /** Waarborg's own part, read in one transaction. */
    private record Local(
            Subject subject,
            Map<UUID, Organisation> organisations,
            Map<UUID, ServiceDelivered> services,
            List<StoredRecord> records,
            List<Recording> recordings,
            CallHistory calls,
            int phoneNumbers,
            DueDates dues) {}

    /** The overview, audited as a read of the subject (and of the traffic data and each system asked) with the purpose. */
    public Optional<SubjectOverview> read(UUID subjectId, String purpose, Options options) {
        String why = Directory.purpose(purpose);
        Local local = transaction.execute(tx -> readLocal(subjectId, why, options));
        if (local == null) {
            return Optional.empty();
        }
        ExternalView externalView = options.external()
                ? searchExternal(local, why)
                : new ExternalView(false, external.systems(), List.of(), null);
        return Optional.of(build(local, options, externalView));
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
     * category, counted from when the data was collected (or stored, when that is not known).
     */
    private RecordView view(StoredRecord r, Map<UUID, ServiceDelivered> services, DueDates dues) {
        if (r.retentionPeriod() != null) {
            return new RecordView(
                    r,
                    RecordStore.LOCATION,
                    RetentionDue.anchorDate(r).orElse(null),
                    RetentionDue.dueOn(r).orElse(null),
                    RetentionDue.isOverdue(r, clock),
                    null,
                    null);
        }
        ServiceDelivered service = r.serviceDeliveredId() == null ? null : services.get(r.serviceDeliveredId());
        Optional<Rule> rule = dues.rule(r.category(), service == null ? null : service.serviceKey());
        Due due = dues.dueAt(rule, r.collectedAt() != null ? r.collectedAt() : r.createdAt(), service);
        return new RecordView(
                r,
                RecordStore.LOCATION,
                null,
                due.dueOn(),
                due.overdue(),
                rule.map(Rule::text).orElse(null),
                due.unknown());
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
        List<StoredRecord> records = store.recordsOf(subject.id());
        List<Recording> held = recordings.recordingsOf(subject.id());
        Map<UUID, Organisation> organisations = new LinkedHashMap<>();
        Map<UUID, ServiceDelivered> services = new LinkedHashMap<>();
        subject.roles().forEach(r -> link(r.organisationId(), r.serviceDeliveredId(), organisations, services));
        records.forEach(r -> link(r.organisationId(), r.serviceDeliveredId(), organisations, services));
        held.forEach(r -> link(null, r.serviceDeliveredId(), organisations, services));

        List<String> phones = subject.identifiers().stream()
                .filter(i -> i.kind() == IdentifierKind.PHONE)
                .map(Model.StoredIdentifier::value)
                .toList();
        CallHistory calls = phones.isEmpty()
                ? new CallHistory(0, null, null, 0, List.of())
                : traffic.history(
                        phones,
                        startOf(options.callsFrom()),
                        startOf(
                                options.callsTo() == null
                                        ? null
                                        : options.callsTo().plusDays(1)),
                        options.calls(),
                        options.callsOffset(),
                        subjectId.toString(),
                        purpose);
        DueDates dues = new DueDates(registers.current(), services.values(), clock);
        return new Local(subject, organisations, services, records, held, calls, phones.size(), dues);
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

    private ExternalView searchExternal(Local local, String purpose) {
        Map<String, String> configured = external.systems();
        List<Identifier> identifiers = local.subject().identifiers().stream()
                .map(i -> new Identifier(i.kind(), i.value()))
                .toList();
        if (configured.isEmpty() || identifiers.isEmpty()) {
            return new ExternalView(true, configured, List.of(), null);
        }
        List<SystemResult> results;
        try {
            results = external.find(identifiers, local.subject().id().toString(), purpose);
        } catch (RuntimeException e) {
            // Each system's own failure is already a FAILED result; this is the facade refusing, e.g. an identifier.
            log.warn(
                    "External systems could not be asked for subject {}: {}",
                    local.subject().id(),
                    e.getClass().getSimpleName());
            return new ExternalView(true, configured, List.of(), "external systems could not be asked");
        }
        List<SystemView> systems = results.stream()
                .map(r -> new SystemView(
                        r.system(),
                        r.type(),
                        r.status(),
                        r.reference(),
                        r.error(),
                        r.records().stream()
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

    private SubjectOverview build(Local local, Options options, ExternalView externalView) {
        Map<UUID, Map<String, List<RecordView>>> grouped = new LinkedHashMap<>();
        for (StoredRecord r : local.records()) {
            RecordView view = view(r, local.services(), local.dues());
            grouped.computeIfAbsent(r.serviceDeliveredId(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.category(), k -> new ArrayList<>())
                    .add(view);
        }
        List<ServiceGroup> groups = new ArrayList<>();
        grouped.forEach((serviceId, categories) -> groups.add(new ServiceGroup(
                serviceId == null ? null : local.services().get(serviceId),
                categories.entrySet().stream()
                        .map(e -> new CategoryGroup(e.getKey(), e.getValue()))
                        .toList())));

        DueDates dues = local.dues();
        List<RecordingView> recordingViews = local.recordings().stream()
                .map(r -> {
                    ServiceDelivered service = r.serviceDeliveredId() == null
                            ? null
                            : local.services().get(r.serviceDeliveredId());
                    String hint = service != null ? service.serviceKey() : r.serviceKey();
                    Optional<Rule> rule = dues.rule(RECORDING_DATA, hint);
                    return new RecordingView(
                            r,
                            rule.map(Rule::category).orElse(null),
                            rule.map(Rule::text).orElse(null),
                            dues.dueAt(rule, r.startedAt(), service));
                })
                .toList();

        CallHistory calls = local.calls();
        Optional<Rule> trafficRule = dues.rule(TRAFFIC, null);
        TrafficView trafficView = new TrafficView(
                TRAFFIC,
                trafficRule.map(Rule::category).orElse(null),
                trafficRule.map(Rule::text).orElse(null),
                local.phoneNumbers(),
                calls.total(),
                calls.first(),
                calls.last(),
                calls.first() == null ? null : dues.dueOfCallAt(trafficRule, calls.first()),
                options.callsFrom(),
                options.callsTo(),
                options.calls(),
                options.callsOffset(),
                calls.matching(),
                calls.calls());

        List<Whereabouts> where = where(groups, recordingViews, trafficView, externalView);
        List<SubjectSummary.Holding> holdings = where.stream()
                .filter(w -> w.records() != null && w.records() > 0)
                .map(w -> new SubjectSummary.Holding(w.category(), w.location(), w.records()))
                .toList();
        return new SubjectOverview(
                local.subject(),
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
