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

    public record Transfer(
            UUID id,
            String recipientKey,
            String recipientName,
            UUID subjectId,
            List<String> categories,
            Instant sentAt,
            String reference) {}

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

    private static Transfer map(java.sql.ResultSet rs, Register register) throws java.sql.SQLException {
        String key = rs.getString("recipient_key");
        return new Transfer(
                rs.getObject("id", UUID.class),
                key,
                register == null
                        ? key
                        : register.recipient(key).map(Recipient::name).orElse(key),
                rs.getObject("subject_id", UUID.class),
                List.of((String[]) rs.getArray("categories").getArray()),
                rs.getTimestamp("sent_at").toInstant(),
                rs.getString("reference"));
    }
}
