package nl.waarborg.register.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import nl.waarborg.register.Register;
import nl.waarborg.register.RegisterVersion;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The table of immutable register versions. */
@Component
public class RegisterStore {

    private final JdbcClient jdbc;
    // Versions never change, so a parsed one can be kept for good.
    private final Map<Integer, Register> parsed = new ConcurrentHashMap<>();

    RegisterStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<VersionSummary> list() {
        return jdbc.sql("SELECT * FROM register_version ORDER BY number DESC")
                .query(RegisterStore::summary)
                .list();
    }

    public Optional<VersionSummary> latest() {
        return jdbc.sql("SELECT * FROM register_version ORDER BY number DESC LIMIT 1")
                .query(RegisterStore::summary)
                .optional();
    }

    public Optional<RegisterVersion> find(int number) {
        return jdbc.sql("SELECT * FROM register_version WHERE number = ?")
                .param(number)
                .query((rs, n) -> {
                    VersionSummary s = summary(rs, n);
                    Register register = parsed.computeIfAbsent(s.number(), k -> readStored(rs));
                    return new RegisterVersion(
                            s.number(),
                            s.appliedAt(),
                            s.author(),
                            s.changeSummary(),
                            s.inForceFrom(),
                            s.contentHash(),
                            register);
                })
                .optional();
    }

    public Optional<RegisterVersion> current() {
        return latest().flatMap(s -> find(s.number()));
    }

    /** Serialises writers so two applies cannot both take the next number. */
    void lock() {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('register_version'))")
                .query()
                .singleValue();
    }

    void insert(VersionSummary s, String content) {
        jdbc.sql("""
                        INSERT INTO register_version
                          (number, applied_at, author, change_summary, in_force_from, content_hash, content, categories)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        s.number(),
                        Timestamp.from(s.appliedAt()),
                        s.author(),
                        s.changeSummary(),
                        s.inForceFrom(),
                        s.contentHash(),
                        content,
                        s.categories())
                .update();
    }

    private static Register readStored(ResultSet rs) {
        try {
            return RegisterReader.read(rs.getString("content"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static VersionSummary summary(ResultSet rs, int n) throws SQLException {
        return new VersionSummary(
                rs.getInt("number"),
                rs.getTimestamp("applied_at").toInstant(),
                rs.getString("author"),
                rs.getString("change_summary"),
                rs.getObject("in_force_from", java.time.LocalDate.class),
                rs.getString("content_hash"),
                rs.getInt("categories"));
    }
}
