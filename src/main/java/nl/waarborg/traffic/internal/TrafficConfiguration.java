package nl.waarborg.traffic.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TrafficProperties.class)
class TrafficConfiguration {

    /** Keeps partitions for today and the coming days, so a PBX's live feed never waits for DDL. */
    @Bean
    RecurringTask<Void> trafficPartitionsAhead(TrafficPartitions partitions) {
        return Tasks.recurring("traffic-partitions-ahead", FixedDelay.ofHours(1))
                .execute((instance, context) -> partitions.ensureAhead());
    }
}
