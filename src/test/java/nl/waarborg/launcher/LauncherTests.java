package nl.waarborg.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command for real: {@code ./waarborg serve --demo} on a fresh data folder, the CLI against it, a
 * {@code kill -9} and a restart, and an unreachable external database. Runs after packaging (failsafe).
 */
class LauncherTests {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private final Launch launch = new Launch(ROOT);

    @TempDir
    Path work;

    @AfterEach
    void stopServers() throws InterruptedException {
        launch.close();
    }

    @Test
    void servesWithDemoDataSurvivesKillNineAndKeepsItsData() throws Exception {
        Path data = work.resolve("data");
        int port = Launch.freePort();
        // A private temp folder forces the PostgreSQL binaries to be unpacked again, as on a fresh machine.
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        Map<String, String> env = Map.of(
                "WAARBORG_DATA_DIR", data.toString(),
                "SERVER_PORT", Integer.toString(port),
                "WAARBORG_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);

        long begin = System.nanoTime();
        Process first = launch.serve(env, work.resolve("first.log"), "--demo");
        launch.awaitHealthy(port, first, Duration.ofSeconds(60));
        long seconds = (System.nanoTime() - begin) / 1_000_000_000L;
        System.out.println("First start with binary extraction: health UP after " + seconds + " s");
        assertThat(Files.readString(work.resolve("first.log"))).contains("/console/setup?token=");
        // Every start says where to go; off a terminal the log lines are JSON (ECS) for a collector.
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.readString(work.resolve("first.log")).contains("Waarborg is ready at ")
                && System.nanoTime() < until) {
            Thread.sleep(200);
        }
        assertThat(Files.readString(work.resolve("first.log")))
                .contains("Waarborg is ready at http://localhost:" + port + "/console");
        assertThat(Files.readAllLines(work.resolve("first.log")).stream()
                        .filter(l -> l.startsWith("{\"@timestamp\""))
                        .count())
                .isPositive();
        HttpResponse<String> login = launch.get(port, "/console/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("Aanmelden");

        // The production configuration's database: every acknowledged commit is on disk (zonky's default is off).
        assertThat(setting(data, "synchronous_commit")).isEqualTo("on");
        assertThat(setting(data, "fsync")).isEqualTo("on");
        assertThat(setting(data, "wal_compression")).isNotEqualTo("off");
        assertThat(setting(data, "max_wal_size")).isEqualTo("4GB");

        Launch.Cli created = launch.cli(
                env, "admin", "create-user", "--username", "survivor", "--name", "Survivor", "--role", "AGENT");
        assertThat(created.exit()).as(created.output()).isZero();
        assertThat(launch.cli(env, "audit", "verify").exit()).isZero();

        // Hard kill: the JVM dies, its PostgreSQL is orphaned and keeps the data folder locked.
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        launch.forget(first);

        Process second = launch.serve(env, work.resolve("second.log"), "--demo");
        launch.awaitHealthy(port, second, Duration.ofSeconds(90));
        Launch.Cli users = launch.cli(env, "admin", "users");
        assertThat(users.exit()).as(users.output()).isZero();
        assertThat(users.output()).contains("survivor");
        // Starting again with --demo loads nothing twice.
        Launch.Cli again = launch.cli(env, "register", "versions", "--json");
        assertThat(again.output()).contains("\"number\" : 1").doesNotContain("\"number\" : 2");
        assertThat(launch.cli(env, "subject", "find", "jan.devries@example.nl").exit())
                .isZero();
        assertThat(launch.cli(env, "audit", "verify").exit()).isZero();
    }

    @Test
    void unreachableExternalDatabaseEndsTheStartWithOneLine() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:1/nowhere";
        Path log = work.resolve("external.log");
        Process process = launch.serve(
                Map.of("WAARBORG_DATA_DIR", work.resolve("data").toString(), "SPRING_DATASOURCE_URL", url), log);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        List<String> lines = Files.readAllLines(log).stream()
                .filter(l -> l.contains("Waarborg cannot use"))
                .toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains(url).contains("refused");
        assertThat(Files.exists(work.resolve("data").resolve("postgres")))
                .as("nothing embedded was started")
                .isFalse();
    }

    @Test
    void aMachineWithoutEmbeddedPostgresEndsTheStartWithOneLine() throws Exception {
        Path log = work.resolve("platform.log");
        // The JVM told it runs on a SPARC: Waarborg carries no PostgreSQL for that.
        Process process = launch.serve(
                Map.of("WAARBORG_DATA_DIR", work.resolve("data").toString(), "WAARBORG_JAVA_OPTS", "-Dos.arch=sparcv9"),
                log);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        List<String> lines = Files.readAllLines(log).stream()
                .filter(l -> l.contains("no embedded PostgreSQL"))
                .toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0))
                .contains("Linux sparcv9")
                .contains("spring.datasource.url")
                .contains("macOS arm64");
        assertThat(Files.exists(work.resolve("data").resolve("postgres"))).isFalse();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(work.resolve("data"))))
                .as("a new data folder is its owner's only")
                .isEqualTo("rwx------");
    }

    /** A setting of the running server's embedded PostgreSQL, asked over its own port (from postmaster.pid). */
    private static String setting(Path data, String name) throws Exception {
        List<String> pid = Files.readAllLines(data.resolve("postgres").resolve("postmaster.pid"));
        String url = "jdbc:postgresql://localhost:" + pid.get(3).strip() + "/waarborg";
        try (var c = java.sql.DriverManager.getConnection(url, "postgres", null);
                var rs = c.createStatement().executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
