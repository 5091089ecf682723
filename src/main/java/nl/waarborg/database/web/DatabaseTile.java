package nl.waarborg.database.web;

import java.util.List;
import nl.waarborg.web.DashboardTile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Shows which PostgreSQL Waarborg runs on, how large its database is and whether it answers. */
@Component
class DatabaseTile implements DashboardTile {

    private final JdbcClient jdbc;

    DatabaseTile(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String titleKey() {
        return "dashboard.database";
    }

    @Override
    public String authority() {
        return null;
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public List<Figure> figures() {
        try {
            String version = jdbc.sql("SHOW server_version").query(String.class).single();
            String size = jdbc.sql("SELECT pg_size_pretty(pg_database_size(current_database()))")
                    .query(String.class)
                    .single();
            Integer migrations = jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success")
                    .query(Integer.class)
                    .single();
            // Off, an acknowledged commit can be lost when the database crashes: shown as a problem.
            String durable =
                    jdbc.sql("SHOW synchronous_commit").query(String.class).single();
            return List.of(
                    Figure.of("dashboard.database.status", "UP"),
                    Figure.of("dashboard.database.version", "PostgreSQL " + version),
                    Figure.of("dashboard.database.size", size),
                    Figure.of("dashboard.database.migrations", migrations),
                    new Figure("dashboard.database.synchronousCommit", durable, !"off".equals(durable)));
        } catch (RuntimeException e) {
            return List.of(new Figure("dashboard.database.status", "DOWN", false));
        }
    }
}
