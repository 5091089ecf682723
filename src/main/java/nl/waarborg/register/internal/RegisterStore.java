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
    private static final String SUMMARY =
            "number, applied_at, author, change_summary, in_force_from, content_hash, categories,"
                    + " accepted_findings_reason, accepted_findings";

    // Versions never change, so a parsed one can be kept for good.
    private final Map<Integer, Register> parsed = new ConcurrentHashMap<>();

    RegisterStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<VersionSummary> list() {
        return jdbc.sql("SELECT " + SUMMARY + " FROM register_version ORDER BY number DESC")
                .query(RegisterStore::summary)
                .list();
    }

    public Optional<VersionSummary> latest() {
        return jdbc.sql("SELECT " + SUMMARY + " FROM register_version ORDER BY number DESC LIMIT 1")
                .query(RegisterStore::summary)
                .optional();
    }

    public Optional<RegisterVersion> find(int number) {
        return jdbc.sql("SELECT " + SUMMARY + " FROM register_version WHERE number = ?")
                .param(number)
                .query(RegisterStore::summary)
                .optional()
                .map(this::withRegister);
    }

    /** The newest version: one query once its content has been parsed. */
    public Optional<RegisterVersion> current() {
        return latest().map(this::withRegister);
    }

    private RegisterVersion withRegister(VersionSummary s) {
        // The content is only fetched the first time: versions never change.
        Register register = parsed.computeIfAbsent(s.number(), this::readStored);
        return new RegisterVersion(
                s.number(), s.appliedAt(), s.author(), s.changeSummary(), s.inForceFrom(), s.contentHash(), register);
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
                          (number, applied_at, author, change_summary, in_force_from, content_hash, content, categories,
                           accepted_findings_reason, accepted_findings)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        s.number(),
                        Timestamp.from(s.appliedAt()),
                        s.author(),
                        s.changeSummary(),
                        s.inForceFrom(),
                        s.contentHash(),
                        content,
                        s.categories(),
                        s.acceptedFindingsReason(),
                        s.acceptedFindings().isEmpty()
                                ? null
                                : s.acceptedFindings().toArray(String[]::new))
                .update();
    }

    private Register readStored(int number) {
        return RegisterReader.read(jdbc.sql("SELECT content FROM register_version WHERE number = ?")
                .param(number)
                .query(String.class)
                .single());
    }

    private static VersionSummary summary(ResultSet rs, int n) throws SQLException {
        return new VersionSummary(
                rs.getInt("number"),
                rs.getTimestamp("applied_at").toInstant(),
                rs.getString("author"),
                rs.getString("change_summary"),
                rs.getObject("in_force_from", java.time.LocalDate.class),
                rs.getString("content_hash"),
                rs.getInt("categories"),
                rs.getString("accepted_findings_reason"),
                rs.getArray("accepted_findings") == null
                        ? List.of()
                        : List.of((String[]) rs.getArray("accepted_findings").getArray()));
    }
}
