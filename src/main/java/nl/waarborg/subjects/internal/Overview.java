package nl.waarborg.subjects.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.subjects.SubjectSummary;
import nl.waarborg.subjects.internal.Model.Organisation;
import nl.waarborg.subjects.internal.Model.Recording;
import nl.waarborg.subjects.internal.Model.ServiceDelivered;
import nl.waarborg.subjects.internal.Model.StoredRecord;
import nl.waarborg.subjects.internal.Model.Subject;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Everything known of one person, as support staff and the privacy officer need to see it: their organisations and
 * services, every record grouped by service and category, where it lives and when it is due for deletion.
 */
@Service
@Transactional
public class Overview {

    private final Inventory inventory;
    private final RecordStore store;
    private final Recordings recordings;
    private final Directory directory;
    private final AuditTrail audit;
    private final Clock clock;

    Overview(
            Inventory inventory,
            RecordStore store,
            Recordings recordings,
            Directory directory,
            AuditTrail audit,
            Clock clock) {
        this.inventory = inventory;
        this.store = store;
        this.recordings = recordings;
        this.directory = directory;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param anchorDate the date the retention period counts from; null when not known yet
     * @param dueOn when the record is due for deletion; null when it carries no period or its anchor is not known yet
     */
    public record RecordView(
            StoredRecord record, String location, LocalDate anchorDate, LocalDate dueOn, boolean overdue) {}

    public record CategoryGroup(String category, List<RecordView> records) {}

    /** Records of one service delivered; service null holds the records not tied to a service. */
    public record ServiceGroup(ServiceDelivered service, List<CategoryGroup> categories) {}

    public record SubjectOverview(
            Subject subject,
            List<SubjectSummary.Holding> holdings,
            Map<UUID, Organisation> organisations,
            Map<UUID, ServiceDelivered> services,
            List<ServiceGroup> groups,
            List<Recording> recordings) {}

    /** The overview, audited as a read of the subject with the stated purpose. */
    public Optional<SubjectOverview> read(UUID subjectId, String purpose) {
        Optional<Subject> subject = inventory.subject(subjectId);
        if (subject.isEmpty()) {
            return Optional.empty();
        }
        audit.record(AuditRecord.of(AuditAction.READ, "subject", subjectId)
                .subject(subjectId)
                .purpose(Directory.purpose(purpose)));
        return subject.map(this::build);
    }

    private SubjectOverview build(Subject subject) {
        List<StoredRecord> records = store.recordsOf(subject.id());
        Map<UUID, Organisation> organisations = new LinkedHashMap<>();
        Map<UUID, ServiceDelivered> services = new LinkedHashMap<>();
        subject.roles().forEach(r -> {
            if (r.organisationId() != null && !organisations.containsKey(r.organisationId())) {
                inventory.organisation(r.organisationId()).ifPresent(o -> organisations.put(o.id(), o));
            }
            if (r.serviceDeliveredId() != null && !services.containsKey(r.serviceDeliveredId())) {
                inventory.service(r.serviceDeliveredId()).ifPresent(s -> services.put(s.id(), s));
            }
        });
        for (StoredRecord r : records) {
            if (r.organisationId() != null && !organisations.containsKey(r.organisationId())) {
                inventory.organisation(r.organisationId()).ifPresent(o -> organisations.put(o.id(), o));
            }
            if (r.serviceDeliveredId() != null && !services.containsKey(r.serviceDeliveredId())) {
                inventory.service(r.serviceDeliveredId()).ifPresent(s -> services.put(s.id(), s));
            }
        }
        Map<UUID, Map<String, List<RecordView>>> grouped = new LinkedHashMap<>();
        for (StoredRecord r : records) {
            LocalDate due = RetentionDue.dueOn(r).orElse(null);
            RecordView view = new RecordView(
                    r,
                    RecordStore.LOCATION,
                    RetentionDue.anchorDate(r).orElse(null),
                    due,
                    RetentionDue.isOverdue(r, clock));
            grouped.computeIfAbsent(r.serviceDeliveredId(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.category(), k -> new ArrayList<>())
                    .add(view);
        }
        List<ServiceGroup> groups = new ArrayList<>();
        grouped.forEach((serviceId, categories) -> groups.add(new ServiceGroup(
                serviceId == null ? null : services.get(serviceId),
                categories.entrySet().stream()
                        .map(e -> new CategoryGroup(e.getKey(), e.getValue()))
                        .toList())));
        return new SubjectOverview(
                subject,
                directory.holdings(subject.id()),
                organisations,
                services,
                groups,
                recordings.recordingsOf(subject.id()));
    }
}
