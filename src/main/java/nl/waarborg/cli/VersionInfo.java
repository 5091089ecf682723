package nl.waarborg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import nl.waarborg.database.PostgresPlatform;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * {@code waarborg --version}: the version and commit this copy was built from, the PostgreSQL it carries for this
 * machine, and — when a server started from the same data folder (or {@code WAARBORG_URL}) answers — the version and
 * the PostgreSQL that server really uses.
 */
final class VersionInfo implements CommandLine.IVersionProvider {

    private final Map<String, String> env;

    VersionInfo(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String[] getVersion() {
        Properties build = load("META-INF/build-info.properties");
        Properties git = load("git.properties");
        List<String> lines = new ArrayList<>();
        lines.add("Waarborg " + build.getProperty("build.version", "(version unknown: not built by Maven)")
                + " (commit " + commit(git) + ", built " + build.getProperty("build.time", "at an unknown time")
                + ")");
        lines.add("Java " + System.getProperty("java.version") + " on "
                + PostgresPlatform.current().label());
        PostgresPlatform platform = PostgresPlatform.current();
        String bundled = build.getProperty("build.postgres.version", "?");
        lines.add(
                platform.supported()
                        ? "PostgreSQL " + bundled + " embedded (unless spring.datasource.url names an external server)"
                        : "PostgreSQL: none embedded for " + platform.label() + "; an external server is needed");
        lines.add(server());
        return lines.toArray(String[]::new);
    }

    private static String commit(Properties git) {
        String id = git.getProperty("git.commit.id.abbrev");
        if (id == null || id.isBlank()) {
            return "unknown";
        }
        return "true".equals(git.getProperty("git.dirty")) ? id + " with uncommitted changes" : id;
    }

    /** One line on the server this CLI talks to; never a failure: {@code --version} works without a server. */
    private String server() {
        ApiClient api;
        try {
            api = ApiClient.fromEnvironment(env);
        } catch (CliException e) {
            return "Server: none started from this data folder (WAARBORG_DATA_DIR) and no WAARBORG_URL";
        }
        try {
            JsonNode info = api.get("/actuator/info");
            String version = info.path("build").path("version").asString("?");
            String commit = info.path("git").path("commit").path("id").asString("?");
            JsonNode pg = info.path("postgres");
            return "Server at " + api.baseUrl() + ": Waarborg " + version + " (commit " + commit + "), PostgreSQL "
                    + pg.path("version").asString("?") + (pg.path("embedded").asBoolean() ? " embedded" : " external");
        } catch (CliException e) {
            return "Server at " + api.baseUrl() + ": not reached (" + e.getMessage() + ")";
        }
    }

    private static Properties load(String resource) {
        Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Without the file the version says "unknown"; that is the answer.
        }
        return p;
    }
}
