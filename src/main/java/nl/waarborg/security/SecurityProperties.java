package nl.waarborg.security;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sign-in and token settings.
 *
 * @param publicUrl base address staff use to reach Waarborg, used in setup links; empty means
 *     {@code http://localhost:<port>}
 * @param maxLoginFailures failed sign-ins in a row after which an account name is locked
 * @param lockout how long such a lock lasts
 * @param setupLinkValidity how long a one-time setup link works
 * @param passwordHashStrength bcrypt cost factor (4..31); each step doubles the work
 * @param minPasswordLength shortest password accepted
 * @param cliTokenFile where the local command-line client finds its token
 */
@Validated
@ConfigurationProperties("waarborg.security")
public record SecurityProperties(
        @DefaultValue("") String publicUrl,
        @Min(1) @Max(100) @DefaultValue("5") int maxLoginFailures,
        @NotNull @DefaultValue("15m") Duration lockout,
        @NotNull @DefaultValue("24h") Duration setupLinkValidity,
        @Min(4) @Max(31) @DefaultValue("12") int passwordHashStrength,
        @Min(8) @Max(128) @DefaultValue("12") int minPasswordLength,
        @NotBlank @DefaultValue("./data/cli-token") String cliTokenFile) {

    public SecurityProperties {
        if (lockout != null && (lockout.isNegative() || lockout.isZero())) {
            throw new IllegalArgumentException("waarborg.security.lockout must be positive");
        }
        if (setupLinkValidity != null && (setupLinkValidity.isNegative() || setupLinkValidity.isZero())) {
            throw new IllegalArgumentException("waarborg.security.setup-link-validity must be positive");
        }
    }
}
