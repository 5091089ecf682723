package nl.waarborg.subjects.connectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.register.Registers;
import nl.waarborg.web.ConsoleMenuItem;
import nl.waarborg.web.DashboardTile;
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
    ConnectorRegistry externalSystems(
            Environment environment, ManualTasks tasks, AuditTrail audit, Registers registers) {
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
        return new ConnectorRegistry(
                connectors, descriptions, audit, registers, new RegisterConnectors(environment, tasks));
    }

    @Bean
    ConsoleMenuItem connectorsMenu() {
        return new ConsoleMenuItem("menu.connectors", "/console/connectors", "subjects:read", 35);
    }

    @Bean
    DashboardTile connectorsTile(ManualTasks tasks, ConnectorRegistry registry) {
        return new DashboardTile() {
            @Override
            public String titleKey() {
                return "dashboard.connectors";
            }

            @Override
            public String authority() {
                return "subjects:read";
            }

            @Override
            public int order() {
                return 45;
            }

            @Override
            public List<Figure> figures() {
                long[] open = tasks.openAndOverdue();
                long failed = registry.entries().stream()
                        .filter(e -> e.failure() != null)
                        .count();
                return List.of(
                        Figure.of(
                                "dashboard.connectors.systems",
                                registry.entries().size()),
                        new Figure("dashboard.connectors.failed", String.valueOf(failed), failed == 0),
                        Figure.of("dashboard.connectors.open", open[0]),
                        new Figure("dashboard.connectors.overdue", String.valueOf(open[1]), open[1] == 0));
            }
        };
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
