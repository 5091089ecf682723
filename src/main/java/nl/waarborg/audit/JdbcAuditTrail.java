package nl.waarborg.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Service
class JdbcAuditTrail implements AuditTrail {

    static final String GENESIS = "0".repeat(64);

    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;
    private final Clock clock;
    private final CurrentActor currentActor;
    private final JsonMapper json = JsonMapper.builder().build();

    JdbcAuditTrail(JdbcClient jdbc, DataSource dataSource, Clock clock, CurrentActor currentActor) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(dataSource);
        // Streams row by row: the chain can be far larger than the heap.
        this.streaming.setFetchSize(1000);
        this.clock = clock;
        this.currentActor = currentActor;
    }

    @Override
    @Transactional(propagation = Propagation.REQUIRED)
    public AuditEntry record(AuditRecord record) {
        Actor actor = record.actor() != null ? record.actor() : currentActor.current();
        // PostgreSQL keeps microseconds; truncate first so the hash matches what is read back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        AuditEntry unsigned = new AuditEntry(
                0,
                now,
                actor,
                record.action(),
                record.targetType(),
                record.targetId(),
                record.subjectId(),
                record.purpose(),
                record.details(),
                null,
                null);
        // One round trip: audit_append locks the chain, links to the last entry and inserts (see its migration).
        return jdbc.sql("SELECT * FROM audit_append(?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)")
                .params(
                        Timestamp.from(now),
                        actor.type().name(),
                        actor.id(),
                        record.action().name(),
                        record.targetType(),
                        record.targetId(),
                        record.subjectId(),
                        record.purpose(),
                        json.writeValueAsString(record.details()),
                        canonicalTail(unsigned))
                .query((rs, n) -> unsigned.linked(
                        rs.getLong("entry_id"), rs.getString("entry_previous_hash"), rs.getString("entry_hash")))
                .single();
    }

    @Override
    @Transactional(readOnly = true)
    public List<AuditEntry> find(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_entry WHERE true");
        List<Object> params = new ArrayList<>();
        addFilter(
                sql,
                params,
                "actor_type",
                q.actorType() == null ? null : q.actorType().name());
        addFilter(sql, params, "actor_id", q.actorId());
        addFilter(sql, params, "action", q.action() == null ? null : q.action().name());
        addFilter(sql, params, "target_type", q.targetType());
        addFilter(sql, params, "target_id", q.targetId());
        addFilter(sql, params, "subject_id", q.subjectId());
        if (q.from() != null) {
            sql.append(" AND occurred_at >= ?");
            params.add(Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND occurred_at < ?");
            params.add(Timestamp.from(q.to()));
        }
        if (q.beforeId() != null) {
            sql.append(" AND id < ?");
            params.add(q.beforeId());
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(q.limit());
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> map(rs)).list();
    }

    private static void addFilter(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null && !value.isBlank()) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value.trim());
        }
    }

    @Override
    @Transactional(readOnly = true)
    public long count() {
        return jdbc.sql("SELECT count(*) FROM audit_entry").query(Long.class).single();
    }

    @Override
    @Transactional(readOnly = true)
    public ChainVerification verify() {
        AtomicReference<String> previous = new AtomicReference<>(GENESIS);
        long[] expectedId = {1};
        long[] checked = {0};
        AtomicReference<ChainVerification> broken = new AtomicReference<>();
        Instant now = clock.instant();
        streaming.query("SELECT * FROM audit_entry ORDER BY id", rs -> {
            if (broken.get() != null) {
                return;
            }
            AuditEntry entry = map(rs);
            checked[0]++;
            String reason = null;
            if (entry.id() != expectedId[0]) {
                reason = "entries " + expectedId[0] + " to " + (entry.id() - 1) + " are missing";
            } else if (!entry.previousHash().equals(previous.get())) {
                reason = "link to the previous entry does not match (an earlier entry was changed or removed)";
            } else if (!hash(entry).equals(entry.hash())) {
                reason = "content does not match its hash (the entry was changed)";
            }
            if (reason != null) {
                broken.set(new ChainVerification(false, checked[0], entry.id(), reason, now));
            }
            previous.set(entry.hash());
            expectedId[0] = entry.id() + 1;
        });
        return broken.get() != null ? broken.get() : new ChainVerification(true, checked[0], null, null, now);
    }

    private AuditEntry map(ResultSet rs) throws SQLException {
        Map<String, String> details =
                json.readValue(rs.getString("details"), new TypeReference<TreeMap<String, String>>() {});
        return new AuditEntry(
                rs.getLong("id"),
                rs.getTimestamp("occurred_at").toInstant(),
                new Actor(Actor.ActorType.valueOf(rs.getString("actor_type")), rs.getString("actor_id")),
                AuditAction.valueOf(rs.getString("action")),
                rs.getString("target_type"),
                rs.getString("target_id"),
                rs.getString("subject_id"),
                rs.getString("purpose"),
                details,
                rs.getString("previous_hash"),
                rs.getString("hash"));
    }

    /** SHA-256 over every field and the previous hash, in a fixed, unambiguous layout. */
    static String hash(AuditEntry e) {
        StringBuilder canonical = new StringBuilder();
        field(canonical, e.previousHash());
        field(canonical, Long.toString(e.id()));
        canonical.append(canonicalTail(e));
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * The hashed layout after the previous hash and the id: what the caller knows before the chain is locked. The
     * database's audit_append puts the two in front in the same layout.
     */
    static String canonicalTail(AuditEntry e) {
        StringBuilder canonical = new StringBuilder();
        field(canonical, Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, e.occurredAt())));
        field(canonical, e.actor().type().name());
        field(canonical, e.actor().id());
        field(canonical, e.action().name());
        field(canonical, e.targetType());
        field(canonical, e.targetId());
        field(canonical, e.subjectId());
        field(canonical, e.purpose());
        new TreeMap<>(e.details()).forEach((k, v) -> {
            field(canonical, k);
            field(canonical, v);
        });
        return canonical.toString();
    }

    /** Length-prefixed, so "ab"+"c" and "a"+"bc" hash differently; null is distinct from empty. */
    private static void field(StringBuilder out, String value) {
        if (value == null) {
            out.append("-1:");
        } else {
            out.append(value.length()).append(':').append(value);
        }
        out.append('|');
    }
}
