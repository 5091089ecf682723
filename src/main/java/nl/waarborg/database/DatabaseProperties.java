package nl.waarborg.database;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the embedded PostgreSQL server. Ignored when {@code spring.datasource.url} points to an external
 * server.
 *
 * @param dataDir folder that holds Waarborg's local state; the PostgreSQL cluster lives in its {@code postgres}
 *     subfolder
 * @param name name of the database inside the embedded cluster
 * @param port TCP port on the loopback interface, 0 for a free one
 * @param fsync whether PostgreSQL flushes to disk; only tests switch it off
 * @param cleanOnStart wipe the cluster when the JVM first starts it; only tests switch it on
 * @param sharedBuffers PostgreSQL's own page cache ({@code shared_buffers}); PostgreSQL's default of 128MB keeps
 *     little of a large traffic-data table in memory, so lookups read through the operating system's cache
 */
@Validated
@ConfigurationProperties("waarborg.database")
public record DatabaseProperties(
        @NotBlank @DefaultValue("./data") String dataDir,

        @NotBlank
        @Pattern(regexp = "[a-z_][a-z0-9_]{0,62}", message = "must be a lower-case PostgreSQL identifier")
        @DefaultValue("waarborg")
        String name,

        @Min(0) @Max(65535) @DefaultValue("0") int port,
        @DefaultValue("true") boolean fsync,
        @DefaultValue("false") boolean cleanOnStart,

        @Pattern(regexp = "[1-9][0-9]*(kB|MB|GB)", message = "must be a size such as 512MB or 2GB")
        @DefaultValue("512MB")
        String sharedBuffers) {

    public Path postgresDirectory() {
        return Path.of(dataDir).toAbsolutePath().normalize().resolve("postgres");
    }
}
