package nl.waarborg.requests.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.LocalTime;
import nl.waarborg.requests.RequestsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The requests' daily job: requests whose identity information never came are closed with the reason recorded, and
 * the privacy desk gets its reminder of what is overdue or due within seven days, and access packages whose link
 * expired are deleted.
 */
@Configuration(proxyBeanMethods = false)
class RequestsJobs {

    static final String JOB = "requests-daily";
    private static final Logger log = LoggerFactory.getLogger(RequestsJobs.class);

    @Bean
    RecurringTask<Void> requestsDaily(
            RequestDesk desk,
            Reminders reminders,
            RequestsProperties properties,
            AccessPackages packages,
            PlatformTransactionManager transactions) {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        return Tasks.recurring(JOB, Schedules.daily(RequestDesk.AMSTERDAM, LocalTime.of(6, 0)))
                .execute((instance, context) -> {
                    int closed = desk.closeStaleVerifications(properties.verificationTimeoutDays(), tx);
                    log.info("Requests: {} closed without the identity information asked for", closed);
                    reminders.remind();
                    log.info("Requests: {} access packages deleted after their link expired", packages.purgeExpired());
                });
    }
}
