package nl.waarborg.retention;

import jakarta.validation.constraints.NotNull;
import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the retention module. The periods themselves are the register's: nothing here can change what is kept
 * or for how long.
 *
 * @param dailyAt when the daily run starts, Amsterdam time; one instance runs it when several share the database
 */
@Validated
@ConfigurationProperties("waarborg.retention")
public record RetentionProperties(
        @NotNull @DefaultValue("02:30") LocalTime dailyAt) {}
