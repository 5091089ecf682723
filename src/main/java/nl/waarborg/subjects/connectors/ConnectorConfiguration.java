package nl.waarborg.subjects.connectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import nl.waarborg.audit.AuditTrail;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Builds the connectors from {@code waarborg.connectors.<name>.*}: configuration, not a table, because a connector
 * holds secrets (database passwords, tokens) that belong with the deployment's other secrets, and a change should
 * go through the same review as the rest of the configuration. A bad setting stops the start with the property's
 * name.
 */
@Configuration(proxyBeanMethods = false)
class ConnectorConfiguration {

    @Bean
    ConnectorRegistry externalSystems(Environment environment, ManualTasks tasks, AuditTrail audit) {
        Map<String, ConnectorSettings> settings = new TreeMap<>(Binder.get(environment)
                .bind("waarborg.connectors", Bindable.mapOf(String.class, ConnectorSettings.class))
                .orElse(Map.of()));
        List<Connector> connectors = new ArrayList<>();
        settings.forEach((name, s) -> connectors.add(create(name, s, tasks)));
        return new ConnectorRegistry(connectors, audit);
    }

    static Connector create(String name, ConnectorSettings s, ManualTasks tasks) {
        String type = s.type() == null ? "" : s.type().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "sql" -> new SqlConnector(name, s);
            case "http" -> new HttpConnector(name, s);
            case "manual" -> new ManualConnector(name, s, tasks);
            default ->
                throw new IllegalArgumentException("waarborg.connectors." + name + ".type must be sql, http or manual");
        };
    }
}
