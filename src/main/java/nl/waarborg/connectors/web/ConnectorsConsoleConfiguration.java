package nl.waarborg.connectors.web;

import java.util.List;
import nl.waarborg.connectors.internal.ConnectorRegistry;
import nl.waarborg.connectors.internal.ManualTasks;
import nl.waarborg.web.ConsoleMenuItem;
import nl.waarborg.web.DashboardTile;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The connected systems' console menu entry and dashboard tile: systems, failed ones, open and overdue tasks. */
@Configuration(proxyBeanMethods = false)
class ConnectorsConsoleConfiguration {

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
}
