package nl.waarborg;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Extra databases on the test's embedded PostgreSQL, for peers such as a provider's billing system. */
public final class TestDatabases {

    private TestDatabases() {}

    /** Creates an empty database with a fresh name starting with {@code prefix}; answers its JDBC URL. */
    public static String create(DataSource waarborg, String prefix) {
        String name =
                prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        new JdbcTemplate(waarborg).execute("CREATE DATABASE " + name);
        try (Connection c = waarborg.getConnection()) {
            String url = c.getMetaData().getURL();
            return url.substring(0, url.lastIndexOf('/') + 1) + name;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
