package nl.waarborg.disclosures;

import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.audit.CurrentActor;
import nl.waarborg.disclosures.Disclosure.LegalBasis;
import nl.waarborg.disclosures.Disclosure.Tell;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.Registers;
import nl.waarborg.retention.LegalHolds;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.Identifiers;
import nl.waarborg.subjects.SubjectDirectory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The log of disclosures to authorities. Recording one about a registered person holds all of their data (a legal
 * hold, lifted when the disclosure is closed); a number no registered person carries is recorded as such, without a
 * hold. Every view of the log is audited, by the disclosure's reference and the subject's id; the authority's demand
 * text and the number never reach the audit trail.
 */
@Service
public class Disclosures {

    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    static final int MAX_TEXT = 2_000;
    static final int MAX_SHORT = 200;
    /** A running demand's hold is looked at again after this long: a demand that runs longer is reviewed, not forgotten. */
    static final int HOLD_REVIEW_MONTHS = 3;

    private final JdbcClient jdbc;
    private final SubjectDirectory directory;
    private final Registers registers;
    private final LegalHolds holds;
    private final AuditTrail audit;
    private final CurrentActor actor;
    private final Clock clock;

    Disclosures(
            JdbcClient jdbc,
            SubjectDirectory directory,
            Registers registers,
            LegalHolds holds,
            AuditTrail audit,
            CurrentActor actor,
            Clock clock) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.registers = registers;
        this.holds = holds;
        this.audit = audit;
        this.actor = actor;
        this.clock = clock;
    }

    /**
     * What staff enter for a demand. {@code subjectId} or {@code phone} says whom it concerns; {@code tell} is
     * {@code YES}, {@code NOT_YET} (then {@code tellFrom}) or {@code NEVER}.
     */
    public record NewDisclosure(
            String authority,
            String legalBasis,
            String basisNote,
            String demandReference,
            Instant receivedAt,
            UUID subjectId,
            String phone,
            List<String> categories,
            LocalDate periodFrom,
            LocalDate periodTo,
            String provided,
            String tell,
            LocalDate tellFrom) {}

    @Transactional
    public Disclosure record(NewDisclosure d) {
        if (d == null) {
            throw new DisclosuresException(
                    Kind.INVALID, "authority", "give the authority, the legal basis and the demand");
        }
        String authority = text("authority", d.authority(), MAX_SHORT, true);
        LegalBasis basis = option(LegalBasis.class, d.legalBasis(), "legalBasis");
        String note = text("basisNote", d.basisNote(), MAX_TEXT, basis == LegalBasis.OTHER);
        String demand = text("demandReference", d.demandReference(), MAX_SHORT, true);
        if (d.receivedAt() == null) {
            throw new DisclosuresException(Kind.INVALID, "receivedAt", "give when the demand was received");
        }
        if (d.receivedAt().isAfter(clock.instant().plusSeconds(300))) {
            throw new DisclosuresException(Kind.INVALID, "receivedAt", "a demand cannot be received in the future");
        }
        UUID subject = d.subjectId();
        String phone = null;
        if (subject != null) {
            if (d.phone() != null && !d.phone().isBlank()) {
                throw new DisclosuresException(
                        Kind.INVALID, "phone", "give the registered person or a number, not both");
            }
            if (!directory.exists(SubjectDirectory.Target.SUBJECT, subject)) {
                throw new DisclosuresException(Kind.NOT_FOUND, "subjectId", "no registered person has this id");
            }
        } else {
            if (d.phone() == null || d.phone().isBlank()) {
                throw new DisclosuresException(
                        Kind.INVALID, "subjectId", "say whom the demand concerns: a registered person or a number");
            }
            phone = phone(d.phone());
            // A number a registered person carries is that person: their data is held as a whole.
            List<UUID> carriers =
                    directory.find(new Identifier(IdentifierKind.PHONE, phone), "disclosure to an authority");
            if (carriers.size() == 1) {
                subject = carriers.get(0);
                phone = null;
            }
        }
        List<String> categories = categories(d.categories());
        if (d.periodFrom() != null && d.periodTo() != null && d.periodTo().isBefore(d.periodFrom())) {
            throw new DisclosuresException(Kind.INVALID, "periodTo", "the period ends before it starts");
        }
        String provided = text("provided", d.provided(), MAX_TEXT, false);
        Tell tell = option(Tell.class, d.tell(), "tell");
        if (tell == Tell.NOT_YET && d.tellFrom() == null) {
            throw new DisclosuresException(
                    Kind.INVALID, "tellFrom", "give from when the person may be told, or choose never");
        }
        if (tell != Tell.NOT_YET && d.tellFrom() != null) {
            throw new DisclosuresException(
                    Kind.INVALID, "tellFrom", "a date from which to tell goes with NOT_YET only");
        }
        // A counter, never the rows left: a demand deleted by retention must not give its reference to a new one. The
        // row lock on the year's counter keeps two demands recorded at once from taking the same number.
        int year = Year.now(clock.withZone(AMSTERDAM)).getValue();
        int n = jdbc.sql("""
                        INSERT INTO disclosure_reference_counter AS c (year, last) VALUES (?, 1)
                        ON CONFLICT (year) DO UPDATE SET last = c.last + 1 RETURNING last
                        """).param(year).query(Integer.class).single();
        String reference = String.format("VS-%d-%04d", year, n);
        UUID hold = subject == null
                ? null
                : holds.holdSubject(
                        subject,
                        "Vordering van " + authority + " (" + basis.name() + "): gegevens bewaren zolang die loopt",
                        "disclosure:" + reference,
                        LocalDate.now(clock.withZone(AMSTERDAM)).plusMonths(HOLD_REVIEW_MONTHS));
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO authority_disclosure (id, reference, authority, legal_basis, basis_note,
                            demand_reference, received_at, subject_id, phone, categories, period_from, period_to,
                            provided, tell, tell_from, hold_id, handled_by, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        id,
                        reference,
                        authority,
                        basis.name(),
                        note,
                        demand,
                        Timestamp.from(d.receivedAt()),
                        subject,
                        phone,
                        categories.toArray(String[]::new),
                        date(d.periodFrom()),
                        date(d.periodTo()),
                        provided,
                        tell.name(),
                        date(d.tellFrom()),
                        hold,
                        actor.current().reference(),
                        Timestamp.from(clock.instant()))
                .update();
        Disclosure created = require(reference);
        audited(AuditAction.CREATE, created, "record");
        return created;
    }

    /** Records that the demand was answered, when and with what (in words); a later answer replaces it. */
    @Transactional
    public Disclosure answer(String reference, Instant answeredAt, String provided) {
        Disclosure d = openOne(reference);
        Instant at = answeredAt == null ? clock.instant() : answeredAt;
        if (at.isBefore(d.receivedAt())) {
            throw new DisclosuresException(Kind.INVALID, "answeredAt", "a demand is answered after it was received");
        }
        if (at.isAfter(clock.instant().plusSeconds(300))) {
            throw new DisclosuresException(Kind.INVALID, "answeredAt", "an answer cannot lie in the future");
        }
        // The answer says what went, every time: an answer without it would record nothing checkable.
        String what = text("provided", provided, MAX_TEXT, true);
        jdbc.sql("UPDATE authority_disclosure SET answered_at = ?, provided = ? WHERE id = ?")
                .params(Timestamp.from(at), what, d.id())
                .update();
        Disclosure after = require(reference);
        audited(AuditAction.UPDATE, after, "answer");
        return after;
    }

    /** Closes the demand: the hold on the person's data is lifted, what it kept becomes due at the next run. */
    @Transactional
    public Disclosure close(String reference, String note) {
        Disclosure d = openOne(reference);
        if (d.answeredAt() == null) {
            throw new DisclosuresException(
                    Kind.CONFLICT, "answeredAt", "record the answer before closing: a closed demand keeps no hold");
        }
        String why = text("note", note, MAX_TEXT, true);
        if (d.holdId() != null) {
            holds.release(d.holdId(), "Vordering " + d.reference() + " afgesloten");
        }
        jdbc.sql("UPDATE authority_disclosure SET closed_at = ?, closed_note = ? WHERE id = ?")
                .params(Timestamp.from(clock.instant()), why, d.id())
                .update();
        Disclosure after = require(reference);
        audited(AuditAction.UPDATE, after, "close");
        return after;
    }

    /** The log, newest first; a look at it is audited once, with the number shown. */
    @Transactional
    public List<Disclosure> list(boolean openOnly) {
        List<Disclosure> all = jdbc.sql("SELECT * FROM authority_disclosure"
                        + (openOnly ? " WHERE closed_at IS NULL" : "")
                        + " ORDER BY received_at DESC, reference DESC")
                .query(Disclosures::map)
                .list();
        audit.record(AuditRecord.of(AuditAction.READ, "authority_disclosure", "list")
                .detail("shown", Integer.toString(all.size())));
        return all;
    }

    /** One disclosure, audited as a read of it (and of the person it concerns). */
    @Transactional
    public Optional<Disclosure> view(String reference) {
        Optional<Disclosure> d = find(reference);
        d.ifPresent(x -> audited(AuditAction.READ, x, "view"));
        return d;
    }

    /**
     * The disclosures about the person that an access answer on {@code day} names (Art. 15(1)(c)); the others stay
     * out. Audited as a read with the purpose.
     */
    @Transactional
    public List<Disclosure> tellable(UUID subjectId, LocalDate day, String purpose) {
        List<Disclosure> about = jdbc.sql(
                        "SELECT * FROM authority_disclosure WHERE subject_id = ? ORDER BY received_at")
                .param(subjectId)
                .query(Disclosures::map)
                .list();
        List<Disclosure> told = about.stream().filter(d -> d.tellable(day)).toList();
        if (!about.isEmpty()) {
            audit.record(AuditRecord.of(AuditAction.READ, "authority_disclosure", "subject")
                    .subject(subjectId)
                    .purpose(purpose)
                    .detail("named", Integer.toString(told.size()))
                    .detail("withheld", Integer.toString(about.size() - told.size())));
        }
        return told;
    }

    private Disclosure openOne(String reference) {
        Disclosure d = find(reference)
                .orElseThrow(() ->
                        new DisclosuresException(Kind.NOT_FOUND, "reference", "no disclosure has this reference"));
        if (!d.open()) {
            throw new DisclosuresException(Kind.CONFLICT, "reference", "this demand is closed");
        }
        return d;
    }

    Disclosure require(String reference) {
        return find(reference).orElseThrow();
    }

    private Optional<Disclosure> find(String reference) {
        if (reference == null || !reference.matches("VS-\\d{4}-\\d{4,6}")) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT * FROM authority_disclosure WHERE reference = ?")
                .param(reference)
                .query(Disclosures::map)
                .optional();
    }

    /** By reference and subject id: the authority's text, the demand and the number stay out of the trail. */
    private void audited(AuditAction action, Disclosure d, String step) {
        AuditRecord entry = AuditRecord.of(action, "authority_disclosure", d.reference())
                .detail("step", step)
                .detail("legalBasis", d.legalBasis().name());
        if (d.subjectId() != null) {
            entry = entry.subject(d.subjectId());
        }
        audit.record(entry);
    }

    private List<String> categories(List<String> keys) {
        if (keys == null || keys.isEmpty()) {
            throw new DisclosuresException(
                    Kind.INVALID, "categories", "name the register categories that were asked for or provided");
        }
        if (keys.size() > 100) {
            throw new DisclosuresException(Kind.INVALID, "categories", "at most 100 categories");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i) == null ? "" : keys.get(i).strip();
            boolean known =
                    registers.current().flatMap(v -> v.register().category(key)).isPresent();
            if (!known) {
                throw new DisclosuresException(
                        Kind.INVALID, "categories[" + i + "]", "names no category of the register in force");
            }
            if (!out.contains(key)) {
                out.add(key);
            }
        }
        return out;
    }

    private static String phone(String raw) {
        try {
            return Identifiers.normalise(IdentifierKind.PHONE, raw).value();
        } catch (RuntimeException e) {
            throw new DisclosuresException(Kind.INVALID, "phone", "phone is not a phone number Waarborg can read");
        }
    }

    static String text(String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new DisclosuresException(Kind.INVALID, field, field + " is required");
            }
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            throw new DisclosuresException(Kind.INVALID, field, field + " is longer than " + max + " characters");
        }
        if (v.indexOf('\0') >= 0) {
            throw new DisclosuresException(Kind.INVALID, field, field + " contains a NUL character");
        }
        return v;
    }

    static <E extends Enum<E>> E option(Class<E> type, String value, String field) {
        if (value == null || value.isBlank()) {
            throw new DisclosuresException(Kind.INVALID, field, field + " is required");
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new DisclosuresException(Kind.INVALID, field, field + " has no such value");
        }
    }

    private static Date date(LocalDate d) {
        return d == null ? null : Date.valueOf(d);
    }

    private static Disclosure map(ResultSet rs, int row) throws SQLException {
        Array cats = rs.getArray("categories");
        return new Disclosure(
                rs.getObject("id", UUID.class),
                rs.getString("reference"),
                rs.getString("authority"),
                LegalBasis.valueOf(rs.getString("legal_basis")),
                rs.getString("basis_note"),
                rs.getString("demand_reference"),
                instant(rs.getTimestamp("received_at")),
                instant(rs.getTimestamp("answered_at")),
                rs.getObject("subject_id", UUID.class),
                rs.getString("phone"),
                cats == null ? List.of() : List.of((String[]) cats.getArray()),
                local(rs.getDate("period_from")),
                local(rs.getDate("period_to")),
                rs.getString("provided"),
                Tell.valueOf(rs.getString("tell")),
                local(rs.getDate("tell_from")),
                rs.getObject("hold_id", UUID.class),
                rs.getString("handled_by"),
                instant(rs.getTimestamp("closed_at")),
                rs.getString("closed_note"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static LocalDate local(Date d) {
        return d == null ? null : d.toLocalDate();
    }
}
