package nl.waarborg.subjects.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.Register;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which row of the register a record of the built-in store belongs to, and whether it is sensitive. The register
 * decides: a record named by a register category key belongs to that row; a record named by a vocabulary key
 * ({@code user.contact.email}) belongs to the one row whose data categories cover it, and waits for a person to
 * assign it when several rows (or none) do. A record is sealed when its row is {@code sensitive: true} or, while
 * unassigned, when any row that could cover it is or no row covers it (the register does not know that data yet). No list in the configuration can disagree with the register (its check warns about secrets in a row not
 * marked sensitive).
 */
@Service
public class RecordCategories {

    private static final Logger log = LoggerFactory.getLogger(RecordCategories.class);

    private final Registers registers;
    private final JdbcClient jdbc;

    RecordCategories(Registers registers, JdbcClient jdbc) {
        this.registers = registers;
        this.jdbc = jdbc;
    }

    /**
     * How a key given with a record maps to the register in force.
     *
     * @param category the row's key when {@code assigned}, the given key otherwise
     * @param candidates the rows that could hold the record (one when assigned)
     */
    public record Resolution(String category, boolean assigned, boolean sensitive, List<String> candidates) {}

    public Resolution resolve(String key) {
        return resolve(registers.current().map(RegisterVersion::register), key);
    }

    Resolution resolve(Optional<Register> register, String key) {
        if (register.isEmpty()) {
            // Nothing can be decided before the first register; its arrival seals what it does not cover.
            return new Resolution(key, false, false, List.of());
        }
        Optional<DataCategory> row = register.get().category(key);
        if (row.isPresent()) {
            return new Resolution(key, true, sensitive(row.get()), List.of(key));
        }
        List<DataCategory> covering =
                register.get().categories().filter(c -> c.includes(key)).toList();
        if (covering.size() == 1) {
            DataCategory only = covering.get(0);
            return new Resolution(only.key(), true, sensitive(only), List.of(only.key()));
        }
        // Covered by no row, the register does not know this data: sealed until a person gives it a row.
        return new Resolution(
                key,
                false,
                covering.isEmpty() || covering.stream().anyMatch(this::sensitive),
                covering.stream().map(DataCategory::key).toList());
    }

    /** A row is sensitive when the register says so. */
    boolean sensitive(DataCategory row) {
        return row.sensitive();
    }

    /**
     * Assigns every unassigned record whose key now maps to one row (after a register version was applied, and at
     * start for records from before rows existed). Answers how many were assigned.
     */
    @Transactional
    public int assignPending() {
        Optional<Register> register = registers.current().map(RegisterVersion::register);
        if (register.isEmpty()) {
            return 0;
        }
        int assigned = 0;
        List<String> keys = jdbc.sql("SELECT DISTINCT given_category FROM store_record WHERE NOT assigned")
                .query(String.class)
                .list();
        for (String key : keys) {
            Resolution r = resolve(register, key);
            if (r.assigned()) {
                assigned += jdbc.sql("""
                                UPDATE store_record SET category = ?, assigned = true
                                 WHERE NOT assigned AND given_category = ?
                                """).params(r.category(), key).update();
            }
        }
        if (assigned > 0) {
            log.info("Assigned {} record(s) to their register category", assigned);
        }
        return assigned;
    }

    /**
     * The category keys whose records must be sealed: the sensitive rows, and the unassigned keys that resolve as
     * sensitive. A plaintext record under one of them is sealed by the next key-rotation batch.
     */
    @Transactional(readOnly = true)
    public Set<String> sensitiveKeys() {
        Optional<Register> register = registers.current().map(RegisterVersion::register);
        Set<String> keys = new TreeSet<>();
        register.ifPresent(r -> r.categories().filter(this::sensitive).forEach(c -> keys.add(c.key())));
        jdbc
                .sql("SELECT DISTINCT category FROM store_record WHERE NOT assigned AND NOT sensitive")
                .query(String.class)
                .list()
                .stream()
                .filter(k -> resolve(register, k).sensitive())
                .forEach(keys::add);
        return keys;
    }

    /** Records that wait for a person to choose their register category. */
    @Transactional(readOnly = true)
    public long countUnassigned() {
        return jdbc.sql("SELECT count(*) FROM store_record WHERE NOT assigned")
                .query(Long.class)
                .single();
    }
}
