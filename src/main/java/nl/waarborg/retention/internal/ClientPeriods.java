package nl.waarborg.retention.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.audit.CurrentActor;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.Registers;
import nl.waarborg.register.RetentionRule;
import nl.waarborg.retention.RetentionException;
import nl.waarborg.subjects.SubjectDirectory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The periods client organisations chose for categories whose register rule they set. Never more than the register's
 * maximum: a longer choice is refused with the reason. While none is recorded, the register's default applies.
 */
@Service
public class ClientPeriods {

    static final String TARGET = "retention_client_period";

    private final JdbcClient jdbc;
    private final Registers registers;
    private final SubjectDirectory directory;
    private final AuditTrail audit;
    private final CurrentActor actor;
    private final Clock clock;

    ClientPeriods(
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

    /**
     * @param chosenOn the day the client chose it (the date of its instruction)
     * @param instructionReference where the written instruction is: a letter's reference, a ticket, a contract annex
     */
    public record Choice(
            UUID id,
            UUID organisationId,
            String category,
            String period,
            LocalDate chosenOn,
            String instructionReference,
            String enteredBy,
            Instant enteredAt,
            Instant supersededAt) {}

    public record NewChoice(
            UUID organisationId, String category, String period, LocalDate chosenOn, String instructionReference) {}

    @Transactional
    public Choice record(NewChoice choice) {
        if (choice == null) {
            throw new RetentionException(Kind.INVALID, "organisationId", "a choice needs its client organisation");
        }
        if (choice.organisationId() == null) {
            throw new RetentionException(Kind.INVALID, "organisationId", "organisationId is required");
        }
        if (!directory.exists(SubjectDirectory.Target.ORGANISATION, choice.organisationId())) {
            throw new RetentionException(Kind.NOT_FOUND, "organisationId", "no organisation has this id");
        }
        if (choice.category() == null || choice.category().isBlank()) {
            throw new RetentionException(Kind.INVALID, "category", "category is required");
        }
        DataCategory category = registers
                .current()
                .flatMap(v -> v.register().category(choice.category()))
                .orElseThrow(() -> new RetentionException(
                        Kind.NOT_FOUND, "category", "the register in force has no category with this key"));
        RetentionRule rule = category.retention();
        if (rule == null || rule.kind() != RetentionRule.Kind.SET_BY_CLIENT) {
            throw new RetentionException(
                    Kind.INVALID,
                    "category",
                    "the register does not let the client organisation set the period of " + category.key());
        }
        Period period = period(choice.period());
        LocalDate today = Dates.today(clock);
        // Compared on today's calendar: months and days have no fixed length.
        if (today.plus(period).isAfter(today.plus(rule.maximum()))) {
            throw new RetentionException(
                    Kind.REFUSED,
                    "above-maximum",
                    "period",
                    "a period of " + period + " is longer than the register's maximum of " + rule.maximum() + " for "
                            + category.key());
        }
        if (choice.chosenOn() == null || choice.chosenOn().isAfter(today)) {
            throw new RetentionException(
                    Kind.INVALID, "chosenOn", "chosenOn is the day of the client's instruction, not after today");
        }
        String reference = choice.instructionReference() == null
                ? ""
                : choice.instructionReference().strip();
        if (reference.isEmpty() || reference.length() > 200 || reference.chars().anyMatch(c -> c < 0x20)) {
            throw new RetentionException(
                    Kind.INVALID,
                    "instructionReference",
                    "instructionReference names the client's written instruction, at most 200 characters");
        }
        Instant now = clock.instant();
        jdbc.sql("""
                        UPDATE retention_client_period SET superseded_at = ?
                         WHERE organisation_id = ? AND category_key = ? AND superseded_at IS NULL
                        """)
                .params(Timestamp.from(now), choice.organisationId(), category.key())
                .update();
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO retention_client_period (id, organisation_id, category_key, period, chosen_on,
                            instruction_reference, entered_by, entered_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        id,
                        choice.organisationId(),
                        category.key(),
                        period.toString(),
                        choice.chosenOn(),
                        reference,
                        Dates.reference(actor.current()),
                        Timestamp.from(now))
                .update();
        audit.record(AuditRecord.of(AuditAction.CREATE, TARGET, id)
                .detail("organisation", choice.organisationId().toString())
                .detail("category", category.key())
                .detail("period", period.toString()));
        return jdbc.sql("SELECT * FROM retention_client_period WHERE id = ?")
                .param(id)
                .query(ClientPeriods::map)
                .single();
    }

    /** Current choices first by category and organisation; with history, the superseded ones too. */
    public List<Choice> list(boolean withHistory) {
        return jdbc.sql("SELECT * FROM retention_client_period"
                        + (withHistory ? "" : " WHERE superseded_at IS NULL")
                        + " ORDER BY category_key, organisation_id, entered_at DESC")
                .query(ClientPeriods::map)
                .list();
    }

    /** The current choices for one category. */
    public List<Choice> current(String category) {
        return jdbc.sql("SELECT * FROM retention_client_period WHERE category_key = ? AND superseded_at IS NULL"
                        + " ORDER BY organisation_id")
                .param(category)
                .query(ClientPeriods::map)
                .list();
    }

    private static Period period(String value) {
        if (value == null || value.isBlank()) {
            throw new RetentionException(Kind.INVALID, "period", "period is required, as P30D, P6M or P1Y");
        }
        try {
            Period p = Period.parse(value.strip());
            if (p.isNegative() || p.isZero()) {
                throw new RetentionException(Kind.INVALID, "period", "period must be longer than zero");
            }
            return p;
        } catch (DateTimeParseException e) {
            throw new RetentionException(Kind.INVALID, "period", "period must be written as P30D, P6M or P1Y");
        }
    }

    private static Choice map(ResultSet rs, int n) throws SQLException {
        return new Choice(
                rs.getObject("id", UUID.class),
                rs.getObject("organisation_id", UUID.class),
                rs.getString("category_key"),
                rs.getString("period"),
                rs.getObject("chosen_on", LocalDate.class),
                rs.getString("instruction_reference"),
                rs.getString("entered_by"),
                Dates.instant(rs.getTimestamp("entered_at")),
                Dates.instant(rs.getTimestamp("superseded_at")));
    }
}
