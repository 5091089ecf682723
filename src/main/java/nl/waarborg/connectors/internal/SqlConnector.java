package nl.waarborg.connectors.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import nl.waarborg.connectors.internal.ConnectorSettings.SqlTable;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Another system's database, reached with JDBC: per mapped table the identity columns to search, the timestamp column
 * for retention and whether erasure deletes or anonymises. Table and column names come from configuration only and
 * must be plain SQL names; values always go in as parameters.
 */
final class SqlConnector implements CountingConnector {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private final String system;
    private final DataSource dataSource;
    private final Map<String, SqlTable> tables;

    SqlConnector(String system, ConnectorSettings settings) {
        this(system, dataSource(system, settings), settings.tables());
    }

    SqlConnector(String system, DataSource dataSource, Map<String, SqlTable> tables) {
        this.system = system;
        this.dataSource = dataSource;
        this.tables = Map.copyOf(tables);
        if (tables.isEmpty()) {
            throw new IllegalArgumentException(
                    "waarborg.connectors." + system + ".tables: at least one table is needed");
        }
        tables.forEach((name, t) -> validate(system, name, t));
    }

    private static DataSource dataSource(String system, ConnectorSettings s) {
        if (s.url() == null || s.url().isBlank()) {
            throw new IllegalArgumentException("waarborg.connectors." + system + ".url is needed for a sql connector");
        }
        return new DriverManagerDataSource(s.url(), s.username(), s.password());
    }

    private static void validate(String system, String name, SqlTable t) {
        String prefix = "waarborg.connectors." + system + ".tables." + name + ".";
        requireName(prefix + "table", t.table());
        if (t.category() == null || t.category().isBlank()) {
            throw new IllegalArgumentException(prefix + "category is needed");
        }
        if (t.identity().isEmpty()) {
            throw new IllegalArgumentException(prefix + "identity needs at least one kind=column");
        }
        t.identity().forEach((kind, column) -> {
            kind(prefix, kind);
            requireName(prefix + "identity." + kind, column);
        });
        if (t.key() != null) {
            requireName(prefix + "key", t.key());
        }
        if (t.timestamp() != null) {
            requireName(prefix + "timestamp", t.timestamp());
        }
        t.anonymise().keySet().forEach(c -> requireName(prefix + "anonymise." + c, c));
        t.columns().forEach(c -> requireName(prefix + "columns", c));
        if (!anonymises(t) && !"delete".equalsIgnoreCase(t.erase())) {
            throw new IllegalArgumentException(prefix + "erase must be delete or anonymise");
        }
        if (anonymises(t) && t.anonymise().isEmpty()) {
            throw new IllegalArgumentException(prefix + "anonymise needs at least one column=value");
        }
    }

    private static IdentifierKind kind(String prefix, String kind) {
        try {
            return IdentifierKind.valueOf(kind.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + "identity." + kind + " is not an identifier kind");
        }
    }

    private static void requireName(String property, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(property + " must be a plain SQL name");
        }
    }

    private static boolean anonymises(SqlTable t) {
        String e = t.erase() == null ? "" : t.erase().toLowerCase(Locale.ROOT);
        return e.equals("anonymise") || e.equals("anonymize");
    }

    @Override
    public String system() {
        return system;
    }

    @Override
    public String type() {
        return "sql";
    }

    /** The identifier kinds of the mapped tables' identity columns. */
    @Override
    public Set<IdentifierKind> searchable() {
        Set<IdentifierKind> kinds = java.util.EnumSet.noneOf(IdentifierKind.class);
        tables.values().forEach(t -> t.identity().keySet().forEach(k -> kinds.add(kind("", k))));
        return kinds;
    }

    @Override
    public boolean holds(String category) {
        return tables.values().stream().anyMatch(t -> t.category().equals(category));
    }

    @Override
    public List<String> categories() {
        return tables.values().stream()
                .map(SqlTable::category)
                .distinct()
                .sorted()
                .toList();
    }

    /** Connects and checks that every mapped table and column exists; reads no rows. */
    @Override
    public ConnectionCheck check() {
        List<String> problems = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            for (var entry : new java.util.TreeMap<>(tables).entrySet()) {
                SqlTable t = entry.getValue();
                String[] parts = t.table().split("\\.");
                String schema = parts.length == 2 ? parts[0] : null;
                String table = parts[parts.length - 1];
                Set<String> existing = new java.util.HashSet<>();
                for (String name : new String[] {table, table.toLowerCase(Locale.ROOT)}) {
                    try (ResultSet rs =
                            meta.getColumns(null, schema == null ? null : schema.toLowerCase(Locale.ROOT), name, "%")) {
                        while (rs.next()) {
                            existing.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                        }
                    }
                }
                if (existing.isEmpty()) {
                    problems.add("table " + t.table() + " not found");
                    continue;
                }
                Set<String> needed = new java.util.TreeSet<>(t.identity().values());
                if (t.key() != null) {
                    needed.add(t.key());
                }
                if (t.timestamp() != null) {
                    needed.add(t.timestamp());
                }
                needed.addAll(t.anonymise().keySet());
                needed.addAll(t.columns());
                needed.stream()
                        .filter(col -> !existing.contains(col.toLowerCase(Locale.ROOT)))
                        .forEach(col -> problems.add("column " + t.table() + "." + col + " not found"));
            }
        } catch (SQLException e) {
            return ConnectionCheck.failed("connection failed (SQLState " + e.getSQLState() + ")");
        }
        return problems.isEmpty()
                ? ConnectionCheck.ok("connected; " + tables.size() + " table(s) and their columns found")
                : ConnectionCheck.failed(String.join("; ", problems));
    }

    @Override
    public void close() {
        if (dataSource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Closing an old pool after a rebuild: nothing left to do about it.
            }
        }
    }

    @Override
    public SystemResult find(Set<Identifier> identifiers) {
        return SystemResult.done(system, type(), select(identifiers, false), 0);
    }

    @Override
    public SystemResult export(Set<Identifier> identifiers) {
        return SystemResult.done(system, type(), select(identifiers, true), 0);
    }

    private List<SystemResult.ExternalRecord> select(Set<Identifier> identifiers, boolean withData) {
        List<SystemResult.ExternalRecord> records = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            for (var entry : tables.entrySet()) {
                SqlTable t = entry.getValue();
                Match match = match(t, identifiers);
                if (match == null) {
                    continue;
                }
                String columns = withData ? (t.columns().isEmpty() ? "*" : String.join(", ", t.columns())) : "";
                List<String> meta = new ArrayList<>();
                if (t.key() != null) {
                    meta.add(t.key() + " AS wb_key");
                }
                if (t.timestamp() != null) {
                    meta.add(t.timestamp() + " AS wb_time");
                }
                String select = String.join(", ", meta);
                if (!columns.isEmpty()) {
                    select = select.isEmpty() ? columns : select + ", " + columns;
                }
                if (select.isEmpty()) {
                    select = "1 AS wb_found";
                }
                try (PreparedStatement ps =
                        c.prepareStatement("SELECT " + select + " FROM " + t.table() + " WHERE " + match.sql)) {
                    match.bind(ps, 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        ResultSetMetaData md = rs.getMetaData();
                        while (rs.next()) {
                            Map<String, Object> data = new LinkedHashMap<>();
                            if (withData) {
                                for (int i = 1; i <= md.getColumnCount(); i++) {
                                    String label = md.getColumnLabel(i);
                                    if (!label.startsWith("wb_")) {
                                        data.put(label, plain(rs.getObject(i)));
                                    }
                                }
                            }
                            records.add(new SystemResult.ExternalRecord(
                                    t.category(),
                                    system + ":" + t.table(),
                                    t.key() == null ? null : String.valueOf(rs.getObject("wb_key")),
                                    t.timestamp() == null ? null : instant(rs.getObject("wb_time")),
                                    data));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw failure("search", e);
        }
        return records;
    }

    @Override
    public SystemResult erase(Set<Identifier> identifiers, Set<String> keep, String operationId) {
        long affected = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (SqlTable t : tables.values()) {
                    if (keep.contains(t.category())) {
                        continue;
                    }
                    Match match = match(t, identifiers);
                    if (match != null) {
                        affected += change(c, t, match.sql, ps -> match.bind(ps, 1 + bound(t)));
                    }
                }
                // All tables or none: a half-erased person is worse than a retry.
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("erasure", e);
        }
        return SystemResult.done(system, type(), List.of(), affected);
    }

    /**
     * Deletes or anonymises the category's rows older than the cut-off, leaving the rows of held identifiers; a dry
     * run counts them in a read-only transaction.
     */
    @Override
    public SystemResult expire(
            String category, Instant cutoff, Set<Identifier> held, String operationId, boolean dryRun) {
        long affected = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (SqlTable t : tables.values()) {
                    if (!t.category().equals(category) || t.timestamp() == null) {
                        continue;
                    }
                    Match keep = match(t, held);
                    // coalesce: a row whose identity column is empty is not held (NOT NULL would keep it for ever).
                    String where =
                            t.timestamp() + " < ?" + (keep == null ? "" : " AND NOT coalesce(" + keep.sql + ", false)");
                    Binder binder = ps -> {
                        // Both statements bind the anonymised values first (a dry run once, a change twice).
                        int first = 1 + (dryRun ? (anonymises(t) ? t.anonymise().size() : 0) : bound(t));
                        ps.setTimestamp(first, Timestamp.from(cutoff));
                        if (keep != null) {
                            keep.bind(ps, first + 1);
                        }
                    };
                    affected += dryRun ? count(c, t, where, binder) : change(c, t, where, binder);
                }
                if (dryRun) {
                    c.rollback();
                } else {
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("expiry", e);
        }
        return SystemResult.done(system, type(), List.of(), affected);
    }

    /**
     * Per mapped table of the category: its rows in the window, the distinct combinations of its identity columns (the
     * people), and each identity column's distinct values. A table without a timestamp column cannot be narrowed to a
     * window, so counting one with a window fails rather than counting the whole table.
     */
    @Override
    public SystemCount count(String category, Instant from, Instant to, int limit) {
        long people = 0;
        long records = 0;
        Set<Identifier> identifiers = new java.util.LinkedHashSet<>();
        try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            for (var entry : tables.entrySet()) {
                SqlTable t = entry.getValue();
                if (!t.category().equals(category)) {
                    continue;
                }
                if (t.timestamp() == null && (from != null || to != null)) {
                    throw new ConnectorFailure(system + ": the table " + entry.getKey()
                            + " has no timestamp column, so it cannot be counted for a window");
                }
                List<Timestamp> bounds = new ArrayList<>();
                StringBuilder where = new StringBuilder("1 = 1");
                if (from != null) {
                    where.append(" AND ").append(t.timestamp()).append(" >= ?");
                    bounds.add(Timestamp.from(from));
                }
                if (to != null) {
                    where.append(" AND ").append(t.timestamp()).append(" < ?");
                    bounds.add(Timestamp.from(to));
                }
                String columns = String.join(", ", t.identity().values());
                records += single(c, "SELECT count(*) FROM " + t.table() + " WHERE " + where, bounds);
                // Portable across databases: no count(DISTINCT a, b) and no row values.
                people += single(
                        c,
                        "SELECT count(*) FROM (SELECT DISTINCT " + columns + " FROM " + t.table() + " WHERE " + where
                                + ") wb_people",
                        bounds);
                for (var identity : limit <= identifiers.size()
                        ? List.<Map.Entry<String, String>>of()
                        : t.identity().entrySet()) {
                    IdentifierKind kind = kind("", identity.getKey());
                    String column = identity.getValue();
                    try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT " + column + " FROM " + t.table()
                            + " WHERE " + where + " AND " + column + " IS NOT NULL")) {
                        bind(ps, bounds);
                        ps.setMaxRows(limit - identifiers.size());
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next() && identifiers.size() < limit) {
                                identifiers.add(new Identifier(kind, rs.getString(1)));
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw failure("count", e);
        }
        return new SystemCount(people, records, identifiers);
    }

    private static long single(Connection c, String sql, List<Timestamp> bounds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, bounds);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void bind(PreparedStatement ps, List<Timestamp> bounds) throws SQLException {
        for (int i = 0; i < bounds.size(); i++) {
            ps.setTimestamp(i + 1, bounds.get(i));
        }
    }

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Parameters the statement binds before the WHERE clause's: the anonymised values. */
    private static int bound(SqlTable t) {
        return anonymises(t) ? t.anonymise().size() * 2 : 0;
    }

    /** What {@link #change} would change: for an anonymising table only the rows not anonymised yet. */
    private static long count(Connection c, SqlTable t, String where, Binder whereBinder) throws SQLException {
        List<String> columns = anonymises(t) ? List.copyOf(t.anonymise().keySet()) : List.of();
        String notYet = columns.isEmpty()
                ? ""
                : "("
                        + String.join(
                                " OR ",
                                columns.stream()
                                        .map(col -> col + " IS DISTINCT FROM ?")
                                        .toList()) + ") AND ";
        try (PreparedStatement ps =
                c.prepareStatement("SELECT count(*) FROM " + t.table() + " WHERE " + notYet + "(" + where + ")")) {
            int i = 1;
            for (String col : columns) {
                String value = t.anonymise().get(col);
                if ("null".equalsIgnoreCase(value)) {
                    ps.setNull(i++, java.sql.Types.NULL);
                } else {
                    ps.setObject(i++, value, java.sql.Types.OTHER);
                }
            }
            whereBinder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long change(Connection c, SqlTable t, String where, Binder whereBinder) throws SQLException {
        if (!anonymises(t)) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t.table() + " WHERE " + where)) {
                whereBinder.bind(ps);
                return ps.executeUpdate();
            }
        }
        List<String> columns = List.copyOf(t.anonymise().keySet());
        String set = String.join(", ", columns.stream().map(col -> col + " = ?").toList());
        // Rows already anonymised are left alone, so a repeated run changes (and counts) nothing.
        String notYet = String.join(
                " OR ", columns.stream().map(col -> col + " IS DISTINCT FROM ?").toList());
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE " + t.table() + " SET " + set + " WHERE (" + notYet + ") AND (" + where + ")")) {
            int i = 1;
            for (int round = 0; round < 2; round++) {
                for (String col : columns) {
                    String value = t.anonymise().get(col);
                    if ("null".equalsIgnoreCase(value)) {
                        ps.setNull(i++, java.sql.Types.NULL);
                    } else {
                        ps.setObject(i++, value, java.sql.Types.OTHER);
                    }
                }
            }
            // The WHERE clause's own parameters follow the SET and IS DISTINCT FROM ones.
            whereBinder.bind(ps);
            return ps.executeUpdate();
        }
    }

    /** The WHERE clause matching any of the identifiers in the table's identity columns, or null if none apply. */
    private static Match match(SqlTable t, Set<Identifier> identifiers) {
        List<String> parts = new ArrayList<>();
        List<String[]> values = new ArrayList<>();
        t.identity().forEach((kindName, column) -> {
            IdentifierKind kind = kind("", kindName);
            String[] v = identifiers.stream()
                    .filter(id -> id.kind() == kind)
                    .map(Identifier::value)
                    .distinct()
                    .toArray(String[]::new);
            if (v.length > 0) {
                parts.add(column + " = ANY (?)");
                values.add(v);
            }
        });
        return parts.isEmpty() ? null : new Match("(" + String.join(" OR ", parts) + ")", values);
    }

    private record Match(String sql, List<String[]> values) {
        void bind(PreparedStatement ps, int first) throws SQLException {
            int i = first;
            for (String[] v : values) {
                ps.setArray(i++, ps.getConnection().createArrayOf("text", v));
            }
        }
    }

    private static Object plain(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant().toString();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof Number || value instanceof Boolean || value == null) {
            return value;
        }
        return value.toString();
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        }
        return null;
    }

    private ConnectorFailure failure(String step, SQLException e) {
        // SQLState only: driver messages can quote the values of the failing row.
        return new ConnectorFailure(system + ": " + step + " failed (SQLState " + e.getSQLState() + ")", e);
    }
}
