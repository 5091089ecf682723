package nl.waarborg.database;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the embedded PostgreSQL server. Ignored when {@code spring.datasource.url} points to an external
 * server. The defaults suit a write-heavy single node (imports of call-detail records, the audit trail): large WAL and
 * rare checkpoints, compressed WAL, buffers sized from the machine's memory, and every commit durable.
 *
 * @param dataDir folder that holds Waarborg's local state; the PostgreSQL cluster lives in its {@code postgres}
 *     subfolder
 * @param name name of the database inside the embedded cluster
 * @param port TCP port on the loopback interface, 0 for a free one
 * @param fsync whether PostgreSQL flushes to disk; only tests switch it off
 * @param synchronousCommit whether a commit waits for its WAL to reach the disk, so that an acknowledged commit (an
 *     audit entry, a receipt, an erasure) survives a crash of the database process; only tests switch it off
 * @param cleanOnStart wipe the cluster when the JVM first starts it; only tests switch it on
 * @param sharedBuffers PostgreSQL's own page cache ({@code shared_buffers}); {@code auto} takes an eighth of the
 *     machine's memory, at least 128MB and at most 8GB, since the JVM and the operating system's cache need the rest
 * @param maxWalSize WAL kept between checkpoints ({@code max_wal_size}): large, so bulk imports do not force
 *     checkpoints
 * @param checkpointTimeout longest time between checkpoints ({@code checkpoint_timeout})
 * @param walCompression compress full-page images in the WAL ({@code wal_compression})
 * @param settings any other PostgreSQL setting by name, for example {@code waarborg.database.settings.work_mem=64MB};
 *     it wins over the ones above
 * @param binaries a folder of PostgreSQL archives ({@code postgres-<os>-<arch>.txz}) looked in before the class path:
 *     a release's launchers set it to the release's {@code lib/postgres}
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
        @DefaultValue("true") boolean synchronousCommit,
        @DefaultValue("false") boolean cleanOnStart,

        @Pattern(regexp = "auto|[1-9][0-9]*(kB|MB|GB)", message = "must be auto or a size such as 512MB or 2GB")
        @DefaultValue("auto")
        String sharedBuffers,

        @Pattern(regexp = "[1-9][0-9]*(MB|GB)", message = "must be a size such as 4GB") @DefaultValue("4GB")
        String maxWalSize,

        @Pattern(regexp = "[1-9][0-9]*(s|min|h)", message = "must be a duration such as 15min") @DefaultValue("15min")
        String checkpointTimeout,

        @DefaultValue("true") boolean walCompression,
        @NotNull @DefaultValue Map<String, String> settings,
        String binaries) {

    /** The folder of PostgreSQL archives, or null to use the class path only. */
    public Path binariesFolder() {
        return binaries == null || binaries.isBlank()
                ? null
                : Path.of(binaries).toAbsolutePath().normalize();
    }

    public Path postgresDirectory() {
        return Path.of(dataDir).toAbsolutePath().normalize().resolve("postgres");
    }

    /** {@code shared_buffers} as PostgreSQL takes it, with {@code auto} worked out for this machine. */
    public String sharedBuffersSetting() {
        if (!sharedBuffers.equals("auto")) {
            return sharedBuffers;
        }
        long mb = physicalMemory() / 8 / (1024 * 1024);
        return Math.max(128, Math.min(8 * 1024, mb)) + "MB";
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 1024L * 1024 * 1024;
    }

    /** The server settings Waarborg starts its embedded PostgreSQL with. */
    Map<String, String> serverSettings() {
        Map<String, String> all = new java.util.LinkedHashMap<>();
        all.put("fsync", fsync ? "on" : "off");
        // zonky switches this off by default; an acknowledged commit must survive a crash of the database.
        all.put("synchronous_commit", synchronousCommit ? "on" : "off");
        all.put("listen_addresses", "localhost");
        all.put("max_connections", "100");
        all.put("shared_buffers", sharedBuffersSetting());
        all.put("max_wal_size", maxWalSize);
        all.put("min_wal_size", "1GB");
        all.put("checkpoint_timeout", checkpointTimeout);
        all.put("checkpoint_completion_target", "0.9");
        all.put("wal_compression", walCompression ? "on" : "off");
        all.put("wal_buffers", "16MB");
        all.put("maintenance_work_mem", "256MB");
        all.putAll(settings);
        return all;
    }
}
