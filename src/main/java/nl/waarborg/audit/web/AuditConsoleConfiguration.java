package nl.waarborg.audit.web;

import java.util.List;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.web.ConsoleMenuItem;
import nl.waarborg.web.DashboardTile;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The audit trail's console menu entry and dashboard tile (the last nightly chain check). */
@Configuration(proxyBeanMethods = false)
class AuditConsoleConfiguration {

    @Bean
    ConsoleMenuItem auditMenu() {
        return new ConsoleMenuItem("menu.audit", "/console/audit", "audit:read", 80);
    }

    @Bean
    DashboardTile auditTile(AuditTrail audit, JdbcClient jdbc) {
        return new DashboardTile() {
            @Override
            public String titleKey() {
                return "dashboard.audit";
            }

            @Override
            public String authority() {
                return "audit:read";
            }

            @Override
            public int order() {
                return 30;
            }

            @Override
            public List<Figure> figures() {
                var last = jdbc.sql("SELECT intact, checked_at FROM audit_verification ORDER BY id DESC LIMIT 1")
                        .query((rs, n) -> new Figure(
                                "dashboard.audit.lastCheck",
                                (rs.getBoolean("intact") ? "OK " : "BROKEN ")
                                        + rs.getTimestamp("checked_at")
                                                .toInstant()
                                                .toString()
                                                .substring(0, 16)
                                                .replace('T', ' '),
                                rs.getBoolean("intact")))
                        .optional()
                        .orElse(Figure.of("dashboard.audit.lastCheck", "—"));
                return List.of(Figure.of("dashboard.audit.entries", audit.count()), last);
            }
        };
    }
}
