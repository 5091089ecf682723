package nl.waarborg;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The benchmarks' other side: a PostgreSQL of its own on the same machine, tuned for reading and writing the rows at
 * hand (2 GB shared buffers, SSD costs, no JIT, fsync on), holding Waarborg's tables copied from its catalog (columns,
 * keys, indexes) with their rows copied by COPY. And the few statistics every benchmark reports.
 */
public final class RawPostgres {

    private RawPostgres() {}

    /** Starts the tuned server in a clean data directory. */
    public static EmbeddedPostgres start(Path dir) throws IOException {
        deleteRecursively(dir);
        Files.createDirectories(dir);
        return EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(true)
                .setServerConfig("shared_buffers", "2GB")
                .setServerConfig("effective_cache_size", "8GB")
                .setServerConfig("random_page_cost", "1.1")
                .setServerConfig("work_mem", "64MB")
                .setServerConfig("jit", "off")
                .setServerConfig("max_wal_size", "8GB")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
    }

    /** Creates the table on the raw side from Waarborg's catalog (columns, primary key, indexes) and copies rows. */
    public static void copyTable(DataSource from, DataSource to, String table, String select) throws Exception {
        JdbcTemplate source = new JdbcTemplate(from);
        List<String> columns = source.queryForList(
                "SELECT quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)"
                        + " || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END FROM pg_attribute a"
                        + " WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                String.class,
                table);
        JdbcTemplate target = new JdbcTemplate(to);
        target.execute("CREATE TABLE " + table + " (" + String.join(", ", columns) + ")");
        copyRows(from, to, table, select);
        for (String index : source.queryForList(
                "SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = ?::regclass", String.class, table)) {
            target.execute(index.replace("public.", ""));
        }
    }

    public static void copyRows(DataSource from, DataSource to, String table, String select) throws Exception {
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        try (Connection c = from.getConnection()) {
            c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + select + ") TO STDOUT (FORMAT binary)", rows);
        }
        try (Connection c = to.getConnection()) {
            c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(
                            "COPY " + table + " FROM STDIN (FORMAT binary)",
                            new ByteArrayInputStream(rows.toByteArray()));
        }
    }

    public static double median(double[] values) {
        return percentile(values, 50);
    }

    public static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    public static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** Milliseconds since {@code t0} (from {@link System#nanoTime()}). */
    public static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
