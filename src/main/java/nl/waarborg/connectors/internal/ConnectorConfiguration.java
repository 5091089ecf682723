package nl.waarborg.connectors.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import nl.waarborg.register.Registers;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Builds the connectors from {@code waarborg.connectors.<name>.*} and, through the registry, from the register's
 * systems. A bad property stops the start with the property's name; a bad register system only fails that system.
 */
@Configuration(proxyBeanMethods = false)
class ConnectorConfiguration {

    @Bean
    ConnectorRegistry connectorRegistry(Environment environment, ManualTasks tasks, Registers registers) {
        Map<String, ConnectorSettings> settings = new TreeMap<>(Binder.get(environment)
                .bind("waarborg.connectors", Bindable.mapOf(String.class, ConnectorSettings.class))
                .orElse(Map.of()));
        List<Connector> connectors = new ArrayList<>();
        Map<String, String> descriptions = new TreeMap<>();
        settings.forEach((name, s) -> {
            connectors.add(create(name, s, tasks));
            if (s.description() != null) {
                descriptions.put(name, s.description());
            }
        });
        return new ConnectorRegistry(connectors, descriptions, registers, new RegisterConnectors(environment, tasks));
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
