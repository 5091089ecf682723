package nl.waarborg.audit;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.sql.Timestamp;
import java.time.LocalTime;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    static final String VERIFY_JOB = "audit-chain-verification";
    private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

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
}
