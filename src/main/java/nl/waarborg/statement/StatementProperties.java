package nl.waarborg.statement;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the privacy statement.
 *
 * @param siteUrl the public address of the statement and the portal as readers see it, used in the links the statement
 *     prints; empty means {@code waarborg.security.public-url}, or else {@code http://localhost:<port>}
 * @param cacheSize how many rendered statements (version × language × format) are kept in memory
 */
@Validated
@ConfigurationProperties("waarborg.statement")
public record StatementProperties(
        @DefaultValue("") String siteUrl,
        @Min(8) @Max(10_000) @DefaultValue("256") int cacheSize) {}
