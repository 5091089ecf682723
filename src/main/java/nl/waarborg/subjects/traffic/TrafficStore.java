package nl.waarborg.subjects.traffic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.subjects.Identifiers;
import nl.waarborg.subjects.TrafficData;
import nl.waarborg.web.ApiProblem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads a person's calls by number and drops whole days for retention. */
@Service
class TrafficStore implements TrafficData {

    static final int MAX_LIMIT = 10_000;

    private final JdbcClient jdbc;
    private final TrafficPartitions partitions;
    private final AuditTrail audit;

    TrafficStore(JdbcClient jdbc, TrafficPartitions partitions, AuditTrail audit) {
        this.jdbc = jdbc;
        this.partitions = partitions;
        this.audit = audit;
    }

    @Override
    @Transactional
    public List<CallRecord> callsOf(
            Collection<String> numbers, Instant from, Instant to, int limit, String subjectId, String purpose) {
        TreeSet<String> e164 = e164(numbers);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        // traffic_calls (see its migration) keeps one plan per connection instead of planning every partition anew.
        List<CallRecord> calls = jdbc.sql("SELECT * FROM traffic_calls(?::text[], ?, ?, ?)")
                .params(
                        e164.toArray(String[]::new),
                        from == null ? null : Timestamp.from(from),
                        to == null ? null : Timestamp.from(to),
                        limit)
                .query((rs, n) -> row(rs))
                .list();
        // The audit names the numbers by hash: the trail must not become a copy of the data it guards.
        audit.record(AuditRecord.of(AuditAction.READ, "traffic_cdr", "number-sha256:" + hash(e164))
                .subject(subjectId)
                .purpose(purpose)
                .detail("rows", Integer.toString(calls.size())));
        return calls;
    }

    @Override
    @Transactional
    public CallHistory history(
            Collection<String> numbers,
            Instant from,
            Instant to,
            int limit,
            int offset,
            String subjectId,
            String purpose) {
        TreeSet<String> e164 = e164(numbers);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (offset < 0) {
            throw ApiProblem.invalid("offset", "must not be negative");
        }
        String[] values = e164.toArray(String[]::new);
        Timestamp lower = from == null ? null : Timestamp.from(from);
        Timestamp upper = to == null ? null : Timestamp.from(to);
        String window =
                (lower == null ? "" : " AND call_start >= :from") + (upper == null ? "" : " AND call_start < :to");
        // One pass over the person's rows (the number indexes) for the totals and the window's count.
        var totalsQuery = jdbc.sql("SELECT count(*) AS total, min(call_start) AS first, max(call_start) AS last,"
                        + " count(*) FILTER (WHERE true" + window + ") AS matching FROM traffic_cdr"
                        + " WHERE (calling_number = ANY(:numbers) OR called_number = ANY(:numbers))")
                .param("numbers", values);
        var totals = bind(totalsQuery, lower, upper)
                .query((rs, n) -> new CallHistory(
                        rs.getLong("total"),
                        instant(rs, "first"),
                        instant(rs, "last"),
                        rs.getLong("matching"),
                        List.of()))
                .single();
        List<CallRecord> page = List.of();
        if (totals.matching() > offset) {
            // record_id breaks ties: a forwarded call writes several records with the same start.
            var pageQuery = jdbc.sql("SELECT * FROM traffic_cdr"
                            + " WHERE (calling_number = ANY(:numbers) OR called_number = ANY(:numbers))" + window
                            + " ORDER BY call_start DESC, record_id DESC LIMIT :limit OFFSET :offset")
                    .param("numbers", values)
                    .param("limit", limit)
                    .param("offset", offset);
            page = bind(pageQuery, lower, upper).query((rs, n) -> row(rs)).list();
        }
        audit.record(AuditRecord.of(AuditAction.READ, "traffic_cdr", "number-sha256:" + hash(e164))
                .subject(subjectId)
                .purpose(purpose)
                .detail("rows", Integer.toString(page.size()))
                .detail("total", Long.toString(totals.total())));
        return new CallHistory(totals.total(), totals.first(), totals.last(), totals.matching(), page);
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Timestamp from, Timestamp to) {
        var bound = from == null ? statement : statement.param("from", from);
        return to == null ? bound : bound.param("to", to);
    }

    private static TreeSet<String> e164(Collection<String> numbers) {
        if (numbers == null || numbers.isEmpty()) {
            throw ApiProblem.invalid("number", "at least one phone number is needed");
        }
        TreeSet<String> e164 = new TreeSet<>();
        for (String n : numbers) {
            e164.add(Identifiers.phone(n)
                    .orElseThrow(() -> ApiProblem.invalid("number", "is not a valid phone number")));
        }
        return e164;
    }

    @Override
    @Transactional
    public List<LocalDate> dropPartitionsBefore(LocalDate day) {
        List<LocalDate> dropped = partitions.dropBefore(day);
        audit.record(AuditRecord.of(AuditAction.DELETE, "traffic_cdr_partition", "before-" + day)
                .detail("days", Integer.toString(dropped.size())));
        return dropped;
    }

    static String hash(Collection<String> e164) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(String.join(",", e164).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CallRecord row(ResultSet rs) throws SQLException {
        return new CallRecord(
                rs.getString("record_id"),
                rs.getString("source_format"),
                instant(rs, "call_start"),
                instant(rs, "answer_at"),
                instant(rs, "end_at"),
                (Integer) rs.getObject("duration_s"),
                (Integer) rs.getObject("billsec_s"),
                rs.getString("disposition"),
                rs.getString("calling_number"),
                rs.getString("called_number"),
                rs.getString("calling_raw"),
                rs.getString("called_raw"),
                rs.getString("caller_id"),
                rs.getString("account_code"),
                rs.getString("unique_id"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
