package nl.waarborg.scheduling;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.OnStartup;
import com.github.kagkarlsson.scheduler.task.Task;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Runs every {@link Task} bean of the modules with db-scheduler. It starts once the application is ready, so a job
 * never sees a half-started system, and stops before the database goes away.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SchedulingProperties.class)
class SchedulerConfiguration {

    @Bean
    SchedulerLifecycle schedulerLifecycle(DataSource dataSource, List<Task<?>> tasks, SchedulingProperties properties) {
        return new SchedulerLifecycle(dataSource, tasks, properties);
    }

    static final class SchedulerLifecycle implements SmartLifecycle {
        private final Scheduler scheduler;
        private final boolean enabled;
        private volatile boolean running;

        @SuppressWarnings({"unchecked", "rawtypes"})
        SchedulerLifecycle(DataSource dataSource, List<Task<?>> tasks, SchedulingProperties properties) {
            // Recurring tasks are handed over as start tasks only; listing them twice is refused by db-scheduler.
            List startup = new ArrayList<>();
            List<Task<?>> others = new ArrayList<>();
            tasks.forEach(t -> {
                if (t instanceof OnStartup) {
                    startup.add(t);
                } else {
                    others.add(t);
                }
            });
            this.scheduler = Scheduler.create(dataSource, others)
                    .startTasks(startup)
                    .threads(properties.threads())
                    .pollingInterval(properties.pollingInterval())
                    // db-scheduler's default (five minutes, dead after six missed) left a job that was running when
                    // its process was killed stuck for half an hour, resubmission of events included.
                    .heartbeatInterval(properties.heartbeatInterval())
                    .build();
            this.enabled = properties.enabled();
        }

        @EventListener(ApplicationReadyEvent.class)
        void onReady() {
            if (enabled && !running) {
                scheduler.start();
                running = true;
            }
        }

        @Override
        public void start() {
            // Started on ApplicationReadyEvent instead.
        }

        @Override
        public void stop() {
            if (running) {
                scheduler.stop();
                running = false;
            }
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
