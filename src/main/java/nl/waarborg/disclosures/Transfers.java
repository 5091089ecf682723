package nl.waarborg.disclosures;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.audit.CurrentActor;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.Recipient;
import nl.waarborg.register.RecipientKind;
import nl.waarborg.register.Register;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import nl.waarborg.subjects.SubjectDirectory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The log of what went to which recipient for whom: reported by the sending systems through the API, checked against
 * the register (a recipient of the register, categories the register sends to it: the register stays the one truth),
 * idempotent by the sender's reference, and read back for the person's access answer. Authorities are not recipients
 * here: a disclosure on a demand goes in the disclosures log.
 */
@Service
public class Transfers {

    private final JdbcClient jdbc;
    private final Registers registers;
    private final SubjectDirectory directory;
    private final AuditTrail audit;
    private final CurrentActor actor;
    private final Clock clock;

    Transfers(
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

    /** One transfer reported: to whom (the path's recipient), for which person, what, when, under which reference. */
    public record NewTransfer(UUID subjectId, List<String> categories, Instant sentAt, String reference) {}

    /**
     * @param via {@code API} when a sending system reported it, {@code PORTABILITY} when Waarborg itself sent the
     *     person's data to the provider they chose (the recipient's name is then that provider's host)
     */
    public record Transfer(
            UUID id,
            String recipientKey,
            String recipientName,
            UUID subjectId,
            List<String> categories,
            Instant sentAt,
            String reference,
            String via) {}

    /** Key prefix of a portability transmission's recipient: no register recipient can carry a colon. */
    static final String PORTABILITY_PREFIX = "art20:";

    /** A transfer as recorded, and whether this call recorded it (false: the same reference came before). */
    public record Recorded(Transfer transfer, boolean created) {}

    /** Records the transfer; the same recipient, person and reference again answers the one recorded before. */
    @Transactional
    public Recorded record(String recipientKey, NewTransfer t) {
        Register register = registers
                .current()
                .map(RegisterVersion::register)
                .orElseThrow(() -> new DisclosuresException(Kind.CONFLICT, "recipient", "no register is in force yet"));
        Recipient recipient = register.recipient(recipientKey == null ? "" : recipientKey)
                .orElseThrow(() -> new DisclosuresException(
                        Kind.NOT_FOUND, "recipient", "the register has no recipient with this key"));
        if (recipient.kind() == RecipientKind.AUTHORITY) {
            throw new DisclosuresException(
                    Kind.INVALID, "recipient", "what goes to an authority is recorded in the disclosures log");
        }
        if (t == null || t.subjectId() == null) {
            throw new DisclosuresException(Kind.INVALID, "subjectId", "give the registered person the data was of");
        }
        if (!directory.exists(SubjectDirectory.Target.SUBJECT, t.subjectId())) {
            throw new DisclosuresException(Kind.NOT_FOUND, "subjectId", "no registered person has this id");
        }
        if (t.categories() == null || t.categories().isEmpty() || t.categories().size() > 100) {
            throw new DisclosuresException(Kind.INVALID, "categories", "name the register categories that were sent");
        }
        List<String> categories = new ArrayList<>();
        for (int i = 0; i < t.categories().size(); i++) {
            String key =
                    t.categories().get(i) == null ? "" : t.categories().get(i).strip();
            String field = "categories[" + i + "]";
            DataCategory row = register.category(key)
                    .orElseThrow(() -> new DisclosuresException(
                            Kind.INVALID, field, "names no category of the register in force"));
            if (!row.recipients().contains(recipient.key())) {
                throw new DisclosuresException(
                        Kind.INVALID,
                        field,
                        "the register does not send this category to this recipient: add the recipient to the"
                                + " category first");
            }
            if (!categories.contains(key)) {
                categories.add(key);
            }
        }
        Instant sent = t.sentAt() == null ? clock.instant() : t.sentAt();
        if (sent.isAfter(clock.instant().plusSeconds(300))) {
            throw new DisclosuresException(Kind.INVALID, "sentAt", "a transfer cannot lie in the future");
        }
        String reference = Disclosures.text("reference", t.reference(), Disclosures.MAX_SHORT, true);
        int inserted = jdbc.sql("""
                        INSERT INTO recipient_transfer (id, recipient_key, subject_id, categories, sent_at, reference,
                                                        recorded_by, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (recipient_key, subject_id, reference) DO NOTHING
                        """)
                .params(
                        UUID.randomUUID(),
                        recipient.key(),
                        t.subjectId(),
                        categories.toArray(String[]::new),
                        Timestamp.from(sent),
                        reference,
                        actor.current().reference(),
                        Timestamp.from(clock.instant()))
                .update();
        if (inserted == 1) {
            audit.record(AuditRecord.of(AuditAction.CREATE, "recipient_transfer", recipient.key())
                    .subject(t.subjectId())
                    .detail("categories", String.join(",", categories)));
        }
        Transfer recorded = jdbc.sql(
                        "SELECT * FROM recipient_transfer WHERE recipient_key = ? AND subject_id = ? AND reference = ?")
                .params(recipient.key(), t.subjectId(), reference)
                .query((rs, i) -> map(rs, register))
                .single();
        return new Recorded(recorded, inserted == 1);
    }

    /**
     * Records what Waarborg itself sent to the provider the person chose (Art. 20(2) GDPR), once per person and
     * request, so that a later access answer names that provider too. Called again after a send that was cut off, it
     * records nothing twice.
     */
    @Transactional
    public void transmitted(
            java.util.Collection<UUID> subjectIds,
            String destinationHost,
            List<String> categories,
            Instant sentAt,
            String requestReference) {
        String key = PORTABILITY_PREFIX + destinationHost;
        List<String> sent = categories.stream().filter(c -> !"-".equals(c)).toList();
        for (UUID subject : subjectIds) {
            int inserted = jdbc.sql("""
                            INSERT INTO recipient_transfer (id, recipient_key, subject_id, categories, sent_at,
                                                            reference, recorded_by, created_at, via)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PORTABILITY')
                            ON CONFLICT (recipient_key, subject_id, reference) DO NOTHING
                            """)
                    .params(
                            UUID.randomUUID(),
                            key,
                            subject,
                            sent.toArray(String[]::new),
                            Timestamp.from(sentAt),
                            requestReference,
                            actor.current().reference(),
                            Timestamp.from(clock.instant()))
                    .update();
            if (inserted == 1) {
                audit.record(AuditRecord.of(AuditAction.CREATE, "recipient_transfer", key)
                        .subject(subject)
                        .purpose(requestReference)
                        .detail("categories", String.join(",", sent)));
            }
        }
    }

    /** What went where for the person, oldest first; audited as a read with the purpose. */
    @Transactional
    public List<Transfer> of(UUID subjectId, String purpose) {
        Register register = registers.current().map(RegisterVersion::register).orElse(null);
        List<Transfer> all = jdbc.sql("SELECT * FROM recipient_transfer WHERE subject_id = ? ORDER BY sent_at, id")
                .param(subjectId)
                .query((rs, i) -> map(rs, register))
                .list();
        if (!all.isEmpty()) {
            audit.record(AuditRecord.of(AuditAction.READ, "recipient_transfer", "subject")
                    .subject(subjectId)
                    .purpose(purpose)
                    .detail("transfers", Integer.toString(all.size())));
        }
        return all;
    }

    /** Per recipient (and how it became known) the number of transfers and people and the last one: counts only. */
    public record RecipientTotal(
            String recipientKey, String recipientName, String via, long transfers, long people, Instant last) {}

    public List<RecipientTotal> totals() {
        Register register = registers.current().map(RegisterVersion::register).orElse(null);
        return jdbc.sql("""
                        SELECT recipient_key, via, count(*) AS transfers, count(DISTINCT subject_id) AS people,
                               max(sent_at) AS last
                          FROM recipient_transfer GROUP BY recipient_key, via ORDER BY recipient_key, via
                        """)
                .query((rs, i) -> new RecipientTotal(
                        rs.getString("recipient_key"),
                        name(rs.getString("recipient_key"), register),
                        rs.getString("via"),
                        rs.getLong("transfers"),
                        rs.getLong("people"),
                        rs.getTimestamp("last").toInstant()))
                .list();
    }

    /** The most a listing or an export answers in one go; narrow by recipient or period for more. */
    public static final int MAX_LISTED = 50_000;

    /**
     * The transfers to one recipient (null: all) sent in a period of Dutch days (each end optional), newest first, at
     * most {@code limit}; audited as one read with the purpose and the number of people.
     */
    @Transactional
    public List<Transfer> list(
            String recipientKey, java.time.LocalDate from, java.time.LocalDate to, int limit, String purpose) {
        if (from != null && (from.getYear() < 1900 || from.getYear() > 2200)) {
            throw new DisclosuresException(Kind.INVALID, "from", "give a day between the years 1900 and 2200");
        }
        if (to != null && (to.getYear() < 1900 || to.getYear() > 2200)) {
            throw new DisclosuresException(Kind.INVALID, "to", "give a day between the years 1900 and 2200");
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new DisclosuresException(Kind.INVALID, "to", "the period ends before it starts");
        }
        String key = recipientKey == null || recipientKey.isBlank() ? null : recipientKey.strip();
        if (key != null && (key.length() > 300 || key.chars().anyMatch(c -> c < 0x20))) {
            throw new DisclosuresException(Kind.INVALID, "recipient", "names no recipient");
        }
        java.time.ZoneId amsterdam = java.time.ZoneId.of("Europe/Amsterdam");
        Timestamp start = from == null
                ? null
                : Timestamp.from(from.atStartOfDay(amsterdam).toInstant());
        Timestamp end = to == null
                ? null
                : Timestamp.from(to.plusDays(1).atStartOfDay(amsterdam).toInstant());
        Register register = registers.current().map(RegisterVersion::register).orElse(null);
        List<Transfer> found = jdbc.sql("""
                        SELECT * FROM recipient_transfer
                         WHERE (CAST(? AS text) IS NULL OR recipient_key = ?)
                           AND (CAST(? AS timestamptz) IS NULL OR sent_at >= ?)
                           AND (CAST(? AS timestamptz) IS NULL OR sent_at < ?)
                         ORDER BY sent_at DESC, id LIMIT ?
                        """)
                .params(key, key, start, start, end, end, Math.max(1, Math.min(limit, MAX_LISTED)))
                .query((rs, i) -> map(rs, register))
                .list();
        if (!found.isEmpty()) {
            audit.record(AuditRecord.of(AuditAction.READ, "recipient_transfer", key == null ? "all" : key)
                    .purpose(purpose)
                    .detail("transfers", Integer.toString(found.size()))
                    .detail(
                            "people",
                            Long.toString(found.stream()
                                    .map(Transfer::subjectId)
                                    .distinct()
                                    .count())));
        }
        return found;
    }

    private static String name(String key, Register register) {
        if (key.startsWith(PORTABILITY_PREFIX)) {
            return key.substring(PORTABILITY_PREFIX.length());
        }
        return register == null
                ? key
                : register.recipient(key).map(Recipient::name).orElse(key);
    }

    private static Transfer map(java.sql.ResultSet rs, Register register) throws java.sql.SQLException {
        String key = rs.getString("recipient_key");
        return new Transfer(
                rs.getObject("id", UUID.class),
                key,
                name(key, register),
                rs.getObject("subject_id", UUID.class),
                List.of((String[]) rs.getArray("categories").getArray()),
                rs.getTimestamp("sent_at").toInstant(),
                rs.getString("reference"),
                rs.getString("via"));
    }
}
