package nl.waarborg.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * Probes an external PostgreSQL before anything else starts, so an unreachable server ends the start with one line
 * that names the URL and the reason instead of a page of stack trace.
 */
public final class ExternalDatabaseCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment env = event.getEnvironment();
        String url = env.getProperty("spring.datasource.url");
        if (!StringUtils.hasText(url)) {
            return;
        }
        String problem = probe(
                url, env.getProperty("spring.datasource.username"), env.getProperty("spring.datasource.password"));
        if (problem != null) {
            System.err.println("Waarborg cannot use the PostgreSQL database at " + url + ": " + problem);
            System.err.flush();
            System.exit(1);
        }
    }

    /** Returns null when the database answers, otherwise the reason in one line. */
    static String probe(String url, String user, String password) {
        if (!url.startsWith("jdbc:postgresql:")) {
            return "spring.datasource.url must start with jdbc:postgresql: (Waarborg runs on PostgreSQL only)";
        }
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "10");
        props.setProperty("loginTimeout", "15");
        try (Connection c = DriverManager.getConnection(url, props)) {
            c.isValid(5);
            return null;
        } catch (SQLException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return message.replaceAll("\\s+", " ").trim();
        }
    }
}
