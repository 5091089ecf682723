package nl.waarborg.subjects.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.Registers;
import nl.waarborg.register.RetentionAnchor;
import nl.waarborg.register.RetentionRule;
import nl.waarborg.subjects.DeletionGuard;
import nl.waarborg.subjects.SubjectsException;
import nl.waarborg.subjects.internal.Model.NewRecord;
import nl.waarborg.subjects.internal.Model.RecordContent;
import nl.waarborg.subjects.internal.Model.ServiceDelivered;
import nl.waarborg.subjects.internal.Model.StoredRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built-in store: records per data category, linked to their subjects, organisation and service delivered, with
 * the dates their retention counts from. Records of sensitive categories keep their payload only as AES-GCM
 * ciphertext; reading one needs a reason, which goes into the audit trail.
 */
@Service
@Transactional
public class RecordStore {

    public static final String LOCATION = "built-in";
    static final String DEFAULT_SOURCE = "waarborg";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger log = LoggerFactory.getLogger(RecordStore.class);
    private static final String SELECT = """
            SELECT r.*, s.service_key, s.ended_on AS service_ended_on,
                   (SELECT array_agg(l.subject_id ORDER BY l.subject_id) FROM store_record_subject l
                     WHERE l.record_id = r.id) AS subject_ids
              FROM store_record r LEFT JOIN service_delivered s ON s.id = r.service_delivered_id
            """;

    private final JdbcClient jdbc;
    private final List<DeletionGuard> guards;
    private final Registers registers;
    private final AuditTrail audit;
    private final Clock clock;
    private final Inventory inventory;
    private final Sealer sealer;
    private final RecordCategories categories;

    RecordStore(
            JdbcClient jdbc,
            AuditTrail audit,
            Clock clock,
            Inventory inventory,
            Sealer sealer,
            RecordCategories categories,
            List<DeletionGuard> guards,
            Registers registers) {
        this.guards = List.copyOf(guards);
        this.registers = registers;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.inventory = inventory;
        this.sealer = sealer;
        this.categories = categories;
    }

    public StoredRecord create(NewRecord body) {
        if (body == null) {
            throw new SubjectsException(Kind.INVALID, "category", "category is required");
        }
        String given = category(body.category());
        RecordCategories.Resolution row = categories.resolve(given);
        String category = row.category();
        List<UUID> subjects = subjects(body.subjectIds());
        UUID serviceId = body.serviceDeliveredId();
        UUID organisationId = body.organisationId();
        if (serviceId != null) {
            ServiceDelivered service = inventory
                    .service(serviceId)
                    .orElseThrow(() -> new SubjectsException(
                            Kind.INVALID, "serviceDeliveredId", "serviceDeliveredId names no service delivered"));
            if (organisationId != null && !organisationId.equals(service.organisationId())) {
                throw new SubjectsException(
                        Kind.INVALID, "serviceDeliveredId", "serviceDeliveredId belongs to another organisation");
            }
            organisationId = service.organisationId();
        } else if (organisationId != null
                && inventory.organisation(organisationId).isEmpty()) {
            throw new SubjectsException(Kind.INVALID, "organisationId", "organisationId names no organisation");
        }
        RetentionAnchor anchor = checkRetention(body.retentionPeriod(), body.retentionAnchor(), serviceId);
        JsonNode payload = payload(body.payload());
        // The register decides; a caller can only add protection, never take it away.
        boolean sensitive = Boolean.TRUE.equals(body.sensitive()) || row.sensitive();
        String source = Inventory.blankToNull(body.sourceSystem()) == null
                ? DEFAULT_SOURCE
                : body.sourceSystem().strip();
        if (source.length() > 100) {
            throw new SubjectsException(Kind.INVALID, "sourceSystem", "sourceSystem is longer than 100 characters");
        }
        if (body.reference() != null && body.reference().length() > 200) {
            throw new SubjectsException(Kind.INVALID, "reference", "reference is longer than 200 characters");
        }

        UUID id = UUID.randomUUID();
        // Sealed under the key it was given with, which never changes (assigning a row later must not break it).
        Sealer.Sealed sealed = sensitive ? sealer.seal(id, given, bytes(payload)) : null;
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                        INSERT INTO store_record (id, category, assigned, given_category, organisation_id,
                               service_delivered_id, source_system, reference, created_at, updated_at, collected_at,
                               last_contact_at, invoice_date, retention_period, retention_anchor, sensitive, payload,
                               key_id, ciphertext)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
                        """)
                .params(
                        id,
                        category,
                        row.assigned(),
                        given,
                        organisationId,
                        serviceId,
                        source,
                        Inventory.blankToNull(body.reference()),
                        now,
                        now,
                        body.collectedAt() == null ? now : Timestamp.from(body.collectedAt()),
                        body.lastContactAt() == null ? null : Timestamp.from(body.lastContactAt()),
                        body.invoiceDate(),
                        Inventory.blankToNull(body.retentionPeriod()),
                        anchor == null ? null : anchor.name(),
                        sensitive,
                        sensitive ? null : JSON.writeValueAsString(payload),
                        sensitive ? sealed.keyId() : null,
                        sensitive ? sealed.bytes() : null)
                .update();
        for (UUID subject : subjects) {
            jdbc.sql("INSERT INTO store_record_subject (record_id, subject_id) VALUES (?, ?)")
                    .params(id, subject)
                    .update();
            audit.record(AuditRecord.of(AuditAction.CREATE, "record", id)
                    .subject(subject)
                    .detail("category", category)
                    .detail("sensitive", String.valueOf(sensitive)));
        }
        return metadata(id).orElseThrow();
    }

    /**
     * Replaces the payload, reference and retention dates. The subjects, organisation and service change only when
     * the body names them (null keeps them as they are); the category never changes.
     */
    public StoredRecord update(UUID id, NewRecord body) {
        StoredRecord existing = metadata(id)
                .orElseThrow(() -> new SubjectsException(Kind.NOT_FOUND, null, "Record " + id + " does not exist"));
        if (body == null) {
            throw new SubjectsException(Kind.INVALID, "payload", "payload is required");
        }
        requireNotRestricted(existing);
        if (body.category() != null
                && !body.category().strip().equals(existing.category())
                && !body.category().strip().equals(existing.givenCategory())) {
            throw new SubjectsException(
                    Kind.INVALID, "category", "the category of a record cannot change; create a new record");
        }
        List<UUID> subjects = body.subjectIds() == null ? existing.subjectIds() : subjects(body.subjectIds());
        UUID serviceId = existing.serviceDeliveredId();
        UUID organisationId = existing.organisationId();
        if (body.serviceDeliveredId() != null || body.organisationId() != null) {
            serviceId = body.serviceDeliveredId();
            organisationId = body.organisationId();
            if (serviceId != null) {
                ServiceDelivered service = inventory
                        .service(serviceId)
                        .orElseThrow(() -> new SubjectsException(
                                Kind.INVALID, "serviceDeliveredId", "serviceDeliveredId names no service delivered"));
                if (organisationId != null && !organisationId.equals(service.organisationId())) {
                    throw new SubjectsException(
                            Kind.INVALID, "serviceDeliveredId", "serviceDeliveredId belongs to another organisation");
                }
                organisationId = service.organisationId();
            } else if (inventory.organisation(organisationId).isEmpty()) {
                throw new SubjectsException(Kind.INVALID, "organisationId", "organisationId names no organisation");
            }
        }
        if (body.reference() != null && body.reference().length() > 200) {
            throw new SubjectsException(Kind.INVALID, "reference", "reference is longer than 200 characters");
        }
        RetentionAnchor anchor = checkRetention(body.retentionPeriod(), body.retentionAnchor(), serviceId);
        JsonNode payload = payload(body.payload());
        Sealer.Sealed sealed = existing.sensitive() ? sealer.seal(id, existing.givenCategory(), bytes(payload)) : null;
        jdbc.sql("""
                        UPDATE store_record SET reference = ?, updated_at = ?, collected_at = coalesce(?, collected_at),
                               last_contact_at = ?, invoice_date = ?, retention_period = ?, retention_anchor = ?,
                               payload = ?::jsonb, key_id = ?, ciphertext = ?, organisation_id = ?,
                               service_delivered_id = ?
                         WHERE id = ?
                        """)
                .params(
                        Inventory.blankToNull(body.reference()),
                        Timestamp.from(clock.instant()),
                        body.collectedAt() == null ? null : Timestamp.from(body.collectedAt()),
                        body.lastContactAt() == null ? null : Timestamp.from(body.lastContactAt()),
                        body.invoiceDate(),
                        Inventory.blankToNull(body.retentionPeriod()),
                        anchor == null ? null : anchor.name(),
                        existing.sensitive() ? null : JSON.writeValueAsString(payload),
                        existing.sensitive() ? sealed.keyId() : null,
                        existing.sensitive() ? sealed.bytes() : null,
                        organisationId,
                        serviceId,
                        id)
                .update();
        List<UUID> unlinked = new ArrayList<>(existing.subjectIds());
        unlinked.removeAll(subjects);
        for (UUID subject : unlinked) {
            jdbc.sql("DELETE FROM store_record_subject WHERE record_id = ? AND subject_id = ?")
                    .params(id, subject)
                    .update();
        }
        for (UUID subject : subjects) {
            jdbc.sql("INSERT INTO store_record_subject (record_id, subject_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .params(id, subject)
                    .update();
        }
        // Every person the record belonged to before or belongs to now sees the change in their trail.
        for (UUID subject : subjects) {
            audit.record(AuditRecord.of(AuditAction.UPDATE, "record", id)
                    .subject(subject)
                    .detail("category", existing.category())
                    .detail("link", existing.subjectIds().contains(subject) ? "kept" : "added"));
        }
        for (UUID subject : unlinked) {
            audit.record(AuditRecord.of(AuditAction.UPDATE, "record", id)
                    .subject(subject)
                    .detail("category", existing.category())
                    .detail("link", "removed"));
        }
        return metadata(id).orElseThrow();
    }

    public void delete(UUID id, String purpose) {
        StoredRecord existing = metadata(id)
                .orElseThrow(() -> new SubjectsException(Kind.NOT_FOUND, null, "Record " + id + " does not exist"));
        refuseWhileKept(existing);
        jdbc.sql("DELETE FROM store_record WHERE id = ?").param(id).update();
        for (UUID subject : existing.subjectIds()) {
            audit.record(AuditRecord.of(AuditAction.DELETE, "record", id)
                    .subject(subject)
                    .purpose(purpose)
                    .detail("category", existing.category()));
        }
    }

    /** A record under a running legal duty or a legal hold is not deleted by hand before its time. */
    private void refuseWhileKept(StoredRecord record) {
        LocalDate anchorDate = RetentionDue.anchorDate(record).orElse(null);
        LocalDate dueOn = RetentionDue.dueOn(record).orElse(null);
        if (record.retentionPeriod() == null && record.assigned()) {
            // No period of its own: the register row's rule, counted from the record's own date.
            Optional<RetentionRule> rule = registers.retention(record.category());
            if (rule.isPresent() && rule.get().executable()) {
                RetentionAnchor anchor = rule.get().kind() == RetentionRule.Kind.UNTIL_END_OF_SERVICE
                        ? RetentionAnchor.END_OF_SERVICE
                        : rule.get().anchor();
                anchorDate = RetentionDue.anchorDate(record, anchor).orElse(null);
                dueOn = anchorDate == null
                        ? null
                        : rule.get().expiresOn(anchorDate).orElse(null);
            }
        }
        DeletionGuard.Item item = new DeletionGuard.Item(
                record.assigned() ? record.category() : null,
                new HashSet<>(record.subjectIds()),
                record.organisationId(),
                record.serviceDeliveredId(),
                anchorDate,
                dueOn);
        for (DeletionGuard guard : guards) {
            guard.refusal(item).ifPresent(r -> {
                throw new SubjectsException(Kind.REFUSED, r.slug(), null, "Record " + record.id() + ": " + r.detail());
            });
        }
    }

    /**
     * The record with its payload, audited as a read for each of its subjects. A sensitive record is opened only with
     * a stated reason.
     */
    public RecordContent read(UUID id, String purpose) {
        StoredRecord record = metadata(id)
                .orElseThrow(() -> new SubjectsException(Kind.NOT_FOUND, null, "Record " + id + " does not exist"));
        String reason = Inventory.blankToNull(purpose);
        requireNotRestricted(record);
        if (record.sensitive() && reason == null) {
            throw new SubjectsException(
                    Kind.INVALID, "reason", "Reading a sensitive record needs a reason, for example a ticket number");
        }
        JsonNode payload = payload(record);
        for (UUID subject : record.subjectIds()) {
            audit.record(AuditRecord.of(AuditAction.READ, "record", id)
                    .subject(subject)
                    .purpose(reason == null ? "record read" : reason)
                    .detail("category", record.category())
                    .detail("sensitive", String.valueOf(record.sensitive())));
        }
        return new RecordContent(record, payload);
    }

    /**
     * A record's payload, opened when sealed, without a reason or an audit entry: for callers that audit the read
     * themselves (an export for the person's own access request).
     */
    /**
     * Writes a corrected payload (Art. 16): sealed again when the record is sensitive. Allowed on a restricted record,
     * since a restriction while accuracy is disputed exists for this correction. Audited per person, without values.
     */
    void rectify(StoredRecord existing, JsonNode payload) {
        Sealer.Sealed sealed =
                existing.sensitive() ? sealer.seal(existing.id(), existing.givenCategory(), bytes(payload)) : null;
        jdbc.sql("UPDATE store_record SET payload = ?::jsonb, key_id = ?, ciphertext = ?, updated_at = ? WHERE id = ?")
                .params(
                        existing.sensitive() ? null : JSON.writeValueAsString(payload),
                        existing.sensitive() ? sealed.keyId() : null,
                        existing.sensitive() ? sealed.bytes() : null,
                        Timestamp.from(clock.instant()),
                        existing.id())
                .update();
        for (UUID subject : existing.subjectIds()) {
            audit.record(AuditRecord.of(AuditAction.UPDATE, "record", existing.id())
                    .subject(subject)
                    .detail("category", existing.category())
                    .detail("step", "rectify"));
        }
    }

    /**
     * The payloads of many records, sealed ones opened, read a thousand at a time: an export of a person's records
     * reads them all, and one query per record made a package of ten thousand records wait on ten thousand round trips.
     */
    Map<UUID, JsonNode> payloads(List<StoredRecord> records) {
        Map<UUID, StoredRecord> byId = new java.util.HashMap<>();
        records.forEach(r -> byId.put(r.id(), r));
        Map<UUID, JsonNode> out = new java.util.HashMap<>();
        List<UUID> ids = new ArrayList<>(byId.keySet());
        for (int from = 0; from < ids.size(); from += 1000) {
            UUID[] chunk = ids.subList(from, Math.min(ids.size(), from + 1000)).toArray(UUID[]::new);
            jdbc.sql("SELECT id, payload::text AS payload, key_id, ciphertext FROM store_record WHERE id = ANY (?)")
                    .param(chunk)
                    .query(rs -> {
                        UUID id = rs.getObject("id", UUID.class);
                        StoredRecord r = byId.get(id);
                        if (r.sensitive()) {
                            out.put(
                                    id,
                                    JSON.readTree(sealer.open(
                                            id, r.givenCategory(), rs.getString("key_id"), rs.getBytes("ciphertext"))));
                        } else {
                            String payload = rs.getString("payload");
                            out.put(id, payload == null ? JSON.createObjectNode() : JSON.readTree(payload));
                        }
                    });
        }
        return out;
    }

    JsonNode payload(StoredRecord record) {
        if (record.sensitive()) {
            var raw = jdbc.sql("SELECT key_id, ciphertext FROM store_record WHERE id = ?")
                    .param(record.id())
                    .query((rs, n) -> Map.entry(rs.getString(1), rs.getBytes(2)))
                    .single();
            return JSON.readTree(sealer.open(record.id(), record.givenCategory(), raw.getKey(), raw.getValue()));
        }
        return jdbc.sql("SELECT payload::text FROM store_record WHERE id = ?")
                .param(record.id())
                .query(String.class)
                .optional()
                .map(JSON::readTree)
                .orElse(JSON.createObjectNode());
    }

    /** A record without its payload, not audited: callers that show it to a person audit with their purpose. */
    @Transactional(readOnly = true)
    public Optional<StoredRecord> metadata(UUID id) {
        return jdbc.sql(SELECT + " WHERE r.id = ?")
                .param(id)
                .query(RecordStore::row)
                .optional();
    }

    @Transactional(readOnly = true)
    public List<StoredRecord> recordsOf(UUID subjectId) {
        return jdbc.sql(SELECT
                        + " WHERE r.id IN (SELECT record_id FROM store_record_subject WHERE subject_id = ?)"
                        + " ORDER BY s.service_key NULLS LAST, r.category, r.created_at")
                .param(subjectId)
                .query(RecordStore::row)
                .list();
    }

    @Transactional(readOnly = true)
    public long count(boolean sensitiveOnly) {
        return jdbc.sql("SELECT count(*) FROM store_record" + (sensitiveOnly ? " WHERE sensitive" : ""))
                .query(Long.class)
                .single();
    }

    /**
     * Puts a record that waits for its register category into one of the rows that could hold it. Only such a record
     * can be assigned; an assigned record's category never changes.
     */
    public StoredRecord assign(UUID id, String category) {
        StoredRecord existing = metadata(id)
                .orElseThrow(() -> new SubjectsException(Kind.NOT_FOUND, null, "Record " + id + " does not exist"));
        // The input first: what is wrong with it is the caller's to fix whatever the record's state.
        String chosen = category(category);
        if (existing.assigned()) {
            throw new SubjectsException(
                    Kind.CONFLICT,
                    "category",
                    "the record already belongs to register category " + existing.category());
        }
        RecordCategories.Resolution given = categories.resolve(existing.givenCategory());
        if (!given.candidates().contains(chosen)) {
            throw new SubjectsException(
                    Kind.INVALID,
                    "category",
                    given.candidates().isEmpty()
                            ? "no category of the register in force covers " + existing.givenCategory()
                                    + "; add one to the register first"
                            : "category must be one of " + given.candidates());
        }
        jdbc.sql("UPDATE store_record SET category = ?, assigned = true, updated_at = ? WHERE id = ? AND NOT assigned")
                .params(chosen, Timestamp.from(clock.instant()), id)
                .update();
        for (UUID subject : existing.subjectIds()) {
            audit.record(AuditRecord.of(AuditAction.UPDATE, "record", id)
                    .subject(subject)
                    .detail("category", chosen)
                    .detail("fields", "category"));
        }
        return metadata(id).orElseThrow();
    }

    /** Records that wait for a person to choose their register category, oldest first. */
    @Transactional(readOnly = true)
    public List<StoredRecord> unassigned(int limit) {
        return jdbc.sql(SELECT + " WHERE NOT r.assigned ORDER BY r.created_at, r.id LIMIT ?")
                .param(limit)
                .query(RecordStore::row)
                .list();
    }

    // ---------------------------------------------------------------- key rotation

    /** Sensitive records that a rotation found it could not open. */
    @Transactional(readOnly = true)
    public long countUnreadable() {
        return jdbc.sql("SELECT count(*) FROM store_record WHERE seal_failed_at IS NOT NULL")
                .query(Long.class)
                .single();
    }

    /** Sensitive records not yet sealed under the given key. */
    @Transactional(readOnly = true)
    public long countNotUnder(String keyId) {
        return jdbc.sql("SELECT count(*) FROM store_record WHERE sensitive AND key_id <> ? AND seal_failed_at IS NULL")
                .param(keyId)
                .query(Long.class)
                .single();
    }

    /**
     * Re-seals one batch of records under the current key. Rows locked by another instance are skipped, so several
     * instances can share the work; nothing else is changed, so the payload's audit history stays as it was.
     */
    public int reencryptBatch(int batchSize) {
        String current = sealer.currentKeyId();
        List<Object[]> rows = jdbc.sql("""
                        SELECT id, given_category, key_id, ciphertext FROM store_record
                         WHERE sensitive AND key_id <> ? AND seal_failed_at IS NULL
                         ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED
                        """)
                .params(current, batchSize)
                .query((rs, n) ->
                        new Object[] {rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getBytes(4)})
                .list();
        for (Object[] row : rows) {
            UUID id = (UUID) row[0];
            String category = (String) row[1];
            byte[] plain;
            try {
                plain = sealer.open(id, category, (String) row[2], (byte[]) row[3]);
            } catch (SealedDataException e) {
                // One damaged record must not stop the rotation of all others; it is set aside and reported.
                log.error("Set aside during re-encryption: {}", e.getMessage());
                jdbc.sql("UPDATE store_record SET seal_failed_at = ? WHERE id = ?")
                        .params(Timestamp.from(clock.instant()), id)
                        .update();
                continue;
            }
            Sealer.Sealed sealed = sealer.seal(id, category, plain);
            Arrays.fill(plain, (byte) 0);
            jdbc.sql("UPDATE store_record SET key_id = ?, ciphertext = ? WHERE id = ?")
                    .params(sealed.keyId(), sealed.bytes(), id)
                    .update();
        }
        return rows.size();
    }

    /**
     * Seals one batch of plaintext records whose category the register now marks sensitive (or that were stored before
     * it did). Rows locked by another instance are skipped.
     */
    public int sealBatch(java.util.Set<String> sensitiveKeys, int batchSize) {
        if (sensitiveKeys.isEmpty()) {
            return 0;
        }
        List<Map.Entry<UUID, String>> rows = jdbc.sql("""
                        SELECT id, given_category FROM store_record
                         WHERE NOT sensitive AND anonymised_at IS NULL AND category = ANY (?::text[])
                         ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED
                        """)
                .params(sensitiveKeys.toArray(String[]::new), batchSize)
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)))
                .list();
        for (Map.Entry<UUID, String> row : rows) {
            String plain = jdbc.sql("SELECT payload::text FROM store_record WHERE id = ?")
                    .param(row.getKey())
                    .query(String.class)
                    .optional()
                    .orElse("{}");
            Sealer.Sealed sealed = sealer.seal(row.getKey(), row.getValue(), plain.getBytes(StandardCharsets.UTF_8));
            jdbc.sql("""
                            UPDATE store_record SET sensitive = true, payload = NULL, key_id = ?, ciphertext = ?
                             WHERE id = ?
                            """).params(sealed.keyId(), sealed.bytes(), row.getKey()).update();
        }
        if (!rows.isEmpty()) {
            log.info("Sealed {} record(s) of categories the register marks sensitive", rows.size());
        }
        return rows.size();
    }

    // ---------------------------------------------------------------- helpers

    private static String category(String raw) {
        Inventory.requireText("category", raw, 200);
        String category = raw.strip();
        if (!category.matches("[a-z0-9][a-z0-9_-]*(\\.[a-z0-9_-]+)*")) {
            throw new SubjectsException(
                    Kind.INVALID,
                    "category",
                    "category must be a register category key (customer-credentials) or a data-category key"
                            + " (user.contact.email)");
        }
        return category;
    }

    private List<UUID> subjects(List<UUID> ids) {
        if (ids == null || ids.isEmpty()) {
            throw new SubjectsException(Kind.INVALID, "subjectIds", "subjectIds must name at least one subject");
        }
        List<UUID> unique = new ArrayList<>(new LinkedHashSet<>(ids));
        for (int i = 0; i < unique.size(); i++) {
            if (unique.get(i) == null || inventory.subject(unique.get(i)).isEmpty()) {
                throw new SubjectsException(
                        Kind.INVALID, "subjectIds[" + i + "]", "subjectIds[" + i + "] names no subject");
            }
        }
        return unique;
    }

    /** The record's own retention period and anchor, checked; null when it follows the register's rule. */
    private static RetentionAnchor checkRetention(String period, String anchorName, UUID serviceId) {
        String p = Inventory.blankToNull(period);
        RetentionAnchor anchor = anchor(anchorName);
        if (p == null && anchor == null) {
            return null;
        }
        if (p == null) {
            throw new SubjectsException(
                    Kind.INVALID, "retentionPeriod", "retentionPeriod is required with a retentionAnchor");
        }
        if (anchor == null) {
            throw new SubjectsException(
                    Kind.INVALID, "retentionAnchor", "retentionAnchor is required with a retentionPeriod");
        }
        try {
            Period parsed = Period.parse(p);
            if (parsed.isNegative() || parsed.isZero()) {
                throw new SubjectsException(Kind.INVALID, "retentionPeriod", "retentionPeriod must be positive");
            }
        } catch (DateTimeParseException e) {
            throw new SubjectsException(
                    Kind.INVALID, "retentionPeriod", "retentionPeriod must be an ISO-8601 period such as P7Y or P6M");
        }
        if ((anchor == RetentionAnchor.END_OF_SERVICE || anchor == RetentionAnchor.END_OF_CONTRACT)
                && serviceId == null) {
            throw new SubjectsException(
                    Kind.INVALID,
                    "retentionAnchor",
                    anchor.name() + " needs a serviceDeliveredId whose end date it counts from");
        }
        return anchor;
    }

    /**
     * The register's anchor by name ({@code INVOICE_DATE}) or key ({@code invoice-date}); {@code COLLECTED}, the
     * built-in store's own name before there was one vocabulary, still means collection.
     */
    static RetentionAnchor anchor(String name) {
        String n = Inventory.blankToNull(name);
        if (n == null) {
            return null;
        }
        if (n.equalsIgnoreCase("COLLECTED")) {
            return RetentionAnchor.COLLECTION;
        }
        for (RetentionAnchor a : RetentionAnchor.values()) {
            if (a.name().equalsIgnoreCase(n) || a.key().equalsIgnoreCase(n)) {
                return a;
            }
        }
        throw new SubjectsException(
                Kind.INVALID,
                "retentionAnchor",
                "retentionAnchor must be one of "
                        + java.util.Arrays.stream(RetentionAnchor.values())
                                .map(Enum::name)
                                .toList());
    }

    /** Restricted data is kept, not used: changing or reading it through the API waits until the restriction ends. */
    private static void requireNotRestricted(StoredRecord record) {
        if (record.restrictedAt() != null) {
            throw new SubjectsException(
                    Kind.REFUSED,
                    null,
                    "Record " + record.id() + " is restricted to storage only since " + record.restrictedAt()
                            + " (Art. 18 GDPR); it can be used again once the restriction is lifted");
        }
    }

    private static JsonNode payload(JsonNode payload) {
        if (payload == null || payload.isNull() || payload.isMissingNode()) {
            return JSON.createObjectNode();
        }
        if (!payload.isObject()) {
            throw new SubjectsException(Kind.INVALID, "payload", "payload must be a JSON object");
        }
        refuseNul(payload, "payload");
        return payload;
    }

    /** PostgreSQL's jsonb cannot hold a NUL character, in a value or a key: name where it is instead of failing later. */
    private static void refuseNul(JsonNode node, String path) {
        if (node.isString() && node.asString().indexOf('\0') >= 0) {
            throw new SubjectsException(Kind.INVALID, path, path + " contains a NUL character, which cannot be stored");
        }
        if (node.isObject()) {
            for (var field : node.properties()) {
                String name = field.getKey().indexOf('\0') >= 0 ? null : field.getKey();
                if (name == null) {
                    throw new SubjectsException(
                            Kind.INVALID,
                            path,
                            path + " has a field name with a NUL character, which cannot be stored");
                }
                refuseNul(field.getValue(), path + "." + name);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refuseNul(node.get(i), path + "[" + i + "]");
            }
        }
    }

    private static byte[] bytes(JsonNode payload) {
        return JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8);
    }

    static StoredRecord row(ResultSet rs, int n) throws SQLException {
        Array array = rs.getArray("subject_ids");
        List<UUID> subjects = array == null ? List.of() : List.of((UUID[]) array.getArray());
        String anchor = rs.getString("retention_anchor");
        return new StoredRecord(
                rs.getObject("id", UUID.class),
                rs.getString("category"),
                rs.getBoolean("assigned"),
                rs.getString("given_category"),
                subjects,
                rs.getObject("organisation_id", UUID.class),
                rs.getObject("service_delivered_id", UUID.class),
                rs.getString("service_key"),
                rs.getString("source_system"),
                rs.getString("reference"),
                Inventory.instant(rs, "created_at"),
                Inventory.instant(rs, "updated_at"),
                Inventory.instant(rs, "collected_at"),
                Inventory.instant(rs, "last_contact_at"),
                rs.getObject("invoice_date", LocalDate.class),
                rs.getObject("service_ended_on", LocalDate.class),
                rs.getString("retention_period"),
                anchor == null ? null : RetentionAnchor.valueOf(anchor),
                rs.getBoolean("sensitive"),
                rs.getString("key_id"),
                Inventory.instant(rs, "restricted_at"));
    }
}
