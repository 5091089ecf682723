package nl.waarborg.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded PostgreSQL cluster per data folder and JVM. The test suite shares one cluster across all Spring
 * contexts; each context gets its own database inside it.
 *
 * <p>The cluster stops when the last Spring context using it has closed its data source, not from a shutdown hook
 * running beside Spring's: beans that still use the database while their context closes (the event publication
 * registry looks for unfinished work) would otherwise wait for a connection to a server that is already gone.
 */
final class EmbeddedPostgresServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Map<Path, EmbeddedPostgresServer> RUNNING = new ConcurrentHashMap<>();
    private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final Path directory;
    private final java.util.concurrent.atomic.AtomicInteger users = new java.util.concurrent.atomic.AtomicInteger();

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path directory) {
        this.postgres = postgres;
        this.directory = directory;
    }

    /** The cluster of the data folder, started if needed; every caller releases it once ({@link #release()}). */
    static synchronized EmbeddedPostgresServer acquire(DatabaseProperties properties) {
        EmbeddedPostgresServer server =
                RUNNING.computeIfAbsent(properties.postgresDirectory(), dir -> start(dir, properties));
        server.users.incrementAndGet();
        return server;
    }

    /** Stops the cluster when its last user lets go. */
    synchronized void release() {
        if (users.decrementAndGet() == 0) {
            stop();
        }
    }

    private synchronized void stop() {
        if (RUNNING.remove(directory, this)) {
            try {
                postgres.close();
            } catch (IOException e) {
                log.warn(
                        "The embedded PostgreSQL did not stop cleanly: {}",
                        e.getClass().getName());
            }
        }
    }

    /**
     * The JVM is ending: give Spring's contexts (whose shutdown hook runs at the same time) the time to close their
     * data sources, then stop the cluster whatever they did.
     */
    private void stopAtExit() {
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        while (users.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
    }

    private static EmbeddedPostgresServer start(Path directory, DatabaseProperties properties) {
        try {
            if (properties.cleanOnStart()) {
                deleteRecursively(directory);
            }
            Files.createDirectories(directory);
            recoverFromHardKill(directory);
            long started = System.nanoTime();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPort(properties.port() == 0 ? 0 : properties.port())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setRegisterShutdownHook(false)
                    .setPgBinaryResolver(new PostgresBinaries(properties.binariesFolder()));
            properties.serverSettings().forEach(builder::setServerConfig);
            EmbeddedPostgres postgres = builder.start();
            log.info(
                    "Embedded PostgreSQL started on port {} in {} ms",
                    postgres.getPort(),
                    (System.nanoTime() - started) / 1_000_000);
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, directory);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stopAtExit, "embedded-postgres-stop"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory, e);
        }
    }

    /**
     * After a {@code kill -9} of the JVM the postmaster keeps running and holds the data folder. Stop it (fast
     * shutdown) and remove a pid file that no live postgres owns, so the next start succeeds.
     */
    static void recoverFromHardKill(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        long pid;
        try {
            pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            pid = -1;
        }
        Optional<ProcessHandle> process = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
        if (process.isPresent() && process.get().isAlive() && isPostgres(process.get())) {
            log.warn("Stopping an orphaned embedded PostgreSQL (pid {}) left by an earlier run", pid);
            signal(pid, "INT");
            if (!waitForExit(process.get(), ORPHAN_STOP_TIMEOUT)) {
                signal(pid, "KILL");
                waitForExit(process.get(), ORPHAN_STOP_TIMEOUT);
            }
        }
        if (Files.deleteIfExists(pidFile)) {
            log.info("Removed a stale postmaster.pid from the embedded PostgreSQL folder");
        }
    }

    private static boolean isPostgres(ProcessHandle handle) {
        return handle.info().command().map(c -> c.endsWith("postgres")).orElse(true);
    }

    private static void signal(long pid, String signal) throws IOException {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .start()
                    .waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping an orphaned PostgreSQL", e);
        }
    }

    private static boolean waitForExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return !handle.isAlive();
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    int port() {
        return postgres.getPort();
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** Creates the database if it does not exist yet; the name is validated by {@link DatabaseProperties}. */
    void ensureDatabase(String name) {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + name + " ENCODING 'UTF8'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + " in the embedded PostgreSQL", e);
        }
    }
}
