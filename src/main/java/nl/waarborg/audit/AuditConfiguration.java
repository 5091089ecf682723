package nl.waarborg.audit;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.sql.Timestamp;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import nl.waarborg.web.ConsoleMenuItem;
import nl.waarborg.web.DashboardTile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    static final String VERIFY_JOB = "audit-chain-verification";
    private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

    @Bean
    ConsoleMenuItem auditMenu() {
        return new ConsoleMenuItem("menu.audit", "/console/audit", "audit:read", 80);
    }

    /** Checks the whole chain every night and keeps the outcome, so tampering shows on the dashboard. */
    @Bean
    RecurringTask<Void> auditChainVerification(AuditTrail audit, JdbcClient jdbc) {
        return Tasks.recurring(VERIFY_JOB, Schedules.daily(ZoneId.of("Europe/Amsterdam"), LocalTime.of(3, 15)))
                .execute((instance, context) -> {
                    ChainVerification result = audit.verify();
                    jdbc.sql("""
                                    INSERT INTO audit_verification (checked_at, intact, checked, first_broken_id, reason)
                                    VALUES (?, ?, ?, ?, ?)
                                    """)
                            .params(
                                    Timestamp.from(result.checkedAt()),
                                    result.intact(),
                                    result.checked(),
                                    result.firstBrokenId(),
                                    result.reason())
                            .update();
                    if (!result.intact()) {
                        log.error("Audit chain broken at entry {}: {}", result.firstBrokenId(), result.reason());
                    }
                });
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
