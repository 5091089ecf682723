package nl.waarborg.consent.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The consent module's jobs: database jobs, so one instance runs each at a time. */
@Configuration(proxyBeanMethods = false)
class ConsentConfiguration {

    static final String JOB = "consent-webhooks";

    @Bean
    RecurringTask<Void> consentWebhooksJob(Webhooks webhooks) {
        return Tasks.recurring(JOB, Schedules.fixedDelay(Duration.ofSeconds(10)))
                .execute((instance, context) -> webhooks.sendDue());
    }

    /** Portal links past their day open nothing; removing them keeps the table to what can still be used. */
    @Bean
    RecurringTask<Void> consentCleanUpJob(ConsentPortal portal) {
        return Tasks.recurring(
                        "consent-clean-up",
                        Schedules.daily(java.time.ZoneId.of("Europe/Amsterdam"), java.time.LocalTime.of(4, 20)))
                .execute((instance, context) -> portal.deleteExpired());
    }
}
