package nl.waarborg.scheduling;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param enabled false starts no scheduler on this instance (jobs then run on the other instances)
 * @param threads jobs that may run at once on this instance
 * @param pollingInterval how often this instance looks for due jobs
 * @param eventRetryAfter how long an event between modules may stay unhandled (its listener failed, or the process
 *     ended while it ran) before it is handed to its listener again
 * @param heartbeatInterval how often a running job tells the database it is alive; a job whose instance missed six
 *     heartbeats (it was killed, or its machine went away) is taken up again by another or a restarted instance.
 *     An instance judges the others by its own interval: give every instance the same value
 */
@Validated
@ConfigurationProperties("waarborg.scheduling")
public record SchedulingProperties(
        @DefaultValue("true") boolean enabled,
        @Min(1) @Max(32) @DefaultValue("2") int threads,
        @NotNull @DefaultValue("10s") Duration pollingInterval,
        @NotNull @DefaultValue("5m") Duration eventRetryAfter,

        @NotNull @DurationMin(seconds = 1) @DefaultValue("30s")
        Duration heartbeatInterval) {}
