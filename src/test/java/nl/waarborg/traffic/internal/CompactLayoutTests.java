package nl.waarborg.traffic.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import nl.waarborg.TestDatabases;
import nl.waarborg.WaarborgTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The compact layout of stored calls (migration {@code V20261206_0100}): what it leaves out comes back exactly, and
 * calls stored in the layout before it move over with every value and their day counts intact.
 */
@WaarborgTest
class CompactLayoutTests {

    /** The last migration before the compact layout. */
    static final String BEFORE = "20261205.5400";

    @Autowired
    DataSource waarborg;

    @Autowired
    Environment environment;

    @Test
    void callsStoredInTheOldLayoutMigrateWithEveryValue() {
        DriverManagerDataSource database = beforeCompactLayout("compact");
        JdbcTemplate db = new JdbcTemplate(database);
        UUID importId = UUID.randomUUID();
        UUID lost = UUID.randomUUID();
        db.update("INSERT INTO traffic_import (id, format, started_at) VALUES (?, 'asterisk', now())", importId);
        db.update("CREATE TABLE traffic_cdr_p20261101 PARTITION OF traffic_cdr"
                + " FOR VALUES FROM ('2026-11-01 00:00:00+00') TO ('2026-11-02 00:00:00+00')");
        UUID national = UUID.fromString("1b4e28ba-2fa1-3d2e-a5b6-0123456789ab");
        String insert = """
                INSERT INTO traffic_cdr (call_start, record_id, source_format, calling_number, called_number,
                       calling_raw, called_raw, caller_id, account_code, context, channel, dst_channel, answer_at,
                       end_at, duration_s, billsec_s, disposition, unique_id, import_id)
                VALUES (?::timestamptz, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz, ?, ?, ?, ?, ?)
                """;
        db.update(
                insert,
                "2026-11-01 09:00:00+00",
                national,
                "asterisk",
                "+31201234567",
                "+31612345678",
                "0201234567",
                "0031612345678",
                "\"Bakker\" <0201234567>",
                "acc-1",
                "from-internal",
                "SIP/trunk-1",
                "SIP/out-1",
                "2026-11-01 09:00:05+00",
                "2026-11-01 09:01:00+00",
                60,
                55,
                "ANSWERED",
                "1760000000.1",
                importId);
        // An extension with its own raw form, no answer, and an import the import table does not know.
        bareCall(db, "2026-11-01 10:00:00+00", "jsonl", null, "+31612345678", "201", "+31612345678", "BUSY", lost);
        // A number column holding what is not E.164 (only an operator's SQL could store it): kept as the raw number.
        bareCall(
                db,
                "2026-11-01 11:00:00+00",
                "asterisk",
                "anonymous",
                "+31612345678",
                null,
                "+31612345678",
                "ANSWERED",
                importId);
        // 23:30 UTC on 1 November is 00:30 on 2 November in Amsterdam: it moves to that day's partition.
        bareCall(db, "2026-11-01 23:30:00+00", "asterisk", "+31201234567", null, null, null, "ANSWERED", importId);
        long dayCount = db.queryForObject("SELECT rows FROM traffic_day_rows WHERE day = '2026-11-01'", Long.class);

        migrate(database);

        assertThat(dayCount).as("UTC days before").isEqualTo(4);
        assertThat(db.queryForObject("SELECT rows FROM traffic_day_rows WHERE day = '2026-11-01'", Long.class))
                .isEqualTo(3);
        assertThat(db.queryForObject("SELECT rows FROM traffic_day_rows WHERE day = '2026-11-02'", Long.class))
                .isEqualTo(1);
        assertThat(db.queryForObject("SELECT count(*) FROM traffic_cdr_p20261102", Long.class))
                .as("partitions by Amsterdam day")
                .isEqualTo(1);
        assertThat(db.queryForObject(
                        "SELECT (regexp_match(b, 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz = '2026-10-31 23:00:00+00'"
                                + " AND (regexp_match(b, 'TO \\(''([^'']+)''\\)'))[1]::timestamptz"
                                + " = '2026-11-01 23:00:00+00' FROM (SELECT pg_get_expr(relpartbound, oid) AS b"
                                + " FROM pg_class WHERE relname = 'traffic_cdr_p20261101') p",
                        Boolean.class))
                .as("1 November in Amsterdam, in UTC")
                .isTrue();
        List<Map<String, Object>> rows = db.queryForList("""
                SELECT c.*, i.format, cl.label AS context, dl.label AS disposition
                  FROM traffic_cdr c JOIN traffic_import i ON i.no = c.import_no
                  LEFT JOIN traffic_label cl ON cl.id = c.context_id
                  LEFT JOIN traffic_label dl ON dl.id = c.disposition_id
                 WHERE c.call_start < '2026-11-01 23:00:00+00'
                 ORDER BY c.call_start
                """);
        assertThat(rows).hasSize(3);
        Map<String, Object> first = rows.get(0);
        assertThat(first.get("record_id")).isEqualTo(national.getMostSignificantBits());
        assertThat(CdrForms.recordId((Long) first.get("record_id"))).isEqualTo("1b4e28ba2fa13d2e");
        assertThat(first.get("format")).isEqualTo("asterisk");
        assertThat(first.get("context")).isEqualTo("from-internal");
        assertThat(first.get("disposition")).isEqualTo("ANSWERED");
        assertThat(first.get("calling_number")).as("E.164 digits").isEqualTo(31201234567L);
        assertThat(first.get("called_number")).isEqualTo(31612345678L);
        int forms = ((Number) first.get("forms")).intValue();
        assertThat(first.get("calling_raw")).as("rebuilt from the number").isNull();
        assertThat(CdrForms.raw(CdrForms.callingForm(forms), null, "+31201234567"))
                .isEqualTo("0201234567");
        assertThat(CdrForms.raw(CdrForms.calledForm(forms), null, "+31612345678"))
                .isEqualTo("0031612345678");
        assertThat(first.get("caller_id")).isEqualTo("\"Bakker\" <0201234567>");
        assertThat(first.get("account_code")).isEqualTo("acc-1");
        assertThat(first.get("unique_id")).isEqualTo("1760000000.1");
        assertThat(first.get("channel")).isEqualTo("SIP/trunk-1");
        assertThat(first.get("dst_channel")).isEqualTo("SIP/out-1");
        assertThat(first.get("duration_s")).isEqualTo(60);
        assertThat(first.get("billsec_s")).isEqualTo(55);
        assertThat(((java.sql.Timestamp) first.get("answer_at")).toInstant())
                .isEqualTo(Instant.parse("2026-11-01T09:00:05Z"));
        assertThat(((java.sql.Timestamp) first.get("end_at")).toInstant())
                .isEqualTo(Instant.parse("2026-11-01T09:01:00Z"));

        Map<String, Object> second = rows.get(1);
        assertThat(second.get("format"))
                .as("an import the table lacked is recorded")
                .isEqualTo("jsonl");
        assertThat(second.get("calling_number")).isNull();
        assertThat(second.get("calling_raw")).isEqualTo("201");
        assertThat(second.get("called_number")).isEqualTo(31612345678L);
        assertThat(CdrForms.raw(CdrForms.calledForm(((Number) second.get("forms")).intValue()), null, "+31612345678"))
                .isEqualTo("+31612345678");
        assertThat(second.get("disposition")).isEqualTo("BUSY");
        Map<String, Object> third = rows.get(2);
        assertThat(third.get("calling_number")).isNull();
        assertThat(third.get("calling_raw"))
                .as("what was not E.164 is not lost")
                .isEqualTo("anonymous");
        assertThat(db.queryForObject("SELECT outcome FROM traffic_import WHERE id = ?", String.class, lost))
                .isEqualTo("MIGRATED");
        assertThat(db.queryForObject("SELECT count(*) FROM pg_class WHERE relname LIKE '%before_compact%'", Long.class))
                .as("nothing of the old layout left")
                .isZero();
    }

    /** A call without a day (an operator's SQL) stops the migration with the reason; nothing is lost. */
    @Test
    void aCallStartingAtInfinityStopsTheMigrationWithTheReason() {
        DriverManagerDataSource database = beforeCompactLayout("compact_infinite");
        JdbcTemplate db = new JdbcTemplate(database);
        UUID importId = UUID.randomUUID();
        db.update("INSERT INTO traffic_import (id, format, started_at) VALUES (?, 'jsonl', now())", importId);
        db.execute("CREATE TABLE traffic_cdr_default PARTITION OF traffic_cdr DEFAULT");
        bareCall(db, "infinity", "jsonl", "+31201234567", null, null, null, "ANSWERED", importId);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> migrate(database))
                .hasStackTraceContaining("whose start is infinity or -infinity");
        assertThat(db.queryForObject("SELECT count(*) FROM traffic_cdr", Long.class))
                .as("the migration rolled back whole")
                .isEqualTo(1);
    }

    /** A database of its own, migrated up to the layout before the compact one. */
    private DriverManagerDataSource beforeCompactLayout(String name) {
        DriverManagerDataSource database =
                new DriverManagerDataSource(TestDatabases.create(waarborg, name), "postgres", null);
        Flyway.configure()
                .dataSource(database)
                .locations(locations())
                .target(BEFORE)
                .load()
                .migrate();
        return database;
    }

    private void migrate(DataSource database) {
        Flyway.configure().dataSource(database).locations(locations()).load().migrate();
    }

    private String[] locations() {
        return environment.getRequiredProperty("spring.flyway.locations").split(",");
    }

    /** A call in the layout before the compact one with only its numbers, disposition and import. */
    private static void bareCall(
            JdbcTemplate db,
            String start,
            String format,
            String calling,
            String called,
            String callingRaw,
            String calledRaw,
            String disposition,
            UUID importId) {
        db.update(
                "INSERT INTO traffic_cdr (call_start, record_id, source_format, calling_number, called_number,"
                        + " calling_raw, called_raw, disposition, import_id)"
                        + " VALUES (?::timestamptz, ?, ?, ?, ?, ?, ?, ?, ?)",
                start,
                UUID.randomUUID(),
                format,
                calling,
                called,
                callingRaw,
                calledRaw,
                disposition,
                importId);
    }

    /** The raw side of the benchmarks loads the same table as Waarborg: its DDL is checked against the migrated one. */
    @Test
    void theBenchmarksRawTableIsWaarborgsTable() throws java.io.IOException {
        JdbcTemplate db = new JdbcTemplate(waarborg);
        db.execute(CdrIngestBenchmark.rawTable("ddl_check_cdr"));
        try {
            String columns = "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod) || ' '"
                    + " || attnotnull || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), ''), ', ' ORDER BY attnum)"
                    + " FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                    + " WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped";
            assertThat(db.queryForObject(columns, String.class, "ddl_check_cdr"))
                    .isEqualTo(db.queryForObject(columns, String.class, "traffic_cdr"));
            String indexes = "SELECT string_agg(regexp_replace(pg_get_indexdef(indexrelid), '^.* USING ', ''), ', '"
                    + " ORDER BY 1) FROM pg_index WHERE indrelid = ?::regclass";
            assertThat(db.queryForObject(indexes, String.class, "ddl_check_cdr"))
                    .isEqualTo(db.queryForObject(indexes, String.class, "traffic_cdr"));
        } finally {
            db.execute("DROP TABLE ddl_check_cdr");
        }
    }

    /** Numbers are stored as their E.164 digits; SQL turns E.164 text into them and anything else into nothing. */
    @Test
    void onlyE164TextBecomesAStoredNumber() {
        JdbcTemplate db = new JdbcTemplate(waarborg);
        assertThat(db.queryForObject("SELECT traffic_number('+31612345678')", Long.class))
                .isEqualTo(31612345678L);
        assertThat(db.queryForObject("SELECT traffic_number('+999999999999999999')", Long.class))
                .isEqualTo(999_999_999_999_999_999L);
        assertThat(db.queryForObject("SELECT traffic_number('+9223372036854775807')", Long.class))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(db.queryForObject("SELECT traffic_number('+8100312345678901234')", Long.class))
                .isEqualTo(8_100_312_345_678_901_234L);
        for (String notE164 : new String[] {
            "",
            "+",
            "31612345678",
            "+0612345678",
            "+3161234567a",
            "+31 612345678",
            "+9223372036854775808",
            "+9999999999999999999",
            "+-1"
        }) {
            assertThat(db.queryForObject("SELECT traffic_number(?)", Long.class, notE164))
                    .as(notE164)
                    .isNull();
        }
        assertThat(db.queryForObject("SELECT traffic_number(NULL)", Long.class)).isNull();
        assertThat(db.queryForObject(
                        "SELECT array_to_string(traffic_numbers(ARRAY['+31201234567', 'x', NULL, '+1']), ',')",
                        String.class))
                .isEqualTo("31201234567,1");
    }

    @Test
    void recordIdsAreSixteenHexDigits() {
        assertThat(CdrForms.recordId(0L)).isEqualTo("0000000000000000");
        assertThat(CdrForms.recordId(-1L)).isEqualTo("ffffffffffffffff");
        assertThat(CdrForms.recordId(0x1b4e28ba2fa13d2eL)).isEqualTo("1b4e28ba2fa13d2e");
    }
}
