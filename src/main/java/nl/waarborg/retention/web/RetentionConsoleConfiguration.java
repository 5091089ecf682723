package nl.waarborg.retention.web;

import java.util.List;
import nl.waarborg.retention.internal.RetentionStatus;
import nl.waarborg.web.ConsoleMenuItem;
import nl.waarborg.web.DashboardTile;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Retention's console menu entry and dashboard tile: holds, holds due for review, failed places, last run. */
@Configuration(proxyBeanMethods = false)
class RetentionConsoleConfiguration {

    @Bean
    ConsoleMenuItem retentionMenu() {
        return new ConsoleMenuItem("menu.retention", "/console/retention", "retention:read", 40);
    }

    @Bean
    DashboardTile retentionTile(RetentionStatus status) {
        return new DashboardTile() {
            @Override
            public String titleKey() {
                return "dashboard.retention";
            }

            @Override
            public String authority() {
                return "retention:read";
            }

            @Override
            public int order() {
                return 40;
            }

            @Override
            public List<Figure> figures() {
                RetentionStatus.Status s = status.status(false);
                long failed = s.categories().stream()
                        .flatMap(c -> c.lastReceipts().stream())
                        .filter(r -> "FAILED".equals(r.status()))
                        .count();
                return List.of(
                        new Figure(
                                "dashboard.retention.notEnforceable",
                                String.valueOf(s.notEnforceable().size()),
                                s.notEnforceable().isEmpty()),
                        new Figure("dashboard.retention.failed", String.valueOf(failed), failed == 0),
                        Figure.of("dashboard.retention.holds", s.activeHolds().size()),
                        new Figure(
                                "dashboard.retention.review",
                                String.valueOf(s.reviewDue().size()),
                                s.reviewDue().isEmpty()));
            }
        };
    }
}
