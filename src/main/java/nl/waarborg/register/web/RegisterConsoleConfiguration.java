package nl.waarborg.register.web;

import java.util.List;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.internal.Finding;
import nl.waarborg.register.internal.RegisterChecks;
import nl.waarborg.register.internal.RegisterStore;
import nl.waarborg.web.ConsoleMenuItem;
import nl.waarborg.web.DashboardTile;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The register's console menu entry and dashboard tile. */
@Configuration(proxyBeanMethods = false)
class RegisterConsoleConfiguration {

    @Bean
    ConsoleMenuItem registerMenu() {
        return new ConsoleMenuItem("menu.register", "/console/register", "register:read", 10);
    }

    @Bean
    DashboardTile registerTile(RegisterStore store) {
        return new DashboardTile() {
            @Override
            public String titleKey() {
                return "dashboard.register";
            }

            @Override
            public String authority() {
                return "register:read";
            }

            @Override
            public int order() {
                return 10;
            }

            @Override
            public List<Figure> figures() {
                var current = store.current();
                if (current.isEmpty()) {
                    return List.of(new Figure("dashboard.register.version", "—", false));
                }
                RegisterVersion v = current.get();
                List<Finding> findings = RegisterChecks.check(v.register());
                boolean errors = findings.stream().anyMatch(f -> f.severity() == Finding.Severity.ERROR);
                return List.of(
                        Figure.of("dashboard.register.version", v.number()),
                        Figure.of("dashboard.register.inForceFrom", v.inForceFrom()),
                        Figure.of(
                                "dashboard.register.categories",
                                v.register().categories().count()),
                        new Figure("dashboard.register.findings", Integer.toString(findings.size()), !errors));
            }
        };
    }
}
