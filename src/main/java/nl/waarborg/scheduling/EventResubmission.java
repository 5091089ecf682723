package nl.waarborg.scheduling;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;

/**
 * Hands events between modules that are still unhandled after {@code waarborg.scheduling.event-retry-after} to their
 * listeners again: those whose listener failed, and those the process was handling when it ended (a crash, a kill),
 * which Spring Modulith's staleness check marks failed after that time (see application.properties). It is a
 * database job, so with several instances one of them does it; listeners are idempotent, since an event may reach
 * its listener more than once.
 */
@Configuration(proxyBeanMethods = false)
class EventResubmission {

    static final String JOB = "events-resubmission";

    @Bean
    RecurringTask<Void> eventResubmissionJob(IncompleteEventPublications incomplete, SchedulingProperties properties) {
        return Tasks.recurring(
                        JOB,
                        FixedDelay.of(properties.eventRetryAfter().dividedBy(5).plusSeconds(1)))
                .execute((instance, context) -> incomplete.resubmitIncompletePublications(
                        ResubmissionOptions.defaults().withMinAge(properties.eventRetryAfter())));
    }
}
