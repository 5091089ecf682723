package nl.waarborg.connectors.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.waarborg.register.ExternalSystem;
import org.springframework.core.env.Environment;

/**
 * Turns the register's systems into connectors. Secrets are looked up by name when the connectors are built (at start
 * and at every applied register version): {@code waarborg.secrets.<NAME>} first, then the environment variable
 * {@code <NAME>}. A system that cannot be built becomes a {@link FailedConnector} with the reason, never a failed start.
 */
final class RegisterConnectors {

    private final Environment environment;
    private final ManualTasks tasks;

    RegisterConnectors(Environment environment, ManualTasks tasks) {
        this.environment = environment;
        this.tasks = tasks;
    }

    Connector build(ExternalSystem system) {
        String type = system.type().key();
        try {
            ConnectorSettings settings = settings(system);
            return ConnectorConfiguration.create(system.key(), settings, tasks);
        } catch (MissingSecret e) {
            return new FailedConnector(system.key(), type, system.categories(), e.getMessage());
        } catch (IllegalArgumentException e) {
            // The connectors name the property; for a register system, name the system instead.
            String reason = e.getMessage() == null
                    ? "not usable (" + e.getClass().getSimpleName() + ")"
                    : e.getMessage().replace("waarborg.connectors." + system.key() + ".", "");
            return new FailedConnector(system.key(), type, system.categories(), system.key() + ": " + reason);
        }
    }

    private ConnectorSettings settings(ExternalSystem s) {
        String description = s.name();
        return switch (s.type()) {
            case SQL -> {
                Map<String, ConnectorSettings.SqlTable> tables = new LinkedHashMap<>();
                s.sql()
                        .tables()
                        .forEach((name, t) -> tables.put(
                                name,
                                new ConnectorSettings.SqlTable(
                                        t.table(),
                                        t.category(),
                                        t.identity(),
                                        t.key(),
                                        t.timestamp(),
                                        t.erase(),
                                        t.anonymise(),
                                        t.columns())));
                yield new ConnectorSettings(
                        "sql",
                        description,
                        s.sql().url(),
                        s.sql().username(),
                        secret(s.key(), s.sql().password()),
                        tables,
                        null,
                        null,
                        Duration.ofSeconds(10),
                        3,
                        Duration.ofMillis(500),
                        "delete",
                        ExternalSystem.Manual.DEFAULT_DUE,
                        s.categories());
            }
            case HTTP ->
                new ConnectorSettings(
                        "http",
                        description,
                        null,
                        null,
                        null,
                        Map.of(),
                        s.http().baseUrl(),
                        secret(s.key(), s.http().token()),
                        s.http().timeout(),
                        s.http().maxAttempts(),
                        s.http().backoff(),
                        s.http().erase(),
                        ExternalSystem.Manual.DEFAULT_DUE,
                        s.categories());
            case MANUAL ->
                new ConnectorSettings(
                        "manual",
                        description,
                        null,
                        null,
                        null,
                        Map.of(),
                        null,
                        null,
                        Duration.ofSeconds(10),
                        3,
                        Duration.ofMillis(500),
                        s.manual().erase(),
                        s.manual().due(),
                        s.categories());
        };
    }

    /** The secret's value, or null when the register names none. */
    private String secret(String system, ExternalSystem.Secret secret) {
        if (secret == null) {
            return null;
        }
        String value = environment.getProperty("waarborg.secrets." + secret.name());
        if (value == null || value.isEmpty()) {
            value = environment.getProperty(secret.name());
        }
        if (value == null || value.isEmpty()) {
            throw new MissingSecret(system + ": secret " + secret.name() + " is not set (give it as waarborg.secrets."
                    + secret.name() + " or as environment variable " + secret.name() + ")");
        }
        return value;
    }

    private static final class MissingSecret extends RuntimeException {
        MissingSecret(String message) {
            super(message, null, false, false);
        }
    }
}
