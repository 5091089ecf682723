package nl.waarborg.subjects.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import nl.waarborg.register.RetentionAnchor;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.SubjectRole;
import tools.jackson.databind.JsonNode;

/** The records the subjects module reads and writes; ids reference other aggregates. */
public final class Model {

    private Model() {}

    public enum OrganisationKind {
        BUSINESS,
        CONSUMER
    }

    public record Organisation(
            UUID id,
            OrganisationKind kind,
            String name,
            String customerNumber,
            String chamberOfCommerceNumber,
            Instant createdAt,
            Instant updatedAt) {}

    public record NewOrganisation(
            OrganisationKind kind, String name, String customerNumber, String chamberOfCommerceNumber) {}

    public record ServiceDelivered(
            UUID id,
            UUID organisationId,
            String serviceKey,
            String reference,
            LocalDate startedOn,
            LocalDate endedOn,
            Instant createdAt,
            Instant updatedAt) {}

    public record NewServiceDelivered(String serviceKey, String reference, LocalDate startedOn, LocalDate endedOn) {}

    /** @param shielded a phone number kept out of directories and caller display ("afgeschermd") */
    public record StoredIdentifier(UUID id, IdentifierKind kind, String value, String sourceSystem, boolean shielded) {}

    public record RoleLink(UUID id, SubjectRole role, UUID organisationId, UUID serviceDeliveredId, String note) {}

    public record NewRole(SubjectRole role, UUID organisationId, UUID serviceDeliveredId, String note) {}

    /** @param shielded only for a phone number: kept out of directories and caller display; null is no */
    public record NewIdentifier(IdentifierKind kind, String value, String sourceSystem, Boolean shielded) {

        public NewIdentifier(IdentifierKind kind, String value, String sourceSystem) {
            this(kind, value, sourceSystem, null);
        }

        boolean isShielded() {
            return Boolean.TRUE.equals(shielded);
        }
    }

    /** @param language {@code nl} or {@code en} when known: the language letters to the person are written in */
    public record Subject(
            UUID id,
            String displayName,
            String externalRef,
            Instant createdAt,
            Instant updatedAt,
            List<StoredIdentifier> identifiers,
            List<RoleLink> roles,
            String language) {}

    /** @param language {@code nl} or {@code en}, or null when not known */
    public record NewSubject(
            String displayName,
            String externalRef,
            List<NewIdentifier> identifiers,
            List<NewRole> roles,
            String language) {

        public NewSubject(
                String displayName, String externalRef, List<NewIdentifier> identifiers, List<NewRole> roles) {
            this(displayName, externalRef, identifiers, roles, null);
        }
    }
    /**
     * A record of the built-in store without its payload.
     *
     * @param category the register category (row) key once {@code assigned}; until then the key it was stored with
     * @param assigned whether {@code category} is a row of the register
     * @param givenCategory the key the record was stored with, as its source named it
     * @param restrictedAt when the record was restricted to storage only (Art. 18), null when it is not
     */
    public record StoredRecord(
            UUID id,
            String category,
            boolean assigned,
            String givenCategory,
            List<UUID> subjectIds,
            UUID organisationId,
            UUID serviceDeliveredId,
            String serviceKey,
            String sourceSystem,
            String reference,
            Instant createdAt,
            Instant updatedAt,
            Instant collectedAt,
            Instant lastContactAt,
            LocalDate invoiceDate,
            LocalDate serviceEndedOn,
            String retentionPeriod,
            RetentionAnchor retentionAnchor,
            boolean sensitive,
            String keyId,
            Instant restrictedAt) {}

    /**
     * A record to store.
     *
     * @param category a register category key ({@code customer-credentials}), or a vocabulary key
     *     ({@code user.contact.email}) that the record is assigned to the one register category covering it by
     * @param retentionAnchor the register's anchor name or key ({@code INVOICE_DATE}, {@code invoice-date})
     */
    public record NewRecord(
            String category,
            List<UUID> subjectIds,
            UUID organisationId,
            UUID serviceDeliveredId,
            String sourceSystem,
            String reference,
            Instant collectedAt,
            Instant lastContactAt,
            LocalDate invoiceDate,
            String retentionPeriod,
            String retentionAnchor,
            Boolean sensitive,
            JsonNode payload) {}

    public record RecordContent(StoredRecord record, JsonNode payload) {}

    public record Recording(
            UUID id,
            String callId,
            String caller,
            String callee,
            Instant startedAt,
            Integer durationSeconds,
            String serviceKey,
            UUID serviceDeliveredId,
            String contentType,
            long sizeBytes,
            String sha256,
            Instant createdAt,
            List<UUID> subjectIds,
            boolean encrypted,
            Instant restrictedAt) {}

    public record NewRecording(
            String callId,
            String caller,
            String callee,
            Instant startedAt,
            Integer durationSeconds,
            String serviceKey,
            UUID serviceDeliveredId,
            String contentType) {}
}
