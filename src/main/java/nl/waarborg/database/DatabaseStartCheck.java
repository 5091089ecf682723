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
 * Checks the database before anything else starts, so that a start that cannot work ends with one line instead of a
 * page of stack trace: an external PostgreSQL is probed (the line names the URL and the reason); without one, the
 * embedded PostgreSQL must exist for this machine (the line names the platform and how to use an external server).
 */
public final class DatabaseStartCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment env = event.getEnvironment();
        String dataDir = env.getProperty("waarborg.database.data-dir");
        if (StringUtils.hasText(dataDir)) {
            String warning = ownerOnly(java.nio.file.Path.of(dataDir));
            if (warning != null) {
                System.err.println(warning);
            }
        }
        String url = env.getProperty("spring.datasource.url");
        if (!StringUtils.hasText(url)) {
            String folder = env.getProperty("waarborg.database.binaries");
            PostgresPlatform platform = PostgresPlatform.current();
            PostgresBinaries binaries =
                    new PostgresBinaries(StringUtils.hasText(folder) ? java.nio.file.Path.of(folder) : null);
            String problem = binaries.location(platform).isEmpty()
                    ? PostgresBinaries.missing(platform)
                    : binaries.damaged(platform);
            if (problem != null) {
                System.err.println(problem);
                System.err.flush();
                System.exit(1);
            }
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

    /**
     * Makes the data folder (database, keyring, CLI token, recordings) readable by its owner only when it does not
     * exist yet; an existing folder that others can read is left as it is, with a warning, since its owner chose it.
     * On a file system without POSIX permissions (Windows) the folder's place decides: the launcher puts it under the
     * user's own profile. Answers the warning, or null.
     */
    static String ownerOnly(java.nio.file.Path folder) {
        boolean posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            if (!java.nio.file.Files.exists(folder)) {
                if (posix) {
                    java.nio.file.Files.createDirectories(
                            folder,
                            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
                } else {
                    java.nio.file.Files.createDirectories(folder);
                }
                return null;
            }
            if (posix) {
                var permissions = java.nio.file.Files.getPosixFilePermissions(folder);
                if (permissions.stream()
                        .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                    return "Waarborg: the data folder " + folder.toAbsolutePath() + " is open to other users ("
                            + java.nio.file.attribute.PosixFilePermissions.toString(permissions)
                            + "); it holds the database, the keyring and the CLI token: chmod 700 it";
                }
            }
            return null;
        } catch (java.io.IOException e) {
            // The start goes on: whatever needs the folder reports it with the path.
            return "Waarborg: the data folder " + folder.toAbsolutePath() + " could not be checked ("
                    + e.getClass().getSimpleName() + ")";
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
