package nl.waarborg.retention.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import nl.waarborg.retention.RetentionProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    static final String JOB = "retention-daily-run";
    private static final Logger log = LoggerFactory.getLogger(RetentionConfiguration.class);

    /**
     * The daily run: a database job, so with several instances on one database only one runs it (and the advisory
     * lock keeps it apart from a run started by hand). Afterwards it counts what is still due, for the metrics: the
     * goal is zero.
     */
    @Bean
    RecurringTask<Void> retentionDailyRun(RetentionRuns runs, RetentionStatus status, RetentionProperties properties) {
        return Tasks.recurring(JOB, Schedules.daily(Dates.AMSTERDAM, properties.dailyAt()))
                .execute((instance, context) -> {
                    RetentionRuns.Report report = runs.run(new RetentionRuns.Order(null, null, false, "schedule"));
                    log.info(
                            "Retention run {}: {} removed, {} held, {} places failed",
                            report.runId(),
                            report.removed(),
                            report.held(),
                            report.failed());
                    status.count();
                });
    }
}
