package nl.waarborg.subjects.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import nl.waarborg.audit.Actor;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.audit.CurrentActor;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.ClientOrganisation;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import nl.waarborg.subjects.SubjectDirectory;
import nl.waarborg.subjects.SubjectsException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Links an organisation to the register's client organisation it is ({@code clients[].key}), so that what is kept for
 * it under a category the client controls is known to be the client's.
 */
@Service
public class RegisterClientLinks {

    private final JdbcClient jdbc;
    private final Registers registers;
    private final SubjectDirectory directory;
    private final AuditTrail audit;
    private final CurrentActor actor;
    private final Clock clock;

    RegisterClientLinks(
            JdbcClient jdbc,
            Registers registers,
            SubjectDirectory directory,
            AuditTrail audit,
            CurrentActor actor,
            Clock clock) {
        this.jdbc = jdbc;
        this.registers = registers;
        this.directory = directory;
        this.audit = audit;
        this.actor = actor;
        this.clock = clock;
    }

    /** Links the organisation to the client with this key, or unlinks it when the key is null or blank. */
    @Transactional
    public Optional<String> link(UUID organisationId, String clientKey) {
        if (organisationId == null || !directory.exists(SubjectDirectory.Target.ORGANISATION, organisationId)) {
            throw new SubjectsException(Kind.NOT_FOUND, "organisationId", "no organisation has this id");
        }
        if (clientKey == null || clientKey.isBlank()) {
            jdbc.sql("DELETE FROM organisation_register_client WHERE organisation_id = ?")
                    .param(organisationId)
                    .update();
            audit.record(AuditRecord.of(AuditAction.UPDATE, "organisation", organisationId)
                    .detail("registerClient", "-"));
            return Optional.empty();
        }
        String key = clientKey.strip();
        boolean known = registers
                .current()
                .map(RegisterVersion::register)
                .map(r -> r.clients().stream().map(ClientOrganisation::key).anyMatch(key::equals))
                .orElse(false);
        if (!known) {
            throw new SubjectsException(
                    Kind.INVALID, "registerClient", "the register in force has no client organisation with this key");
        }
        Actor by = actor.current();
        jdbc.sql("""
                        INSERT INTO organisation_register_client (organisation_id, client_key, linked_at, linked_by)
                        VALUES (?, ?, ?, ?)
                        ON CONFLICT (organisation_id) DO UPDATE SET client_key = excluded.client_key,
                               linked_at = excluded.linked_at, linked_by = excluded.linked_by
                        """)
                .params(organisationId, key, Timestamp.from(clock.instant()), by.reference())
                .update();
        audit.record(AuditRecord.of(AuditAction.UPDATE, "organisation", organisationId)
                .detail("registerClient", key));
        return Optional.of(key);
    }
}
