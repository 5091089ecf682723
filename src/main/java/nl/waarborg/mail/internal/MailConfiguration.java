package nl.waarborg.mail.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The job that empties the outbox: a database job, so with several instances only one sends at a time. */
@Configuration(proxyBeanMethods = false)
class MailConfiguration {

    static final String JOB = "mail-sender";

    @Bean
    RecurringTask<Void> mailInboxJob(InboxReader reader, nl.waarborg.mail.MailProperties properties) {
        return Tasks.recurring(
                        "mail-inbox", Schedules.fixedDelay(properties.inbox().poll()))
                .execute((instance, context) -> reader.read());
    }

    @Bean
    RecurringTask<Void> mailSenderJob(OutboxSender sender) {
        return Tasks.recurring(JOB, Schedules.fixedDelay(Duration.ofSeconds(10)))
                .execute((instance, context) -> sender.sendDue());
    }
}
