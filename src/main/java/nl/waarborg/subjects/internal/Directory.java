package nl.waarborg.subjects.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.Identifiers;
import nl.waarborg.subjects.InvalidIdentifierException;
import nl.waarborg.subjects.SubjectDirectory;
import nl.waarborg.subjects.SubjectSummary;
import nl.waarborg.subjects.SubjectsException;
import nl.waarborg.subjects.internal.Model.Subject;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Finds people by identifier and summarises where their data lives; every answer is audited with its purpose. */
@Service
@Transactional
public class Directory implements SubjectDirectory {

    /** The "category" under which call recordings are counted; they live in the recordings file store. */
    public static final String RECORDINGS = "telecom.call_recording";

    public static final String RECORDINGS_LOCATION = "recordings";

    private final Inventory inventory;
    private final JdbcClient jdbc;
    private final AuditTrail audit;

    /** Looked up when needed: the recordings ask the deletion guard, whose legal holds ask this directory. */
    private final org.springframework.beans.factory.ObjectProvider<Recordings> recordings;

    Directory(
            Inventory inventory,
            JdbcClient jdbc,
            AuditTrail audit,
            org.springframework.beans.factory.ObjectProvider<Recordings> recordings) {
        this.inventory = inventory;
        this.jdbc = jdbc;
        this.audit = audit;
        this.recordings = recordings;
    }

    @Override
    @org.springframework.transaction.annotation.Transactional
    public boolean forget(UUID subjectId, String purpose) {
        int deleted = jdbc.sql("""
                        DELETE FROM subject s WHERE s.id = ?
                           AND NOT EXISTS (SELECT 1 FROM store_record_subject l WHERE l.subject_id = s.id)
                           AND NOT EXISTS (SELECT 1 FROM call_recording_subject c WHERE c.subject_id = s.id)
                        """).param(subjectId).update();
        if (deleted > 0) {
            audit.record(AuditRecord.of(AuditAction.DELETE, "subject", subjectId)
                    .subject(subjectId)
                    .purpose(purpose(purpose)));
        }
        return deleted > 0;
    }

    @Override
    public String writeRecording(UUID recordingId, String purpose, java.io.OutputStream out)
            throws java.io.IOException {
        Recordings.Audio audio = recordings.getObject().open(recordingId, purpose, true);
        try (java.io.InputStream in = audio.body().getInputStream()) {
            in.transferTo(out);
        }
        return audio.extension();
    }

    @Override
    public List<Held> held(UUID subjectId, String purpose) {
        List<Held> held = jdbc.sql("""
                        SELECT r.category, r.organisation_id, c.client_key, count(*) AS records
                          FROM store_record r
                          JOIN store_record_subject s ON s.record_id = r.id
                          LEFT JOIN organisation_register_client c ON c.organisation_id = r.organisation_id
                         WHERE s.subject_id = ?
                         GROUP BY 1, 2, 3 ORDER BY 1, 2
                        """)
                .param(subjectId)
                .query((rs, i) -> new Held(
                        rs.getString("category"),
                        rs.getObject("organisation_id", UUID.class),
                        rs.getString("client_key"),
                        rs.getLong("records")))
                .list();
        audit.record(AuditRecord.of(AuditAction.READ, "subject", subjectId)
                .subject(subjectId)
                .purpose(purpose)
                .detail("step", "held"));
        return held;
    }

    @Override
    public List<UUID> find(Identifier identifier, String purpose) {
        Identifier normalised;
        try {
            normalised = Identifiers.normalise(identifier.kind(), identifier.value());
        } catch (InvalidIdentifierException e) {
            throw new SubjectsException(Kind.INVALID, "identifier", e.getMessage());
        }
        return audited(List.of(normalised), purpose, normalised.kind().name());
    }

    @Override
    public List<UUID> findAny(String rawIdentifier, String purpose) {
        List<Identifier> candidates = Identifiers.candidates(rawIdentifier);
        if (candidates.isEmpty()) {
            throw new SubjectsException(Kind.INVALID, "identifier", "identifier is empty or of no known kind");
        }
        return audited(candidates, purpose, "any");
    }

    @Override
    public Optional<SubjectSummary> summary(UUID subjectId, String purpose) {
        Optional<Subject> subject = inventory.subject(subjectId);
        subject.ifPresent(s -> audit.record(AuditRecord.of(AuditAction.READ, "subject", s.id())
                .subject(s.id())
                .purpose(purpose(purpose))));
        return subject.map(this::toSummary);
    }

    @Override
    public java.util.Set<String> shieldedNumbers(
            java.util.Collection<String> numbers, java.util.Collection<UUID> subjects) {
        if (numbers == null || numbers.isEmpty()) {
            return java.util.Set.of();
        }
        UUID[] of = subjects == null ? new UUID[0] : subjects.toArray(UUID[]::new);
        return new java.util.TreeSet<>(jdbc.sql("""
                        SELECT DISTINCT value FROM subject_identifier
                         WHERE kind = 'PHONE' AND shielded AND value = ANY (?)
                           AND (cardinality(?::uuid[]) = 0 OR subject_id = ANY (?::uuid[]))
                        """)
                .params(numbers.toArray(String[]::new), of, of)
                .query(String.class)
                .list());
    }

    @Override
    public boolean exists(Target target, UUID id) {
        String table = switch (target) {
            case SUBJECT -> "subject";
            case ORGANISATION -> "organisation";
            case SERVICE_DELIVERED -> "service_delivered";
        };
        return id != null
                && jdbc.sql("SELECT EXISTS (SELECT 1 FROM " + table + " WHERE id = ?)")
                        .param(id)
                        .query(Boolean.class)
                        .single();
    }

    /** The summary without an audit entry, for callers that audit the read themselves. */
    public SubjectSummary toSummary(Subject s) {
        return new SubjectSummary(
                s.id(),
                s.displayName(),
                s.identifiers().stream()
                        .map(i -> new Identifier(i.kind(), i.value()))
                        .toList(),
                s.roles().stream().map(r -> r.role().name()).distinct().toList(),
                holdings(s.id()),
                s.language());
    }

    /** Records per category and place: the built-in store and the recordings file store (connectors add theirs). */
    public List<SubjectSummary.Holding> holdings(UUID subjectId) {
        List<SubjectSummary.Holding> holdings = new ArrayList<>(jdbc.sql("""
                        SELECT r.category, count(*) FROM store_record r
                          JOIN store_record_subject l ON l.record_id = r.id
                         WHERE l.subject_id = ? GROUP BY r.category ORDER BY r.category
                        """)
                .param(subjectId)
                .query((rs, n) -> new SubjectSummary.Holding(rs.getString(1), RecordStore.LOCATION, rs.getLong(2)))
                .list());
        long recordings = jdbc.sql("SELECT count(*) FROM call_recording_subject WHERE subject_id = ?")
                .param(subjectId)
                .query(Long.class)
                .single();
        if (recordings > 0) {
            holdings.add(new SubjectSummary.Holding(RECORDINGS, RECORDINGS_LOCATION, recordings));
        }
        return holdings;
    }

    /**
     * Every search is in the audit trail, with or without a hit (the console promises it): one {@code SEARCH} entry
     * naming the identifiers by their hash and how many subjects were found, then a {@code READ} per subject.
     */
    private List<UUID> audited(List<Identifier> searched, String purpose, String kind) {
        List<UUID> found = inventory.find(searched);
        audit.record(AuditRecord.of(
                        AuditAction.SEARCH,
                        "data_holder",
                        DataHolder.unregistered(searched).reference())
                .purpose(purpose(purpose))
                .detail("lookup", kind)
                .detail("results", Integer.toString(found.size())));
        for (UUID id : found) {
            audit.record(AuditRecord.of(AuditAction.READ, "subject", id)
                    .subject(id)
                    .purpose(purpose(purpose))
                    .detail("lookup", kind));
        }
        return found;
    }

    static String purpose(String purpose) {
        String p = Inventory.blankToNull(purpose);
        return p == null ? "lookup" : (p.length() > 200 ? p.substring(0, 200) : p);
    }
}
