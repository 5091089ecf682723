package nl.waarborg.subjects.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.Identifiers;
import nl.waarborg.subjects.InvalidIdentifierException;
import nl.waarborg.subjects.SubjectRole;
import nl.waarborg.subjects.SubjectsException;
import nl.waarborg.subjects.internal.Model.NewIdentifier;
import nl.waarborg.subjects.internal.Model.NewOrganisation;
import nl.waarborg.subjects.internal.Model.NewRole;
import nl.waarborg.subjects.internal.Model.NewServiceDelivered;
import nl.waarborg.subjects.internal.Model.NewSubject;
import nl.waarborg.subjects.internal.Model.Organisation;
import nl.waarborg.subjects.internal.Model.OrganisationKind;
import nl.waarborg.subjects.internal.Model.RoleLink;
import nl.waarborg.subjects.internal.Model.ServiceDelivered;
import nl.waarborg.subjects.internal.Model.StoredIdentifier;
import nl.waarborg.subjects.internal.Model.Subject;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Organisations, the services delivered to them, data subjects with their identifiers and roles. Every change is
 * audited in its own transaction; audit entries carry ids and identifier kinds, never values.
 */
@Service
@Transactional
public class Inventory {

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    Inventory(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- organisations

    public Organisation createOrganisation(NewOrganisation body) {
        validate(body);
        UUID id = UUID.randomUUID();
        Timestamp now = now();
        int added = jdbc.sql("""
                        INSERT INTO organisation (id, kind, name, customer_number, chamber_of_commerce_number,
                                                  created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (customer_number) DO NOTHING
                        """)
                .params(
                        id,
                        body.kind().name(),
                        body.name().strip(),
                        customerNumber(body.customerNumber()),
                        blankToNull(body.chamberOfCommerceNumber()),
                        now,
                        now)
                .update();
        if (added == 0) {
            throw new SubjectsException(
                    Kind.CONFLICT, "customerNumber", "Another organisation already has this customer number");
        }
        audit.record(AuditRecord.of(AuditAction.CREATE, "organisation", id));
        return organisation(id).orElseThrow();
    }

    public Organisation updateOrganisation(UUID id, NewOrganisation body) {
        validate(body);
        organisation(id)
                .orElseThrow(
                        () -> new SubjectsException(Kind.NOT_FOUND, null, "Organisation " + id + " does not exist"));
        String number = customerNumber(body.customerNumber());
        if (number != null
                && jdbc.sql("SELECT count(*) FROM organisation WHERE customer_number = ? AND id <> ?")
                                .params(number, id)
                                .query(Long.class)
                                .single()
                        > 0) {
            throw new SubjectsException(
                    Kind.CONFLICT, "customerNumber", "Another organisation already has this customer number");
        }
        jdbc.sql("""
                        UPDATE organisation SET kind = ?, name = ?, customer_number = ?, chamber_of_commerce_number = ?,
                               updated_at = ? WHERE id = ?
                        """)
                .params(
                        body.kind().name(),
                        body.name().strip(),
                        number,
                        blankToNull(body.chamberOfCommerceNumber()),
                        now(),
                        id)
                .update();
        audit.record(AuditRecord.of(AuditAction.UPDATE, "organisation", id));
        return organisation(id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public Optional<Organisation> organisation(UUID id) {
        return jdbc.sql("SELECT * FROM organisation WHERE id = ?")
                .param(id)
                .query(Inventory::organisationRow)
                .optional();
    }

    @Transactional(readOnly = true)
    public Optional<Organisation> organisationByCustomerNumber(String customerNumber) {
        return jdbc.sql("SELECT * FROM organisation WHERE customer_number = ?")
                .param(customerNumber(customerNumber))
                .query(Inventory::organisationRow)
                .optional();
    }

    @Transactional(readOnly = true)
    public List<Organisation> organisations(int limit, int offset) {
        return jdbc.sql("SELECT * FROM organisation ORDER BY name, id LIMIT ? OFFSET ?")
                .params(limit, offset)
                .query(Inventory::organisationRow)
                .list();
    }

    private static void validate(NewOrganisation body) {
        if (body == null || body.kind() == null) {
            throw new SubjectsException(Kind.INVALID, "kind", "kind must be BUSINESS or CONSUMER");
        }
        requireText("name", body.name(), 300);
        if (body.customerNumber() != null && body.customerNumber().length() > 100) {
            throw new SubjectsException(Kind.INVALID, "customerNumber", "customerNumber is longer than 100 characters");
        }
    }

    private static String customerNumber(String raw) {
        return raw == null || raw.isBlank()
                ? null
                : Identifiers.normalise(IdentifierKind.CUSTOMER_NUMBER, raw).value();
    }

    // ---------------------------------------------------------------- services delivered

    public ServiceDelivered addService(UUID organisationId, NewServiceDelivered body) {
        organisation(organisationId)
                .orElseThrow(() -> new SubjectsException(
                        Kind.NOT_FOUND, null, "Organisation " + organisationId + " does not exist"));
        validate(body);
        UUID id = UUID.randomUUID();
        Timestamp now = now();
        jdbc.sql("""
                        INSERT INTO service_delivered (id, organisation_id, service_key, reference, started_on, ended_on,
                                                       created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        id,
                        organisationId,
                        body.serviceKey().strip(),
                        blankToNull(body.reference()),
                        body.startedOn(),
                        body.endedOn(),
                        now,
                        now)
                .update();
        audit.record(AuditRecord.of(AuditAction.CREATE, "service_delivered", id)
                .detail("organisation", organisationId.toString()));
        return service(id).orElseThrow();
    }

    public ServiceDelivered updateService(UUID organisationId, UUID id, NewServiceDelivered body) {
        ServiceDelivered existing = service(id)
                .filter(s -> s.organisationId().equals(organisationId))
                .orElseThrow(() ->
                        new SubjectsException(Kind.NOT_FOUND, null, "Service delivered " + id + " does not exist"));
        validate(body);
        jdbc.sql("""
                        UPDATE service_delivered SET service_key = ?, reference = ?, started_on = ?, ended_on = ?,
                               updated_at = ? WHERE id = ?
                        """)
                .params(
                        body.serviceKey().strip(),
                        blankToNull(body.reference()),
                        body.startedOn(),
                        body.endedOn(),
                        now(),
                        existing.id())
                .update();
        ServiceDelivered updated = service(id).orElseThrow();
        // Names of changed fields only; an end date set or moved shifts the retention of everything tied to it.
        List<String> changed = new ArrayList<>();
        addIfChanged(changed, "serviceKey", existing.serviceKey(), updated.serviceKey());
        addIfChanged(changed, "reference", existing.reference(), updated.reference());
        addIfChanged(changed, "startedOn", existing.startedOn(), updated.startedOn());
        addIfChanged(changed, "endedOn", existing.endedOn(), updated.endedOn());
        audit.record(AuditRecord.of(AuditAction.UPDATE, "service_delivered", id)
                .detail("organisation", organisationId.toString())
                .detail("fields", String.join(",", changed)));
        return updated;
    }

    private static void checkExternalRef(String externalRef) {
        if (externalRef != null && externalRef.length() > 200) {
            throw new SubjectsException(Kind.INVALID, "externalRef", "externalRef is longer than 200 characters");
        }
    }

    private static void addIfChanged(List<String> changed, String field, Object before, Object after) {
        if (!java.util.Objects.equals(before, after)) {
            changed.add(field);
        }
    }

    private static void validate(NewServiceDelivered body) {
        if (body == null) {
            throw new SubjectsException(Kind.INVALID, "serviceKey", "serviceKey is required");
        }
        requireText("serviceKey", body.serviceKey(), 100);
        if (!body.serviceKey().strip().matches("[a-z0-9][a-z0-9._-]*")) {
            throw new SubjectsException(
                    Kind.INVALID,
                    "serviceKey",
                    "serviceKey must be a register service key: lower-case letters, digits, . _ -");
        }
        if (body.startedOn() == null) {
            throw new SubjectsException(Kind.INVALID, "startedOn", "startedOn is required (yyyy-mm-dd)");
        }
        if (body.endedOn() != null && body.endedOn().isBefore(body.startedOn())) {
            throw new SubjectsException(Kind.INVALID, "endedOn", "endedOn lies before startedOn");
        }
    }

    @Transactional(readOnly = true)
    public Optional<ServiceDelivered> service(UUID id) {
        return jdbc.sql("SELECT * FROM service_delivered WHERE id = ?")
                .param(id)
                .query(Inventory::serviceRow)
                .optional();
    }

    @Transactional(readOnly = true)
    public List<ServiceDelivered> services(UUID organisationId) {
        return jdbc.sql("SELECT * FROM service_delivered WHERE organisation_id = ? ORDER BY started_on, id")
                .param(organisationId)
                .query(Inventory::serviceRow)
                .list();
    }

    // ---------------------------------------------------------------- subjects

    public Subject createSubject(NewSubject body) {
        if (body == null) {
            throw new SubjectsException(Kind.INVALID, "displayName", "displayName is required");
        }
        requireText("displayName", body.displayName(), 300);
        String language = blankToNull(body.language());
        if (language != null && !language.equals("nl") && !language.equals("en")) {
            throw new SubjectsException(Kind.INVALID, "language", "language is nl or en");
        }
        String externalRef = blankToNull(body.externalRef());
        checkExternalRef(externalRef);
        List<NewIdentifier> identifiers = body.identifiers() == null ? List.of() : body.identifiers();
        List<NewRole> roles = body.roles() == null ? List.of() : body.roles();
        // Check everything before the first write, so a bad identifier leaves nothing half-stored.
        List<Identifier> normalised = new ArrayList<>();
        for (int i = 0; i < identifiers.size(); i++) {
            normalised.add(normalise("identifiers[" + i + "]", identifiers.get(i)));
        }
        for (int i = 0; i < roles.size(); i++) {
            checkRole("roles[" + i + "]", roles.get(i));
        }
        if (externalRef != null && subjectByExternalRef(externalRef).isPresent()) {
            throw new SubjectsException(Kind.CONFLICT, "externalRef", "Another subject already has this externalRef");
        }
        UUID id = UUID.randomUUID();
        Timestamp now = now();
        jdbc.sql("INSERT INTO subject (id, display_name, external_ref, created_at, updated_at, language)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, body.displayName().strip(), externalRef, now, now, language)
                .update();
        for (int i = 0; i < normalised.size(); i++) {
            insertIdentifier(
                    id,
                    normalised.get(i),
                    identifiers.get(i).sourceSystem(),
                    identifiers.get(i).isShielded());
        }
        for (NewRole role : roles) {
            insertRole(id, role);
        }
        audit.record(AuditRecord.of(AuditAction.CREATE, "subject", id)
                .subject(id)
                .detail("identifierKinds", kinds(normalised))
                .detail("roles", roles.stream().map(r -> r.role().name()).collect(Collectors.joining(","))));
        return subject(id).orElseThrow();
    }

    /**
     * Changes a subject's own fields. {@code changeExternalRef} false keeps the external reference as it is (a caller
     * that only renames need not know it); true sets it, blank or null clearing it.
     */
    public Subject updateSubject(UUID id, String displayName, boolean changeExternalRef, String externalRef) {
        Subject existing = subject(id)
                .orElseThrow(() -> new SubjectsException(Kind.NOT_FOUND, null, "Subject " + id + " does not exist"));
        requireText("displayName", displayName, 300);
        String ref = changeExternalRef ? blankToNull(externalRef) : existing.externalRef();
        checkExternalRef(ref);
        if (ref != null
                && subjectByExternalRef(ref).filter(other -> !other.equals(id)).isPresent()) {
            throw new SubjectsException(Kind.CONFLICT, "externalRef", "Another subject already has this externalRef");
        }
        jdbc.sql("UPDATE subject SET display_name = ?, external_ref = ?, updated_at = ? WHERE id = ?")
                .params(displayName.strip(), ref, now(), id)
                .update();
        List<String> changed = new ArrayList<>();
        addIfChanged(changed, "displayName", existing.displayName(), displayName.strip());
        addIfChanged(changed, "externalRef", existing.externalRef(), ref);
        audit.record(AuditRecord.of(AuditAction.UPDATE, "subject", id)
                .subject(id)
                .detail("fields", String.join(",", changed)));
        return subject(id).orElseThrow();
    }

    public StoredIdentifier addIdentifier(UUID subjectId, NewIdentifier body) {
        requireSubject(subjectId);
        Identifier identifier = normalise(null, body);
        UUID id = insertIdentifier(subjectId, identifier, body.sourceSystem(), body.isShielded());
        if (id == null) {
            throw new SubjectsException(Kind.CONFLICT, "value", "This subject already has this identifier");
        }
        touch(subjectId);
        audit.record(AuditRecord.of(AuditAction.CREATE, "subject_identifier", id)
                .subject(subjectId)
                .detail("kind", identifier.kind().name())
                .detail("shielded", String.valueOf(body.isShielded())));
        return new StoredIdentifier(
                id, identifier.kind(), identifier.value(), blankToNull(body.sourceSystem()), body.isShielded());
    }

    /** Replaces an identifier's value (and kind or source system), normalised like a new one. */
    public StoredIdentifier updateIdentifier(UUID subjectId, UUID identifierId, NewIdentifier body) {
        requireSubject(subjectId);
        if (jdbc.sql("SELECT count(*) FROM subject_identifier WHERE id = ? AND subject_id = ?")
                        .params(identifierId, subjectId)
                        .query(Long.class)
                        .single()
                == 0) {
            throw new SubjectsException(Kind.NOT_FOUND, null, "Identifier " + identifierId + " does not exist");
        }
        Identifier identifier = normalise(null, body);
        if (jdbc.sql(
                                "SELECT count(*) FROM subject_identifier WHERE kind = ? AND value = ? AND subject_id = ? AND id <> ?")
                        .params(identifier.kind().name(), identifier.value(), subjectId, identifierId)
                        .query(Long.class)
                        .single()
                > 0) {
            throw new SubjectsException(Kind.CONFLICT, "value", "This subject already has this identifier");
        }
        // Without "shielded" in the body the flag stays as it was: a client that does not know the field must not
        // un-shield a number by changing its source system.
        boolean shielded = jdbc.sql("""
                        UPDATE subject_identifier SET kind = ?, value = ?, source_system = ?,
                               shielded = coalesce(?, shielded) AND kind = 'PHONE'
                         WHERE id = ? RETURNING shielded
                        """)
                .params(
                        identifier.kind().name(),
                        identifier.value(),
                        blankToNull(body.sourceSystem()),
                        body.shielded(),
                        identifierId)
                .query(Boolean.class)
                .single();
        touch(subjectId);
        audit.record(AuditRecord.of(AuditAction.UPDATE, "subject_identifier", identifierId)
                .subject(subjectId)
                .detail("kind", identifier.kind().name())
                .detail("shielded", String.valueOf(shielded)));
        return new StoredIdentifier(
                identifierId, identifier.kind(), identifier.value(), blankToNull(body.sourceSystem()), shielded);
    }

    public void removeIdentifier(UUID subjectId, UUID identifierId) {
        String kind = jdbc.sql("DELETE FROM subject_identifier WHERE id = ? AND subject_id = ? RETURNING kind")
                .params(identifierId, subjectId)
                .query(String.class)
                .optional()
                .orElseThrow(() ->
                        new SubjectsException(Kind.NOT_FOUND, null, "Identifier " + identifierId + " does not exist"));
        touch(subjectId);
        audit.record(AuditRecord.of(AuditAction.DELETE, "subject_identifier", identifierId)
                .subject(subjectId)
                .detail("kind", kind));
    }

    public RoleLink addRole(UUID subjectId, NewRole role) {
        requireSubject(subjectId);
        checkRole("", role);
        UUID id = insertRole(subjectId, role);
        if (id == null) {
            throw new SubjectsException(Kind.CONFLICT, "role", "This subject already has this role here");
        }
        touch(subjectId);
        audit.record(AuditRecord.of(AuditAction.CREATE, "subject_role", id)
                .subject(subjectId)
                .detail("role", role.role().name()));
        return new RoleLink(
                id, role.role(), role.organisationId(), role.serviceDeliveredId(), blankToNull(role.note()));
    }

    /** Changes a role: what the person is, for which organisation or service, and the note. */
    public RoleLink updateRole(UUID subjectId, UUID roleId, NewRole role) {
        requireSubject(subjectId);
        if (jdbc.sql("SELECT count(*) FROM subject_role WHERE id = ? AND subject_id = ?")
                        .params(roleId, subjectId)
                        .query(Long.class)
                        .single()
                == 0) {
            throw new SubjectsException(Kind.NOT_FOUND, null, "Role " + roleId + " does not exist");
        }
        checkRole("", role);
        if (jdbc.sql("""
                        SELECT count(*) FROM subject_role
                         WHERE subject_id = ? AND role = ? AND organisation_id IS NOT DISTINCT FROM ?
                           AND service_delivered_id IS NOT DISTINCT FROM ? AND id <> ?
                        """)
                        .params(subjectId, role.role().name(), role.organisationId(), role.serviceDeliveredId(), roleId)
                        .query(Long.class)
                        .single()
                > 0) {
            throw new SubjectsException(Kind.CONFLICT, "role", "This subject already has this role here");
        }
        jdbc.sql("""
                        UPDATE subject_role SET role = ?, organisation_id = ?, service_delivered_id = ?, note = ?
                         WHERE id = ?
                        """)
                .params(
                        role.role().name(),
                        role.organisationId(),
                        role.serviceDeliveredId(),
                        blankToNull(role.note()),
                        roleId)
                .update();
        touch(subjectId);
        audit.record(AuditRecord.of(AuditAction.UPDATE, "subject_role", roleId)
                .subject(subjectId)
                .detail("role", role.role().name()));
        return new RoleLink(
                roleId, role.role(), role.organisationId(), role.serviceDeliveredId(), blankToNull(role.note()));
    }

    public void removeRole(UUID subjectId, UUID roleId) {
        int removed = jdbc.sql("DELETE FROM subject_role WHERE id = ? AND subject_id = ?")
                .params(roleId, subjectId)
                .update();
        if (removed == 0) {
            throw new SubjectsException(Kind.NOT_FOUND, null, "Role " + roleId + " does not exist");
        }
        touch(subjectId);
        audit.record(AuditRecord.of(AuditAction.DELETE, "subject_role", roleId).subject(subjectId));
    }

    @Transactional(readOnly = true)
    public Optional<Subject> subject(UUID id) {
        return jdbc.sql("SELECT * FROM subject WHERE id = ?")
                .param(id)
                .query((rs, n) -> new Subject(
                        rs.getObject("id", UUID.class),
                        rs.getString("display_name"),
                        rs.getString("external_ref"),
                        instant(rs, "created_at"),
                        instant(rs, "updated_at"),
                        identifiers(id),
                        roles(id),
                        rs.getString("language")))
                .optional();
    }

    @Transactional(readOnly = true)
    public Optional<UUID> subjectByExternalRef(String externalRef) {
        return jdbc.sql("SELECT id FROM subject WHERE external_ref = ?")
                .param(externalRef)
                .query(UUID.class)
                .optional();
    }

    /** Subjects carrying any of these identifiers, oldest first; one indexed lookup per identifier. */
    @Transactional(readOnly = true)
    public List<UUID> find(List<Identifier> identifiers) {
        LinkedHashSet<UUID> found = new LinkedHashSet<>();
        for (Identifier identifier : identifiers) {
            found.addAll(jdbc.sql("""
                            SELECT i.subject_id FROM subject_identifier i JOIN subject s ON s.id = i.subject_id
                             WHERE i.kind = ? AND i.value = ? ORDER BY s.created_at, s.id
                            """)
                    .params(identifier.kind().name(), identifier.value())
                    .query(UUID.class)
                    .list());
        }
        return List.copyOf(found);
    }

    /** Which subjects carry each of these identifiers (normalised), looked up per kind in one query each. */
    @Transactional(readOnly = true)
    public Map<Identifier, Set<UUID>> owners(java.util.Collection<Identifier> identifiers) {
        Map<Identifier, Set<UUID>> owners = new java.util.HashMap<>();
        Map<IdentifierKind, List<String>> byKind = new java.util.EnumMap<>(IdentifierKind.class);
        identifiers.forEach(i -> byKind.computeIfAbsent(i.kind(), k -> new java.util.ArrayList<>())
                .add(i.value()));
        byKind.forEach((kind, values) -> jdbc.sql(
                        "SELECT value, subject_id FROM subject_identifier WHERE kind = ? AND value = ANY (?)")
                .params(kind.name(), values.toArray(String[]::new))
                .query((rs, n) -> {
                    owners.computeIfAbsent(new Identifier(kind, rs.getString(1)), k -> new LinkedHashSet<>())
                            .add(rs.getObject(2, UUID.class));
                    return null;
                })
                .list());
        return owners;
    }

    /** Subjects linked to an organisation through a role. */
    @Transactional(readOnly = true)
    public List<UUID> subjectsOf(UUID organisationId) {
        return jdbc.sql("SELECT DISTINCT subject_id FROM subject_role WHERE organisation_id = ?")
                .param(organisationId)
                .query(UUID.class)
                .list();
    }

    /** Subjects linked to a service delivered through a role. */
    @Transactional(readOnly = true)
    public List<UUID> subjectsOfService(UUID serviceDeliveredId) {
        return jdbc.sql("SELECT DISTINCT subject_id FROM subject_role WHERE service_delivered_id = ?")
                .param(serviceDeliveredId)
                .query(UUID.class)
                .list();
    }

    @Transactional(readOnly = true)
    public long countSubjects() {
        return jdbc.sql("SELECT count(*) FROM subject").query(Long.class).single();
    }

    void requireSubject(UUID id) {
        if (jdbc.sql("SELECT count(*) FROM subject WHERE id = ?")
                        .param(id)
                        .query(Long.class)
                        .single()
                == 0) {
            throw new SubjectsException(Kind.NOT_FOUND, null, "Subject " + id + " does not exist");
        }
    }

    private List<StoredIdentifier> identifiers(UUID subjectId) {
        return jdbc.sql("SELECT * FROM subject_identifier WHERE subject_id = ? ORDER BY kind, value")
                .param(subjectId)
                .query((rs, n) -> new StoredIdentifier(
                        rs.getObject("id", UUID.class),
                        IdentifierKind.valueOf(rs.getString("kind")),
                        rs.getString("value"),
                        rs.getString("source_system"),
                        rs.getBoolean("shielded")))
                .list();
    }

    private List<RoleLink> roles(UUID subjectId) {
        return jdbc.sql("SELECT * FROM subject_role WHERE subject_id = ? ORDER BY role, created_at")
                .param(subjectId)
                .query((rs, n) -> new RoleLink(
                        rs.getObject("id", UUID.class),
                        SubjectRole.valueOf(rs.getString("role")),
                        rs.getObject("organisation_id", UUID.class),
                        rs.getObject("service_delivered_id", UUID.class),
                        rs.getString("note")))
                .list();
    }

    private UUID insertIdentifier(UUID subjectId, Identifier identifier, String sourceSystem, boolean shielded) {
        UUID id = UUID.randomUUID();
        int added = jdbc.sql("""
                        INSERT INTO subject_identifier (id, subject_id, kind, value, source_system, created_at,
                                                        shielded)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                        """)
                .params(
                        id,
                        subjectId,
                        identifier.kind().name(),
                        identifier.value(),
                        blankToNull(sourceSystem),
                        now(),
                        shielded)
                .update();
        return added == 0 ? null : id;
    }

    private UUID insertRole(UUID subjectId, NewRole role) {
        UUID id = UUID.randomUUID();
        int added = jdbc.sql("""
                        INSERT INTO subject_role (id, subject_id, role, organisation_id, service_delivered_id, note,
                                                  created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                        """)
                .params(
                        id,
                        subjectId,
                        role.role().name(),
                        role.organisationId(),
                        role.serviceDeliveredId(),
                        blankToNull(role.note()),
                        now())
                .update();
        return added == 0 ? null : id;
    }

    private void checkRole(String prefix, NewRole role) {
        String p = prefix.isEmpty() ? "" : prefix + ".";
        if (role == null || role.role() == null) {
            throw new SubjectsException(
                    Kind.INVALID, p + "role", "role must be one of " + List.of(SubjectRole.values()));
        }
        if (role.organisationId() == null && role.serviceDeliveredId() == null) {
            throw new SubjectsException(
                    Kind.INVALID, p + "organisationId", "a role needs an organisationId, a serviceDeliveredId or both");
        }
        if (role.organisationId() != null && organisation(role.organisationId()).isEmpty()) {
            throw new SubjectsException(Kind.INVALID, p + "organisationId", "organisationId names no organisation");
        }
        if (role.serviceDeliveredId() != null) {
            ServiceDelivered service = service(role.serviceDeliveredId())
                    .orElseThrow(() -> new SubjectsException(
                            Kind.INVALID, p + "serviceDeliveredId", "serviceDeliveredId names no service"));
            if (role.organisationId() != null && !service.organisationId().equals(role.organisationId())) {
                throw new SubjectsException(
                        Kind.INVALID, p + "serviceDeliveredId", "serviceDeliveredId belongs to another organisation");
            }
        }
        if (role.note() != null && role.note().length() > 500) {
            throw new SubjectsException(Kind.INVALID, p + "note", "note is longer than 500 characters");
        }
    }

    private static Identifier normalise(String prefix, NewIdentifier body) {
        String p = prefix == null ? "" : prefix + ".";
        if (body == null || body.kind() == null) {
            throw new SubjectsException(
                    Kind.INVALID, p + "kind", "kind must be one of " + List.of(IdentifierKind.values()));
        }
        // The same limit as a record's source system.
        if (body.sourceSystem() != null && body.sourceSystem().strip().length() > 100) {
            throw new SubjectsException(Kind.INVALID, p + "sourceSystem", "sourceSystem is longer than 100 characters");
        }
        if (body.isShielded() && body.kind() != IdentifierKind.PHONE) {
            throw new SubjectsException(Kind.INVALID, p + "shielded", "only a phone number can be shielded");
        }
        try {
            return Identifiers.normalise(body.kind(), body.value());
        } catch (InvalidIdentifierException e) {
            // The exception's message names the kind and the reason, never the value.
            throw new SubjectsException(Kind.INVALID, p + "value", e.getMessage());
        }
    }

    private void touch(UUID subjectId) {
        jdbc.sql("UPDATE subject SET updated_at = ? WHERE id = ?")
                .params(now(), subjectId)
                .update();
    }

    private static String kinds(List<Identifier> identifiers) {
        return identifiers.stream().map(i -> i.kind().name()).distinct().collect(Collectors.joining(","));
    }

    static void requireText(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new SubjectsException(Kind.INVALID, field, field + " is required");
        }
        if (value.length() > max) {
            throw new SubjectsException(Kind.INVALID, field, field + " is longer than " + max + " characters");
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static Organisation organisationRow(ResultSet rs, int n) throws SQLException {
        return new Organisation(
                rs.getObject("id", UUID.class),
                OrganisationKind.valueOf(rs.getString("kind")),
                rs.getString("name"),
                rs.getString("customer_number"),
                rs.getString("chamber_of_commerce_number"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    static ServiceDelivered serviceRow(ResultSet rs, int n) throws SQLException {
        return new ServiceDelivered(
                rs.getObject("id", UUID.class),
                rs.getObject("organisation_id", UUID.class),
                rs.getString("service_key"),
                rs.getString("reference"),
                rs.getObject("started_on", LocalDate.class),
                rs.getObject("ended_on", LocalDate.class),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}
