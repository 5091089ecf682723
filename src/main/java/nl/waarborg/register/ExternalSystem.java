package nl.waarborg.register;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A system outside Waarborg that holds personal data of the register's categories (a billing database, a CRM, an
 * accounting package), and how Waarborg reaches it. Exactly one of {@link #sql}, {@link #http} and {@link #manual}
 * is set, matching {@link #type}. Secrets are never part of the register: it names a {@link Secret} that the
 * deployment provides.
 *
 * @param key unique among the systems, the connector's name
 * @param categories register category keys the system holds: expiry of a category goes to the systems holding it
 */
public record ExternalSystem(
        String key,
        String name,
        Text description,
        Type type,
        List<String> categories,
        Sql sql,
        Http http,
        Manual manual) {

    public ExternalSystem {
        categories = List.copyOf(categories);
    }

    public enum Type {
        SQL,
        HTTP,
        MANUAL;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A reference to a secret by name, resolved when the connector is built from {@code waarborg.secrets.<name>} or
     * the environment variable {@code <name>}.
     */
    public record Secret(String name) {}

    /**
     * Another system's database.
     *
     * @param tables table mappings by name, as {@code waarborg.connectors.<name>.tables.*}
     */
    public record Sql(String url, String username, Secret password, Map<String, Table> tables) {

        public Sql {
            tables = Map.copyOf(tables);
        }
    }

    /**
     * A table of an external database and what it holds (see docs/connectors.md).
     *
     * @param identity identifier kind ({@code phone}, {@code email}, ...) to the column holding it, normalised
     * @param erase {@code delete} or {@code anonymise}
     * @param anonymise column to the value it gets when anonymised ({@code null} for SQL NULL)
     * @param columns the columns an export returns (all when empty)
     */
    public record Table(
            String table,
            String category,
            Map<String, String> identity,
            String key,
            String timestamp,
            String erase,
            Map<String, String> anonymise,
            List<String> columns) {

        public Table {
            identity = Map.copyOf(identity);
            anonymise = Map.copyOf(anonymise);
            columns = List.copyOf(columns);
        }
    }

    /** A system speaking the JSON contract of docs/connector-http.md. */
    public record Http(URI baseUrl, Secret token, Duration timeout, int maxAttempts, Duration backoff, String erase) {

        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
        public static final int DEFAULT_MAX_ATTEMPTS = 3;
        public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(500);
    }

    /**
     * A system without an interface: every step becomes a task for staff.
     *
     * @param due time staff have for a task
     * @param assignee who does the tasks, for example a team ({@code Finance}), shown with the task
     */
    public record Manual(Duration due, String assignee, String erase) {

        public static final Duration DEFAULT_DUE = Duration.ofDays(7);
    }
}
