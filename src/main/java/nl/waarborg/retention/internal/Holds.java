package nl.waarborg.retention.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.audit.CurrentActor;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.Registers;
import nl.waarborg.retention.LegalHold;
import nl.waarborg.retention.LegalHold.Scope;
import nl.waarborg.retention.RetentionException;
import nl.waarborg.subjects.SubjectDirectory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places, reviews and lifts legal holds. The reason stays in the hold and is shown to staff; the audit trail gets the
 * hold's id, scope and the subject it concerns, never the reason (it may describe a person).
 */
@Service
public class Holds implements nl.waarborg.retention.LegalHolds {

    static final String TARGET = "legal_hold";
    private static final int MAX_REASON = 2_000;
    private static final int MAX_REFERENCE = 200;

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final CurrentActor actor;
    private final SubjectDirectory directory;
    private final Registers registers;
    private final Clock clock;

    Holds(
            JdbcClient jdbc,
            AuditTrail audit,
            CurrentActor actor,
            SubjectDirectory directory,
            Registers registers,
            Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.actor = actor;
        this.directory = directory;
        this.registers = registers;
        this.clock = clock;
    }

    /** What staff enter to place a hold. */
    public record NewHold(
            String scope,
            UUID targetId,
            String category,
            LocalDate from,
            LocalDate to,
            String reason,
            String reference,
            LocalDate reviewOn) {}

    @Transactional
    public LegalHold place(NewHold hold) {
        if (hold == null) {
            throw new RetentionException(
                    Kind.INVALID, "scope", "a hold needs a scope, a reason, a reference and a review date");
        }
        Scope scope = scope(hold.scope());
        String category = blankToNull(hold.category());
        UUID target = hold.targetId();
        switch (scope) {
            case SUBJECT, ORGANISATION, SERVICE_DELIVERED -> {
                if (target == null) {
                    throw new RetentionException(
                            Kind.INVALID, "targetId", "a hold on a " + words(scope) + " needs its id (targetId)");
                }
                if (!directory.exists(SubjectDirectory.Target.valueOf(scope.name()), target)) {
                    throw new RetentionException(Kind.NOT_FOUND, "targetId", "no " + words(scope) + " has this id");
                }
                if (category != null || hold.from() != null || hold.to() != null) {
                    throw new RetentionException(
                            Kind.INVALID,
                            "hold-scope",
                            "category",
                            "a hold on a " + words(scope) + " covers all of its data: leave out category, from and to");
                }
            }
            case CATEGORY -> {
                if (category == null) {
                    throw new RetentionException(
                            Kind.INVALID, "category", "a hold on a category needs the category's key");
                }
                if (hold.from() != null || hold.to() != null) {
                    throw new RetentionException(
                            Kind.INVALID,
                            "hold-scope",
                            "from",
                            "a hold on a category takes no from and to: use TIME_RANGE");
                }
            }
            case TIME_RANGE -> {}
        }
        if ((scope == Scope.CATEGORY || scope == Scope.TIME_RANGE) && target != null) {
            throw new RetentionException(
                    Kind.INVALID,
                    "hold-scope",
                    "targetId",
                    "a hold on a " + words(scope)
                            + " takes no targetId: choose SUBJECT, ORGANISATION or SERVICE_DELIVERED");
        }
        if (category != null) {
            requireCategory(category);
        }
        LocalDate from = null;
        LocalDate to = null;
        if (scope == Scope.TIME_RANGE) {
            if (hold.from() == null || hold.to() == null) {
                throw new RetentionException(
                        Kind.INVALID, hold.from() == null ? "from" : "to", "a time range needs its first and last day");
            }
            if (hold.from().isAfter(hold.to())) {
                throw new RetentionException(Kind.INVALID, "to", "the last day lies before the first day");
            }
            from = hold.from();
            to = hold.to();
        }
        String reason = text("reason", hold.reason(), MAX_REASON);
        String reference = text("reference", hold.reference(), MAX_REFERENCE);
        LocalDate today = Dates.today(clock);
        if (hold.reviewOn() == null) {
            throw new RetentionException(
                    Kind.INVALID, "reviewOn", "a hold needs a review date: when to decide whether it still applies");
        }
        if (hold.reviewOn().isBefore(today)) {
            throw new RetentionException(Kind.INVALID, "reviewOn", "the review date lies in the past");
        }
        if (hold.reviewOn().isAfter(today.plusYears(10))) {
            throw new RetentionException(Kind.INVALID, "reviewOn", "the review date lies more than ten years ahead");
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        String by = Dates.reference(actor.current());
        jdbc.sql("""
                        INSERT INTO retention_hold (id, scope, target_id, category_key, from_date, to_date, reason,
                                                    reference, placed_by, placed_at, review_on)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        id,
                        scope.name(),
                        target,
                        category,
                        from,
                        to,
                        reason,
                        reference,
                        by,
                        java.sql.Timestamp.from(now),
                        hold.reviewOn())
                .update();
        AuditRecord entry = AuditRecord.of(AuditAction.CREATE, TARGET, id)
                .detail("scope", scope.name())
                .detail("reviewOn", hold.reviewOn().toString());
        if (scope == Scope.SUBJECT) {
            entry = entry.subject(target);
        } else if (target != null) {
            entry = entry.detail("target", target.toString());
        }
        if (category != null) {
            entry = entry.detail("category", category);
        }
        audit.record(entry);
        return get(id);
    }

    /** Somebody decided the hold still applies: a new review date. */
    @Transactional
    public LegalHold review(UUID id, LocalDate nextReview) {
        LegalHold hold = active(id);
        LocalDate today = Dates.today(clock);
        if (nextReview == null || !nextReview.isAfter(today)) {
            throw new RetentionException(Kind.INVALID, "reviewOn", "the next review date must lie after today");
        }
        if (nextReview.isAfter(today.plusYears(10))) {
            throw new RetentionException(Kind.INVALID, "reviewOn", "the review date lies more than ten years ahead");
        }
        jdbc.sql("UPDATE retention_hold SET review_on = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?")
                .params(nextReview, Dates.reference(actor.current()), java.sql.Timestamp.from(clock.instant()), id)
                .update();
        audit.record(withSubject(AuditRecord.of(AuditAction.UPDATE, TARGET, id), hold)
                .detail("step", "review")
                .detail("reviewOn", nextReview.toString()));
        return get(id);
    }

    @Override
    @Transactional
    public UUID holdSubject(UUID subjectId, String reason, String reference, LocalDate reviewOn) {
        return place(new NewHold("SUBJECT", subjectId, null, null, null, reason, reference, reviewOn))
                .id();
    }

    @Override
    @Transactional
    public void release(UUID holdId, String reason) {
        if (find(holdId).map(h -> h.liftedAt() == null).orElse(false)) {
            lift(holdId, reason);
        }
    }

    /** Lifts a hold: what it kept becomes due at the next run. */
    @Transactional
    public LegalHold lift(UUID id, String reason) {
        LegalHold hold = active(id);
        String why = text("reason", reason, MAX_REASON);
        jdbc.sql("UPDATE retention_hold SET lifted_by = ?, lifted_at = ?, lift_reason = ? WHERE id = ?")
                .params(Dates.reference(actor.current()), java.sql.Timestamp.from(clock.instant()), why, id)
                .update();
        audit.record(withSubject(AuditRecord.of(AuditAction.UPDATE, TARGET, id), hold)
                .detail("step", "lift"));
        return get(id);
    }

    public LegalHold get(UUID id) {
        return find(id).orElseThrow(() -> new RetentionException(Kind.NOT_FOUND, null, "no legal hold has this id"));
    }

    public Optional<LegalHold> find(UUID id) {
        return jdbc.sql("SELECT * FROM retention_hold WHERE id = ?")
                .param(id)
                .query(Holds::map)
                .optional();
    }

    /** Active holds first (soonest review first), then lifted ones (latest first). */
    public List<LegalHold> list(boolean withLifted) {
        return jdbc.sql("SELECT * FROM retention_hold"
                        + (withLifted ? "" : " WHERE lifted_at IS NULL")
                        + " ORDER BY lifted_at IS NOT NULL, review_on, lifted_at DESC, placed_at")
                .query(Holds::map)
                .list();
    }

    public List<LegalHold> active() {
        return list(false);
    }

    private LegalHold active(UUID id) {
        LegalHold hold = get(id);
        if (!hold.active()) {
            throw new RetentionException(Kind.CONFLICT, null, "this legal hold was lifted on " + hold.liftedAt());
        }
        return hold;
    }

    private static AuditRecord withSubject(AuditRecord entry, LegalHold hold) {
        return hold.scope() == Scope.SUBJECT ? entry.subject(hold.targetId()) : entry;
    }

    private void requireCategory(String key) {
        if (registers.current().flatMap(v -> v.register().category(key)).isEmpty()) {
            throw new RetentionException(
                    Kind.NOT_FOUND, "category", "the register in force has no category with this key");
        }
    }

    static Scope scope(String value) {
        if (value == null || value.isBlank()) {
            throw new RetentionException(Kind.INVALID, "scope", "a hold needs a scope: " + scopes());
        }
        try {
            return Scope.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new RetentionException(Kind.INVALID, "scope", "the scope must be one of " + scopes());
        }
    }

    private static String scopes() {
        return "SUBJECT, ORGANISATION, SERVICE_DELIVERED, CATEGORY, TIME_RANGE";
    }

    private static String words(Scope scope) {
        return scope.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    private static String text(String field, String value, int max) {
        String v = blankToNull(value);
        if (v == null) {
            throw new RetentionException(Kind.INVALID, field, field + " is required");
        }
        if (v.length() > max) {
            throw new RetentionException(Kind.INVALID, field, field + " is longer than " + max + " characters");
        }
        if (v.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
            throw new RetentionException(Kind.INVALID, field, field + " holds control characters");
        }
        return v;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static LegalHold map(ResultSet rs, int n) throws SQLException {
        return new LegalHold(
                rs.getObject("id", UUID.class),
                Scope.valueOf(rs.getString("scope")),
                rs.getObject("target_id", UUID.class),
                rs.getString("category_key"),
                rs.getObject("from_date", LocalDate.class),
                rs.getObject("to_date", LocalDate.class),
                rs.getString("reason"),
                rs.getString("reference"),
                rs.getString("placed_by"),
                Dates.instant(rs.getTimestamp("placed_at")),
                rs.getObject("review_on", LocalDate.class),
                rs.getString("reviewed_by"),
                Dates.instant(rs.getTimestamp("reviewed_at")),
                rs.getString("lifted_by"),
                Dates.instant(rs.getTimestamp("lifted_at")),
                rs.getString("lift_reason"));
    }
}
