package nl.waarborg.consent.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The job that tells subscribed systems of withdrawn consents: a database job, so one instance sends at a time. */
@Configuration(proxyBeanMethods = false)
class ConsentConfiguration {

    static final String JOB = "consent-webhooks";

    @Bean
    RecurringTask<Void> consentWebhooksJob(Webhooks webhooks) {
        return Tasks.recurring(JOB, Schedules.fixedDelay(Duration.ofSeconds(10)))
                .execute((instance, context) -> webhooks.sendDue());
    }
}
