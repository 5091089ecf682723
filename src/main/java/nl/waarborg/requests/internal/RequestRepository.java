package nl.waarborg.requests.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.requests.Channel;
import nl.waarborg.requests.RequestState;
import nl.waarborg.requests.RequestType;
import nl.waarborg.requests.RequestsException;
import nl.waarborg.requests.VerificationMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stores requests with their history; an update that lost a race with another one is refused, never merged. */
@Repository
class RequestRepository {

    private final JdbcClient jdbc;

    RequestRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The next reference of the year, {@code 2026-0001}: short enough to read out on the phone, never reused. */
    String nextReference(int year) {
        int n = jdbc.sql("""
                        INSERT INTO request_reference_counter AS c (year, last) VALUES (?, 1)
                        ON CONFLICT (year) DO UPDATE SET last = c.last + 1 RETURNING last
                        """).param(year).query(Integer.class).single();
        return String.format("%d-%04d", year, n);
    }

    void insert(DataSubjectRequest r) {
        DataSubjectRequest.Intake in = r.intake();
        jdbc.sql("""
                        INSERT INTO request (id, reference, state, channel, received_at, received_on, entered_at, rights,
                               language, requester_name, contact_email, contact_phone, postal_address, description,
                               identifiers, register_version, due_on)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?::text[], ?, ?, ?, ?, ?, ?, ?::text[], ?, ?)
                        """)
                .params(
                        r.id(),
                        r.reference(),
                        r.state().name(),
                        in.channel().name(),
                        Timestamp.from(in.receivedAt()),
                        in.receivedOn(),
                        Timestamp.from(in.enteredAt()),
                        in.rights().stream().map(Enum::name).sorted().toArray(String[]::new),
                        in.language(),
                        in.requesterName(),
                        in.contactEmail(),
                        in.contactPhone(),
                        in.postalAddress(),
                        in.description(),
                        in.identifiers().toArray(String[]::new),
                        r.registerVersion(),
                        r.dueOn())
                .update();
        for (UUID subject : r.subjects()) {
            jdbc.sql("INSERT INTO request_subject (request_id, subject_id) VALUES (?, ?)")
                    .params(r.id(), subject)
                    .update();
        }
        appendHistory(r);
    }

    void update(DataSubjectRequest r) {
        int n = jdbc.sql("""
                        UPDATE request SET state = ?, assignee = ?, duplicate_of = ?, extension_months = ?,
                               extension_reason = ?, paused_days = ?, paused_since = ?, due_on = ?, verification = ?,
                               verified_at = ?, outcome = ?, closed_at = ?, version = version + 1
                         WHERE id = ? AND version = ?
                        """)
                .params(
                        r.state().name(),
                        r.assignee(),
                        r.duplicateOf(),
                        r.extensionMonths(),
                        r.extensionReason(),
                        r.pausedDays(),
                        r.pausedSince(),
                        r.dueOn(),
                        r.verification() == null ? null : r.verification().name(),
                        r.verifiedAt() == null ? null : Timestamp.from(r.verifiedAt()),
                        r.outcome(),
                        r.closedAt() == null ? null : Timestamp.from(r.closedAt()),
                        r.id(),
                        r.version())
                .update();
        if (n != 1) {
            throw new RequestsException(
                    Kind.CONFLICT,
                    "request-changed",
                    "version",
                    "the request was changed by someone else meanwhile: open it again and repeat");
        }
        appendHistory(r);
    }

    private void appendHistory(DataSubjectRequest r) {
        for (DataSubjectRequest.Entry e : r.added()) {
            jdbc.sql("""
                            INSERT INTO request_event (request_id, at, kind, from_state, to_state, actor, text)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            """)
                    .params(
                            r.id(),
                            Timestamp.from(e.at()),
                            e.kind(),
                            e.from() == null ? null : e.from().name(),
                            e.to() == null ? null : e.to().name(),
                            e.actor(),
                            e.text())
                    .update();
        }
    }

    Optional<DataSubjectRequest> byReference(String reference) {
        return jdbc.sql("SELECT * FROM request WHERE reference = ?")
                .param(reference)
                .query(this::row)
                .optional();
    }

    Optional<DataSubjectRequest> byId(UUID id) {
        return jdbc.sql("SELECT * FROM request WHERE id = ?")
                .param(id)
                .query(this::row)
                .optional();
    }

    /** The open requests of any of these subjects, oldest first: candidates for a duplicate. */
    List<DataSubjectRequest> openFor(Set<UUID> subjects, String email) {
        if (subjects.isEmpty() && email == null) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT * FROM request r
                         WHERE r.state IN ('RECEIVED', 'AWAITING_VERIFICATION', 'VERIFIED', 'IN_PROGRESS')
                           AND (EXISTS (SELECT 1 FROM request_subject s
                                         WHERE s.request_id = r.id AND s.subject_id = ANY (?::uuid[]))
                                OR (?::text IS NOT NULL AND r.contact_email = ?::text))
                         ORDER BY r.received_at
                        """)
                .params(subjects.toArray(UUID[]::new), email, email)
                .query(this::row)
                .list();
    }

    List<QueueLine> queue(Set<RequestState> states, RequestType type, String assignee, int limit) {
        String[] stateNames = states.stream().map(Enum::name).toArray(String[]::new);
        return jdbc.sql("""
                        SELECT id, reference, state, channel, rights, received_on, due_on, paused_since, paused_days,
                               extension_months, assignee, duplicate_of IS NOT NULL AS duplicate
                          FROM request
                         WHERE state = ANY (?::text[])
                           AND (?::text IS NULL OR ?::text = ANY (rights))
                           AND (?::text IS NULL OR assignee = ?::text OR (?::text = '' AND assignee IS NULL))
                         ORDER BY CASE WHEN state IN ('RECEIVED', 'AWAITING_VERIFICATION', 'VERIFIED', 'IN_PROGRESS')
                                       THEN 0 ELSE 1 END, due_on, received_on, reference
                         LIMIT ?
                        """)
                .params(
                        stateNames,
                        type == null ? null : type.name(),
                        type == null ? null : type.name(),
                        assignee,
                        assignee,
                        assignee,
                        limit)
                .query((rs, i) -> new QueueLine(
                        rs.getObject("id", UUID.class),
                        rs.getString("reference"),
                        RequestState.valueOf(rs.getString("state")),
                        Channel.valueOf(rs.getString("channel")),
                        rights(rs.getArray("rights")),
                        rs.getObject("received_on", LocalDate.class),
                        rs.getObject("due_on", LocalDate.class),
                        rs.getObject("paused_since", LocalDate.class),
                        rs.getInt("paused_days"),
                        rs.getInt("extension_months"),
                        rs.getString("assignee"),
                        rs.getBoolean("duplicate")))
                .list();
    }

    /** Deletes the request's identity document, if it has one; answers whether it had. */
    boolean deleteDocument(UUID requestId) {
        return jdbc.sql("DELETE FROM request_document WHERE request_id = ?")
                        .param(requestId)
                        .update()
                > 0;
    }

    /** References of the requests waiting for identity information since {@code since} or earlier. */
    List<String> awaitingVerificationSince(LocalDate since) {
        return jdbc.sql("SELECT reference FROM request WHERE state = 'AWAITING_VERIFICATION' AND paused_since <= ?"
                        + " ORDER BY paused_since, reference")
                .param(since)
                .query(String.class)
                .list();
    }

    private DataSubjectRequest row(ResultSet rs, int i) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        DataSubjectRequest.Intake intake = new DataSubjectRequest.Intake(
                Channel.valueOf(rs.getString("channel")),
                instant(rs, "received_at"),
                rs.getObject("received_on", LocalDate.class),
                instant(rs, "entered_at"),
                rights(rs.getArray("rights")),
                rs.getString("language"),
                rs.getString("requester_name"),
                rs.getString("contact_email"),
                rs.getString("contact_phone"),
                rs.getString("postal_address"),
                rs.getString("description"),
                Arrays.asList((String[]) rs.getArray("identifiers").getArray()));
        Set<UUID> subjects = new HashSet<>(
                jdbc.sql("SELECT subject_id FROM request_subject WHERE request_id = ? ORDER BY subject_id")
                        .param(id)
                        .query(UUID.class)
                        .list());
        List<DataSubjectRequest.Entry> history = jdbc.sql(
                        "SELECT at, kind, from_state, to_state, actor, text FROM request_event WHERE request_id = ?"
                                + " ORDER BY id")
                .param(id)
                .query((e, n) -> new DataSubjectRequest.Entry(
                        instant(e, "at"),
                        e.getString("kind"),
                        state(e.getString("from_state")),
                        state(e.getString("to_state")),
                        e.getString("actor"),
                        e.getString("text")))
                .list();
        String verification = rs.getString("verification");
        return new DataSubjectRequest(
                id,
                rs.getString("reference"),
                intake,
                (Integer) rs.getObject("register_version"),
                subjects,
                RequestState.valueOf(rs.getString("state")),
                rs.getString("assignee"),
                rs.getObject("duplicate_of", UUID.class),
                rs.getInt("extension_months"),
                rs.getString("extension_reason"),
                rs.getInt("paused_days"),
                rs.getObject("paused_since", LocalDate.class),
                rs.getObject("due_on", LocalDate.class),
                verification == null ? null : VerificationMethod.valueOf(verification),
                instant(rs, "verified_at"),
                rs.getString("outcome"),
                instant(rs, "closed_at"),
                rs.getInt("version"),
                history);
    }

    private static Set<RequestType> rights(Array array) throws SQLException {
        Set<RequestType> rights = EnumSet.noneOf(RequestType.class);
        for (String s : (String[]) array.getArray()) {
            rights.add(RequestType.valueOf(s));
        }
        return rights;
    }

    private static RequestState state(String s) {
        return s == null ? null : RequestState.valueOf(s);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
