package nl.waarborg.traffic.internal;

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
import java.util.Set;
import java.util.TreeSet;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.subjects.Identifiers;
import nl.waarborg.traffic.TrafficData;
import nl.waarborg.traffic.TrafficException;
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
    private final TrafficLabels labels;

    TrafficStore(JdbcClient jdbc, TrafficPartitions partitions, AuditTrail audit, TrafficLabels labels) {
        this.labels = labels;
        this.jdbc = jdbc;
        this.partitions = partitions;
        this.audit = audit;
    }

    @Override
    @Transactional
    public List<CallRecord> callsOf(
            Collection<String> numbers, Instant from, Instant to, int limit, String subjectId, String purpose) {
        TreeSet<String> e164 = e164(numbers);
        checkLimit(limit);
        List<CallRecord> calls;
        try {
            // traffic_lookup refuses a restricted number in the same round trip as the lookup.
            calls = jdbc.sql("SELECT * FROM traffic_lookup(?::text[], ?, ?, ?, 0, false)")
                    .params(e164.toArray(String[]::new), timestamp(from), timestamp(to), limit)
                    .query((rs, n) -> row(rs))
                    .list();
        } catch (org.springframework.dao.DataAccessException e) {
            if (e.getMostSpecificCause() instanceof java.sql.SQLException sql && "WB001".equals(sql.getSQLState())) {
                throw restricted();
            }
            throw e;
        }
        audited(e164, subjectId, purpose, calls.size());
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
        checkLimit(limit);
        if (offset < 0) {
            throw new TrafficException(Kind.INVALID, "offset", "must not be negative");
        }
        refuseRestricted(e164);
        String[] values = e164.toArray(String[]::new);
        Totals totals = totals(values, from, to);
        List<CallRecord> page =
                totals.matching() > offset ? page(values, from, to, limit, offset, true) : List.<CallRecord>of();
        audit.record(AuditRecord.of(AuditAction.READ, "traffic_cdr", "number-sha256:" + hash(e164))
                .subject(subjectId)
                .purpose(purpose)
                .detail("rows", Integer.toString(page.size()))
                .detail("total", Long.toString(totals.total())));
        return new CallHistory(totals.total(), totals.first(), totals.last(), totals.matching(), page);
    }

    /**
     * @param total every call of the numbers
     * @param matching the calls within the asked window
     */
    record Totals(long total, Instant first, Instant last, long matching) {}

    /** How many calls the numbers have, first and last, and how many fall in {@code [from, to)}. */
    Totals totals(String[] e164, Instant from, Instant to) {
        if (e164.length == 0) {
            return new Totals(0, null, null, 0);
        }
        return jdbc.sql("SELECT * FROM traffic_call_totals(?::text[], ?, ?)")
                .params(e164, timestamp(from), timestamp(to))
                .query((rs, n) -> new Totals(
                        rs.getLong("total"),
                        instant(rs, "first_call"),
                        instant(rs, "last_call"),
                        rs.getLong("matching")))
                .single();
    }

    /** The numbers among these whose traffic data is restricted to storage only. */
    Set<String> restricted(String[] e164) {
        if (e164.length == 0) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("SELECT number FROM traffic_restriction WHERE number = ANY (?::text[])")
                .param(e164)
                .query(String.class)
                .list());
    }

    /** Restricted data is stored, not used: lookups wait until the restriction is lifted (Art. 18 GDPR). */
    private void refuseRestricted(Set<String> e164) {
        if (!restricted(e164.toArray(String[]::new)).isEmpty()) {
            throw restricted();
        }
    }

    private static TrafficException restricted() {
        return new TrafficException(
                Kind.REFUSED,
                "number",
                "The traffic data of this number is restricted to storage only (Art. 18 GDPR); it can be looked up"
                        + " again once the restriction is lifted");
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new TrafficException(Kind.INVALID, "limit", "must be between 1 and " + MAX_LIMIT);
        }
    }

    private void audited(TreeSet<String> e164, String subjectId, String purpose, int rows) {
        // The audit names the numbers by hash: the trail must not become a copy of the data it guards.
        audit.record(AuditRecord.of(AuditAction.READ, "traffic_cdr", "number-sha256:" + hash(e164))
                .subject(subjectId)
                .purpose(purpose)
                .detail("rows", Integer.toString(rows)));
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    /**
     * Through {@code traffic_calls} (see its migrations), which keeps one cached plan per connection instead of
     * planning every daily partition anew. Ties on the start are broken by record id: a forwarded call writes several
     * records with the same start.
     */
    List<CallRecord> page(String[] e164, Instant from, Instant to, int limit, int offset, boolean newestFirst) {
        return jdbc.sql("SELECT * FROM traffic_calls(?::text[], ?, ?, ?, ?, ?)")
                .params(e164, timestamp(from), timestamp(to), limit, offset, newestFirst)
                .query((rs, n) -> row(rs))
                .list();
    }

    private static TreeSet<String> e164(Collection<String> numbers) {
        if (numbers == null || numbers.isEmpty()) {
            throw new TrafficException(Kind.INVALID, "number", "at least one phone number is needed");
        }
        TreeSet<String> e164 = new TreeSet<>();
        for (String n : numbers) {
            e164.add(Identifiers.phone(n)
                    .orElseThrow(() -> new TrafficException(Kind.INVALID, "number", "is not a valid phone number")));
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

    /** A stored call with the values the compact layout leaves out rebuilt (see {@link CdrForms}). */
    private CallRecord row(ResultSet rs) throws SQLException {
        int forms = rs.getInt("forms");
        Instant start = instant(rs, "call_start");
        Integer duration = (Integer) rs.getObject("duration_s");
        Integer billsec = (Integer) rs.getObject("billsec_s");
        Instant end = CdrForms.end(forms, instant(rs, "end_at"), start, duration);
        String calling = CdrForms.e164((Long) rs.getObject("calling_number"));
        String called = CdrForms.e164((Long) rs.getObject("called_number"));
        String callingRaw = CdrForms.raw(CdrForms.callingForm(forms), rs.getString("calling_raw"), calling);
        return new CallRecord(
                CdrForms.recordId(rs.getLong("record_id")),
                labels.format(rs.getInt("import_no")),
                start,
                CdrForms.answer(forms, instant(rs, "answer_at"), end, billsec),
                end,
                duration,
                billsec,
                labels.label((Integer) rs.getObject("disposition_id")),
                calling,
                called,
                callingRaw,
                CdrForms.raw(CdrForms.calledForm(forms), rs.getString("called_raw"), called),
                CdrForms.callerId(forms, rs.getString("caller_id"), callingRaw),
                rs.getString("account_code"),
                rs.getString("unique_id"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
