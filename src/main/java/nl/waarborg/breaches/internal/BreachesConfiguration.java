package nl.waarborg.breaches.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The breach clock's job: a database job, so one instance sends the reminders. */
@Configuration(proxyBeanMethods = false)
class BreachesConfiguration {

    @Bean
    RecurringTask<Void> breachClockJob(Escalations escalations) {
        return Tasks.recurring("breach-clock", Schedules.fixedDelay(Duration.ofMinutes(1)))
                .execute((instance, context) -> escalations.run());
    }
}
