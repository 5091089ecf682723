package nl.waarborg.breaches;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.audit.CurrentActor;
import nl.waarborg.breaches.Breach.Exemption;
import nl.waarborg.breaches.Breach.Nature;
import nl.waarborg.breaches.Breach.Risk;
import nl.waarborg.breaches.Breach.State;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.OrganisationProfile;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The breach register: report a breach, complete its facts as they come, record the risk decision with its reasons,
 * the notice to the authority (late only with the reasons for the delay, Art. 33(1)), the people told, and close it.
 * Every step is a state change in one transaction with its history entry and its audit entry (by reference: facts may
 * describe people, so they never reach the audit trail).
 */
@Service
public class Breaches {

    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    static final int MAX_TEXT = 10_000;
    /** A provider whose register says {@code kinds: [telecom, …]} offers public electronic communications. */
    public static final String TELECOM_KIND = "telecom";

    private final JdbcClient jdbc;
    private final Registers registers;
    private final AuditTrail audit;
    private final CurrentActor actor;
    private final Clock clock;

    Breaches(JdbcClient jdbc, Registers registers, AuditTrail audit, CurrentActor actor, Clock clock) {
        this.jdbc = jdbc;
        this.registers = registers;
        this.audit = audit;
        this.actor = actor;
        this.clock = clock;
    }

    /**
     * What is known of a breach; on report, everything but the title, the description, the moment of awareness and the
     * nature may still be unknown (null).
     *
     * @param categories register category keys concerned
     */
    public record Facts(
            String title,
            String description,
            Instant startedAt,
            Instant awareAt,
            Boolean ongoing,
            List<Nature> nature,
            List<String> categories,
            Integer peopleApprox,
            Integer recordsApprox,
            Boolean encrypted,
            Boolean keySafe,
            String consequences,
            String measuresTaken,
            String measuresPlanned) {}

    /** The decision on notifying, with its reasons (always required: the register must show why). */
    public record Assessment(
            Risk risk, Boolean notifyAuthority, Boolean notifyPeople, Exemption peopleExemption, String reasons) {}

    /**
     * The notice to the authority as sent: the reference the authority gave, when, and, when it went after the
     * deadline, why (Art. 33(1)). A follow-up (phased notice, Art. 33(4)) carries what was added.
     */
    public record AuthorityNotice(String authorityReference, Instant sentAt, String delayReasons, String followUp) {}

    @Transactional
    public Breach report(Facts facts) {
        Facts f = valid(facts, true);
        int hours = telecom() ? 24 : 72;
        // A counter, never the rows left: a breach deleted by retention must not give its reference to a new one. The
        // row lock on the year's counter keeps two breaches reported at once from taking the same number.
        int year = Year.now(clock.withZone(AMSTERDAM)).getValue();
        int n = jdbc.sql("""
                        INSERT INTO breach_reference_counter AS c (year, last) VALUES (?, 1)
                        ON CONFLICT (year) DO UPDATE SET last = c.last + 1 RETURNING last
                        """).param(year).query(Integer.class).single();
        String reference = String.format("DL-%d-%04d", year, n);
        String by = actor.current().reference();
        jdbc.sql("""
                        INSERT INTO breach (id, reference, title, description, started_at, aware_at, ongoing, nature,
                                            categories, people_approx, records_approx, encrypted, key_safe,
                                            consequences, measures_taken, measures_planned, state, deadline_hours,
                                            reported_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'REPORTED', ?, ?)
                        """)
                .params(
                        UUID.randomUUID(),
                        reference,
                        f.title(),
                        f.description(),
                        ts(f.startedAt()),
                        ts(f.awareAt()),
                        Boolean.TRUE.equals(f.ongoing()),
                        f.nature().stream().map(Enum::name).toArray(String[]::new),
                        f.categories().toArray(String[]::new),
                        f.peopleApprox(),
                        f.recordsApprox(),
                        Boolean.TRUE.equals(f.encrypted()),
                        Boolean.TRUE.equals(f.keySafe()),
                        f.consequences(),
                        f.measuresTaken(),
                        f.measuresPlanned(),
                        hours,
                        by)
                .update();
        Breach b = require(reference);
        history(b, "REPORTED", "deadline " + hours + " h");
        audit(AuditAction.CREATE, b);
        return b;
    }

    /** Completes or corrects the facts; fields left null keep what is known. Refused once the breach is closed. */
    @Transactional
    public Breach update(String reference, Facts facts) {
        Breach b = lock(reference);
        if (b.state() == State.CLOSED) {
            throw new BreachException(Kind.CONFLICT, "state", "the breach is closed; its record stays as it was");
        }
        Facts f = valid(facts, false);
        if (f.awareAt() != null && !f.awareAt().equals(b.awareAt())) {
            throw new BreachException(
                    Kind.INVALID,
                    "awareAt",
                    "the moment of awareness starts the legal clock and is not moved afterwards; note a correction in"
                            + " the description");
        }
        if (b.peopleExemption() == Exemption.ENCRYPTED
                && (Boolean.FALSE.equals(f.encrypted()) || Boolean.FALSE.equals(f.keySafe()))) {
            throw new BreachException(
                    Kind.CONFLICT,
                    Boolean.FALSE.equals(f.encrypted()) ? "encrypted" : "keySafe",
                    "the decision not to tell the people rests on the encryption: take the decision again first");
        }
        Instant started = f.startedAt() != null ? f.startedAt() : b.startedAt();
        if (started != null && started.isAfter(b.awareAt())) {
            throw new BreachException(Kind.INVALID, "startedAt", "a breach cannot start after it was discovered");
        }
        jdbc.sql("""
                        UPDATE breach SET title = coalesce(?, title), description = coalesce(?, description),
                               started_at = coalesce(?, started_at), ongoing = coalesce(?, ongoing),
                               nature = coalesce(?, nature), categories = coalesce(?, categories),
                               people_approx = coalesce(?, people_approx), records_approx = coalesce(?, records_approx),
                               encrypted = coalesce(?, encrypted), key_safe = coalesce(?, key_safe),
                               consequences = coalesce(?, consequences), measures_taken = coalesce(?, measures_taken),
                               measures_planned = coalesce(?, measures_planned), version = version + 1
                         WHERE reference = ?
                        """)
                .params(
                        f.title(),
                        f.description(),
                        ts(f.startedAt()),
                        f.ongoing(),
                        f.nature() == null || f.nature().isEmpty()
                                ? null
                                : f.nature().stream().map(Enum::name).toArray(String[]::new),
                        f.categories() == null ? null : f.categories().toArray(String[]::new),
                        f.peopleApprox(),
                        f.recordsApprox(),
                        f.encrypted(),
                        f.keySafe(),
                        f.consequences(),
                        f.measuresTaken(),
                        f.measuresPlanned(),
                        reference)
                .update();
        Breach after = require(reference);
        history(after, "UPDATED", null);
        audit(AuditAction.UPDATE, after);
        return after;
    }

    /**
     * Records the risk decision. A risk means the authority is told (Art. 33(1)); a high risk means the people are told
     * too (Art. 34(1)) unless an exemption of Art. 34(3) applies; only a breach unlikely to result in a risk may stay
     * in the register alone. May be taken again while no notice went out.
     */
    @Transactional
    public Breach assess(String reference, Assessment a) {
        Breach b = lock(reference);
        if (b.state() == State.NOTIFIED || b.state() == State.CLOSED) {
            throw new BreachException(
                    Kind.CONFLICT,
                    "state",
                    "the decision is carried out: the breach is "
                            + b.state().name().toLowerCase());
        }
        if (a == null || a.risk() == null) {
            throw new BreachException(Kind.INVALID, "risk", "risk is UNLIKELY, RISK or HIGH");
        }
        String reasons = text("reasons", a.reasons());
        if (reasons == null) {
            throw new BreachException(
                    Kind.INVALID, "reasons", "give the reasons for the decision: the register must show why");
        }
        // A provider of public electronic communications notifies every breach (Regulation 611/2013, Art. 2), and
        // tells the people when it is likely to affect them adversely (Art. 3), not only at a high risk.
        boolean telecom = b.deadlineHours() == 24;
        boolean authority = telecom || a.risk() != Risk.UNLIKELY;
        if (a.notifyAuthority() != null && a.notifyAuthority() != authority) {
            throw new BreachException(
                    Kind.INVALID,
                    "notifyAuthority",
                    telecom
                            ? "a provider of public electronic communications notifies every breach to the authority"
                                    + " (Regulation 611/2013, Art. 2)"
                            : authority
                                    ? "a breach likely to result in a risk is notified to the authority (Art. 33(1))"
                                    : "a breach unlikely to result in a risk is recorded, not notified; assess it as a"
                                            + " risk to notify it");
        }
        boolean mustTell = a.risk() == Risk.HIGH || (telecom && a.risk() == Risk.RISK);
        boolean people;
        if (mustTell) {
            if (a.peopleExemption() == null && Boolean.FALSE.equals(a.notifyPeople())) {
                throw new BreachException(
                        Kind.INVALID,
                        "peopleExemption",
                        "people are told of this breach (Art. 34(1); for telecom, Regulation 611/2013 Art. 3) unless"
                                + " an exemption applies: give ENCRYPTED, MEASURES_TAKEN or DISPROPORTIONATE");
            }
            // Disproportionate effort replaces the letters by a public notice, which is recorded like them.
            people = a.peopleExemption() == null || a.peopleExemption() == Exemption.DISPROPORTIONATE;
        } else {
            if (a.peopleExemption() != null) {
                throw new BreachException(
                        Kind.INVALID,
                        "peopleExemption",
                        "an exemption is for a breach the people must be told of; this one they need not be");
            }
            // Telling people of a lower risk is allowed and often wise: recorded as chosen.
            people = Boolean.TRUE.equals(a.notifyPeople());
        }
        if (a.peopleExemption() == Exemption.ENCRYPTED && !(b.encrypted() && b.keySafe())) {
            throw new BreachException(
                    Kind.INVALID,
                    "peopleExemption",
                    "the facts do not say the data was encrypted with the key safe; update them first");
        }
        State next = authority ? State.ASSESSED : State.NOT_NOTIFIED;
        jdbc.sql("""
                        UPDATE breach SET risk = ?, notify_authority = ?, notify_people = ?, people_exemption = ?,
                               decision_reasons = ?, state = ?, version = version + 1 WHERE reference = ?
                        """)
                .params(
                        a.risk().name(),
                        authority,
                        people,
                        a.peopleExemption() == null ? null : a.peopleExemption().name(),
                        reasons,
                        next.name(),
                        reference)
                .update();
        Breach after = require(reference);
        history(
                after,
                "ASSESSED",
                a.risk().name()
                        + (authority ? ", notify the authority" : ", not notified")
                        + (people ? ", tell the people" : ""));
        audit(AuditAction.UPDATE, after);
        return after;
    }

    /**
     * Records the notice to the authority: the first one moves the breach to NOTIFIED (after the deadline only with the
     * reasons for the delay); later ones are follow-ups with what was added.
     */
    @Transactional
    public Breach notifyAuthority(String reference, AuthorityNotice n) {
        Breach b = lock(reference);
        if (n == null) {
            throw new BreachException(Kind.INVALID, "authorityReference", "the notice needs the authority's reference");
        }
        Instant sent = n.sentAt() == null ? clock.instant() : n.sentAt();
        if (sent.isAfter(clock.instant().plus(Duration.ofMinutes(5))) || sent.isBefore(b.awareAt())) {
            throw new BreachException(
                    Kind.INVALID,
                    "sentAt",
                    "a notice is sent after the provider became aware and recorded once it is sent, not before");
        }
        if (b.state() == State.NOTIFIED) {
            String followUp = text("followUp", n.followUp());
            if (followUp == null) {
                throw new BreachException(
                        Kind.INVALID, "followUp", "the authority was notified; a follow-up says what it adds");
            }
            history(b, "FOLLOW_UP", followUp);
            audit(AuditAction.UPDATE, b);
            return b;
        }
        if (b.state() != State.ASSESSED) {
            throw new BreachException(
                    Kind.CONFLICT,
                    "state",
                    b.state() == State.REPORTED
                            ? "assess the breach first: the notice follows the decision"
                            : "the breach is " + b.state().name().toLowerCase() + ": no notice to record");
        }
        String ref = text("authorityReference", n.authorityReference());
        if (ref == null || ref.length() > 100) {
            throw new BreachException(
                    Kind.INVALID,
                    "authorityReference",
                    "give the reference the authority's confirmation names (at most 100 characters)");
        }
        String delay = text("delayReasons", n.delayReasons());
        if (sent.isAfter(b.dueAt()) && delay == null) {
            throw new BreachException(
                    Kind.INVALID,
                    "delayReasons",
                    "the notice went after the deadline of " + b.deadlineHours()
                            + " hours: Art. 33(1) asks for the reasons for the delay");
        }
        jdbc.sql("""
                        UPDATE breach SET state = 'NOTIFIED', authority_notified_at = ?, authority_reference = ?,
                               delay_reasons = ?, version = version + 1 WHERE reference = ?
                        """).params(ts(sent), ref, delay, reference).update();
        Breach after = require(reference);
        history(after, "AUTHORITY_NOTIFIED", sent.isAfter(b.dueAt()) ? "after the deadline" : "on time");
        audit(AuditAction.UPDATE, after);
        return after;
    }

    /** Records that the people concerned were told (letters, e-mails or a public notice), when and how. */
    @Transactional
    public Breach peopleNotified(String reference, Instant at, String how) {
        Breach b = lock(reference);
        if (b.state() == State.CLOSED || b.state() == State.REPORTED) {
            throw new BreachException(
                    Kind.CONFLICT, "state", "record the decision first; a closed breach stays as it was");
        }
        String note = text("how", how);
        if (note == null) {
            throw new BreachException(Kind.INVALID, "how", "say how the people were told (letter, e-mail, notice)");
        }
        Instant when = at == null ? clock.instant() : at;
        if (when.isBefore(b.awareAt()) || when.isAfter(clock.instant().plus(Duration.ofMinutes(5)))) {
            throw new BreachException(
                    Kind.INVALID, "at", "the people were told after the provider became aware, and not in the future");
        }
        // The first moment stands: later rounds (letters by post, a reminder) add history, not a new date.
        jdbc.sql("UPDATE breach SET people_notified_at = coalesce(people_notified_at, ?), version = version + 1"
                        + " WHERE reference = ?")
                .params(ts(when), reference)
                .update();
        Breach after = require(reference);
        history(after, "PEOPLE_NOTIFIED", note);
        audit(AuditAction.UPDATE, after);
        return after;
    }

    /** A published public notice: its text in both languages and since when it stands. */
    public record PublicNotice(String reference, String textNl, String textEn, Instant since) {}

    /**
     * Publishes a public notice at {@code /privacy/notices/<reference>} (Art. 34(3)(c): when telling each person would
     * take disproportionate effort, or besides the letters), and records that the people were told by it. A second
     * call replaces the text; the first moment stands.
     */
    @Transactional
    public PublicNotice publishNotice(String reference, String textNl, String textEn) {
        Breach b = lock(reference);
        if (!Boolean.TRUE.equals(b.notifyPeople()) || b.state() == State.CLOSED) {
            throw new BreachException(
                    Kind.CONFLICT,
                    "notifyPeople",
                    "a public notice is for a breach the people are told of, before it is closed");
        }
        String nl = text("textNl", textNl);
        String en = text("textEn", textEn);
        if (nl == null || en == null) {
            throw new BreachException(
                    Kind.INVALID, nl == null ? "textNl" : "textEn", "the notice is published in Dutch and English");
        }
        jdbc.sql("""
                        UPDATE breach SET public_notice_nl = ?, public_notice_en = ?,
                               public_notice_at = coalesce(public_notice_at, ?), version = version + 1
                         WHERE reference = ?
                        """).params(nl, en, ts(clock.instant()), reference).update();
        peopleNotified(reference, null, "public notice at /privacy/notices/" + reference);
        return publicNotice(reference).orElseThrow();
    }

    /** The public notice of a breach, when one is published; reads nothing else of the breach. */
    public Optional<PublicNotice> publicNotice(String reference) {
        if (reference == null || !reference.matches("^DL-\\d{4}-\\d{4,}$")) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        SELECT reference, public_notice_nl, public_notice_en, public_notice_at FROM breach
                         WHERE reference = ? AND public_notice_at IS NOT NULL
                        """)
                .param(reference)
                .query((rs, i) -> new PublicNotice(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant()))
                .optional();
    }

    /** The optional steps a breach may need besides the notices. */
    public enum Step {
        /** A report to the police. */
        POLICE,
        /** The insurer told. */
        INSURER,
        /** The client organisations whose data it was, told as their processor (Art. 33(2)). */
        CONTROLLERS,
        OTHER
    }

    /** Records an optional step taken (police, insurer, the controllers), with what was done. */
    @Transactional
    public Breach step(String reference, String kind, String note) {
        Breach b = lock(reference);
        if (b.state() == State.CLOSED) {
            throw new BreachException(Kind.CONFLICT, "state", "the breach is closed; its record stays as it was");
        }
        Step step;
        try {
            step = Step.valueOf(kind == null ? "" : kind.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BreachException(Kind.INVALID, "kind", "kind is POLICE, INSURER, CONTROLLERS or OTHER");
        }
        String text = text("note", note);
        if (text == null) {
            throw new BreachException(Kind.INVALID, "note", "say what was done, and when");
        }
        history(b, "STEP_" + step.name(), text);
        audit(AuditAction.UPDATE, b);
        return b;
    }

    /** Closes a breach once the decision is carried out: notified, or recorded as not to be notified. */
    @Transactional
    public Breach close(String reference, String note) {
        Breach b = lock(reference);
        if (b.state() != State.NOTIFIED && b.state() != State.NOT_NOTIFIED) {
            throw new BreachException(
                    Kind.CONFLICT,
                    "state",
                    b.state() == State.CLOSED
                            ? "the breach is closed already"
                            : "a breach is closed after its decision is carried out: it is "
                                    + b.state().name().toLowerCase());
        }
        if (Boolean.TRUE.equals(b.notifyPeople()) && b.peopleNotifiedAt() == null) {
            throw new BreachException(
                    Kind.CONFLICT, "peopleNotifiedAt", "the people are to be told: record that they were first");
        }
        String summary = text("note", note);
        if (summary == null) {
            throw new BreachException(Kind.INVALID, "note", "say how the breach was dealt with: the register keeps it");
        }
        jdbc.sql("UPDATE breach SET state = 'CLOSED', closed_at = ?, version = version + 1 WHERE reference = ?")
                .params(ts(clock.instant()), reference)
                .update();
        Breach after = require(reference);
        history(after, "CLOSED", summary);
        audit(AuditAction.UPDATE, after);
        return after;
    }

    public Optional<Breach> get(String reference) {
        if (reference == null || !reference.matches("^DL-\\d{4}-\\d{4,}$")) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT * FROM breach WHERE reference = ?")
                .param(reference)
                .query(Breaches::breach)
                .optional();
    }

    /** The breaches, newest first; with {@code openOnly} those not closed. */
    public List<Breach> list(boolean openOnly) {
        return jdbc.sql("SELECT * FROM breach WHERE (? = false OR state <> 'CLOSED') ORDER BY aware_at DESC LIMIT 500")
                .param(openOnly)
                .query(Breaches::breach)
                .list();
    }

    /** Whose clock runs: reported or assessed and not yet notified, oldest first. */
    public List<Breach> running() {
        return jdbc.sql("SELECT * FROM breach WHERE state IN ('REPORTED', 'ASSESSED') ORDER BY aware_at")
                .query(Breaches::breach)
                .list();
    }

    public List<Breach.Event> history(String reference) {
        return jdbc.sql("""
                        SELECT e.at, e.kind, e.by_actor, e.note FROM breach_event e JOIN breach b ON b.id = e.breach_id
                         WHERE b.reference = ? ORDER BY e.at, e.id
                        """)
                .param(reference)
                .query((rs, i) -> new Breach.Event(
                        rs.getTimestamp("at").toInstant(),
                        rs.getString("kind"),
                        rs.getString("by_actor"),
                        rs.getString("note")))
                .list();
    }

    /** Writes a history entry for a breach (the escalation job's mails are entries too). */
    @Transactional
    public void history(Breach b, String kind, String note) {
        jdbc.sql("""
                        INSERT INTO breach_event (id, breach_id, at, kind, by_actor, note)
                        SELECT ?, id, ?, ?, ?, ? FROM breach WHERE reference = ?
                        """)
                .params(
                        UUID.randomUUID(),
                        ts(clock.instant()),
                        kind,
                        actor.current().reference(),
                        note,
                        b.reference())
                .update();
    }

    /** Whether the register in force says the provider offers public electronic communications. */
    public boolean telecom() {
        return registers
                .current()
                .map(RegisterVersion::register)
                .map(r -> r.organisation())
                .map(OrganisationProfile::kinds)
                .map(k -> k.contains(TELECOM_KIND))
                .orElse(false);
    }

    private Breach lock(String reference) {
        return jdbc.sql("SELECT * FROM breach WHERE reference = ? FOR UPDATE")
                .param(reference)
                .query(Breaches::breach)
                .optional()
                .orElseThrow(() -> new BreachException(Kind.NOT_FOUND, "reference", "no breach " + reference));
    }

    private Breach require(String reference) {
        return get(reference)
                .orElseThrow(() -> new BreachException(Kind.NOT_FOUND, "reference", "no breach " + reference));
    }

    private void audit(AuditAction action, Breach b) {
        audit.record(AuditRecord.of(action, "breach", b.reference())
                .purpose("breach register")
                .detail("state", b.state().name()));
    }

    private Facts valid(Facts f, boolean creating) {
        if (f == null) {
            throw new BreachException(
                    Kind.INVALID, "title", "a breach needs a title, a description, awareAt and nature");
        }
        String title = text("title", f.title());
        String description = text("description", f.description());
        if (title != null && title.length() > 200) {
            throw new BreachException(Kind.INVALID, "title", "title is at most 200 characters");
        }
        Instant now = clock.instant();
        if (creating) {
            if (title == null) {
                throw new BreachException(Kind.INVALID, "title", "title is required: a few words on what happened");
            }
            if (description == null) {
                throw new BreachException(Kind.INVALID, "description", "description is required: what happened");
            }
            if (f.awareAt() == null) {
                throw new BreachException(
                        Kind.INVALID, "awareAt", "awareAt is required: the moment the provider became aware");
            }
            if (f.nature() == null || f.nature().isEmpty()) {
                throw new BreachException(
                        Kind.INVALID, "nature", "nature is one or more of CONFIDENTIALITY, INTEGRITY, AVAILABILITY");
            }
        }
        if (f.awareAt() != null && f.awareAt().isAfter(now.plus(Duration.ofMinutes(5)))) {
            throw new BreachException(Kind.INVALID, "awareAt", "awareAt lies in the future");
        }
        if (f.startedAt() != null && f.awareAt() != null && f.startedAt().isAfter(f.awareAt())) {
            throw new BreachException(Kind.INVALID, "startedAt", "a breach cannot start after it was discovered");
        }
        if (f.nature() != null && f.nature().stream().anyMatch(java.util.Objects::isNull)) {
            throw new BreachException(
                    Kind.INVALID, "nature", "nature is one or more of CONFIDENTIALITY, INTEGRITY, AVAILABILITY");
        }
        List<String> categories = null;
        if (f.categories() != null) {
            categories = new ArrayList<>();
            for (int i = 0; i < f.categories().size(); i++) {
                String key = f.categories().get(i);
                if (key == null
                        || registers
                                .current()
                                .flatMap(v -> v.register().category(key.strip()))
                                .isEmpty()) {
                    throw new BreachException(
                            Kind.INVALID, "categories[" + i + "]", "names no category of the register in force");
                }
                if (!categories.contains(key.strip())) {
                    categories.add(key.strip());
                }
            }
        } else if (creating) {
            categories = List.of();
        }
        if (f.peopleApprox() != null && f.peopleApprox() < 0) {
            throw new BreachException(Kind.INVALID, "peopleApprox", "peopleApprox is a count: 0 or more");
        }
        if (f.recordsApprox() != null && f.recordsApprox() < 0) {
            throw new BreachException(Kind.INVALID, "recordsApprox", "recordsApprox is a count: 0 or more");
        }
        return new Facts(
                title,
                description,
                f.startedAt(),
                f.awareAt(),
                f.ongoing(),
                f.nature() == null
                        ? (creating ? List.of() : null)
                        : List.copyOf(new java.util.LinkedHashSet<>(f.nature())),
                categories,
                f.peopleApprox(),
                f.recordsApprox(),
                f.encrypted(),
                f.keySafe(),
                text("consequences", f.consequences()),
                text("measuresTaken", f.measuresTaken()),
                text("measuresPlanned", f.measuresPlanned()));
    }

    private static String text(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_TEXT || value.indexOf('\0') >= 0) {
            throw new BreachException(
                    Kind.INVALID, field, field + " is longer than " + MAX_TEXT + " characters or has a NUL character");
        }
        return value.strip();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : List.of((String[]) a.getArray());
    }

    private static <E extends Enum<E>> E option(Class<E> type, String value) {
        return value == null ? null : Enum.valueOf(type, value);
    }

    private static Breach breach(ResultSet rs, int row) throws SQLException {
        return new Breach(
                rs.getString("reference"),
                rs.getString("title"),
                rs.getString("description"),
                instant(rs, "started_at"),
                instant(rs, "aware_at"),
                rs.getBoolean("ongoing"),
                strings(rs.getArray("nature")).stream().map(Nature::valueOf).toList(),
                strings(rs.getArray("categories")),
                (Integer) rs.getObject("people_approx"),
                (Integer) rs.getObject("records_approx"),
                rs.getBoolean("encrypted"),
                rs.getBoolean("key_safe"),
                rs.getString("consequences"),
                rs.getString("measures_taken"),
                rs.getString("measures_planned"),
                State.valueOf(rs.getString("state")),
                option(Risk.class, rs.getString("risk")),
                (Boolean) rs.getObject("notify_authority"),
                (Boolean) rs.getObject("notify_people"),
                option(Exemption.class, rs.getString("people_exemption")),
                rs.getString("decision_reasons"),
                rs.getInt("deadline_hours"),
                instant(rs, "authority_notified_at"),
                rs.getString("authority_reference"),
                rs.getString("delay_reasons"),
                instant(rs, "people_notified_at"),
                instant(rs, "closed_at"),
                rs.getString("reported_by"),
                rs.getInt("version"));
    }
}
