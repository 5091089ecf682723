package nl.waarborg.statement.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import nl.waarborg.statement.StatementVersion;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The statement's own tables: published versions and which register versions have been checked. */
@Component
public class StatementStore {

    private final JdbcClient jdbc;

    StatementStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<StatementVersion> list() {
        return jdbc.sql("SELECT * FROM statement_version ORDER BY number DESC")
                .query(StatementStore::version)
                .list();
    }

    public Optional<StatementVersion> find(int number) {
        return jdbc.sql("SELECT * FROM statement_version WHERE number = ?")
                .param(number)
                .query(StatementStore::version)
                .optional();
    }

    public Optional<StatementVersion> latest() {
        return jdbc.sql("SELECT * FROM statement_version ORDER BY number DESC LIMIT 1")
                .query(StatementStore::version)
                .optional();
    }

    /** The newest version that has taken effect on the given day. */
    public Optional<StatementVersion> inForceOn(LocalDate day) {
        return jdbc.sql("SELECT * FROM statement_version WHERE effective_from <= ? ORDER BY number DESC LIMIT 1")
                .param(day)
                .query(StatementStore::version)
                .optional();
    }

    /** The statement version that a register version produced or left unchanged. */
    public Optional<StatementVersion> forRegisterVersion(int registerVersion) {
        return jdbc.sql("""
                        SELECT v.* FROM statement_register_check c
                        JOIN statement_version v ON v.number = c.statement_version
                        WHERE c.register_version = ?
                        """)
                .param(registerVersion)
                .query(StatementStore::version)
                .optional();
    }

    public int lastCheckedRegisterVersion() {
        return jdbc.sql("SELECT coalesce(max(register_version), 0) FROM statement_register_check")
                .query(Integer.class)
                .single();
    }

    /** Serialises the publishers so two instances or threads cannot both take the next number. */
    void lock() {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('statement_version'))")
                .query()
                .singleValue();
    }

    void insert(StatementVersion v) {
        jdbc.sql("""
                        INSERT INTO statement_version (number, register_version, effective_from, created_at, content_hash)
                        VALUES (?, ?, ?, ?, ?)
                        """)
                .params(
                        v.number(),
                        v.registerVersion(),
                        v.effectiveFrom(),
                        Timestamp.from(v.createdAt()),
                        v.contentHash())
                .update();
    }

    void checked(int registerVersion, int statementVersion, Instant at) {
        jdbc.sql("""
                        INSERT INTO statement_register_check (register_version, statement_version, checked_at)
                        VALUES (?, ?, ?) ON CONFLICT (register_version) DO NOTHING
                        """)
                .params(registerVersion, statementVersion, Timestamp.from(at))
                .update();
    }

    private static StatementVersion version(ResultSet rs, int n) throws SQLException {
        return new StatementVersion(
                rs.getInt("number"),
                rs.getInt("register_version"),
                rs.getObject("effective_from", LocalDate.class),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("content_hash"));
    }
}
