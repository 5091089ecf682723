package nl.waarborg.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
    private final List<Process> started = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path work;

    @AfterEach
    void stopServers() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void servesWithDemoDataSurvivesKillNineAndKeepsItsData() throws Exception {
        Path data = work.resolve("data");
        int port = freePort();
        // A private temp folder forces the PostgreSQL binaries to be unpacked again, as on a fresh machine.
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        Map<String, String> env = Map.of(
                "WAARBORG_DATA_DIR", data.toString(),
                "SERVER_PORT", Integer.toString(port),
                "WAARBORG_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);

        long begin = System.nanoTime();
        Process first = serve(env, work.resolve("first.log"), "--demo");
        awaitHealthy(port, first, Duration.ofSeconds(60));
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
        HttpResponse<String> login = get(port, "/console/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("Aanmelden");

        // The production configuration's database: every acknowledged commit is on disk (zonky's default is off).
        assertThat(setting(data, "synchronous_commit")).isEqualTo("on");
        assertThat(setting(data, "fsync")).isEqualTo("on");
        assertThat(setting(data, "wal_compression")).isNotEqualTo("off");
        assertThat(setting(data, "max_wal_size")).isEqualTo("4GB");

        Cli created =
                cli(env, "admin", "create-user", "--username", "survivor", "--name", "Survivor", "--role", "AGENT");
        assertThat(created.exit()).as(created.output()).isZero();
        assertThat(cli(env, "audit", "verify").exit()).isZero();

        // Hard kill: the JVM dies, its PostgreSQL is orphaned and keeps the data folder locked.
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        started.remove(first);

        Process second = serve(env, work.resolve("second.log"), "--demo");
        awaitHealthy(port, second, Duration.ofSeconds(90));
        Cli users = cli(env, "admin", "users");
        assertThat(users.exit()).as(users.output()).isZero();
        assertThat(users.output()).contains("survivor");
        // Starting again with --demo loads nothing twice.
        Cli again = cli(env, "register", "versions", "--json");
        assertThat(again.output()).contains("\"number\" : 1").doesNotContain("\"number\" : 2");
        assertThat(cli(env, "subject", "find", "jan.devries@example.nl").exit()).isZero();
        assertThat(cli(env, "audit", "verify").exit()).isZero();
    }

    @Test
    void unreachableExternalDatabaseEndsTheStartWithOneLine() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:1/nowhere";
        Path log = work.resolve("external.log");
        Process process =
                serve(Map.of("WAARBORG_DATA_DIR", work.resolve("data").toString(), "SPRING_DATASOURCE_URL", url), log);
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

    private Process serve(Map<String, String> env, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("waarborg").toString(), "serve"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    record Cli(int exit, String output) {}

    private Cli cli(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("waarborg").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().remove("WAARBORG_JAVA_OPTS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Cli(process.exitValue(), output);
    }

    private void awaitHealthy(int port, Process process, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("server process still running").isTrue();
            try {
                HttpResponse<String> health = get(port, "/actuator/health");
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("health not UP within " + limit);
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
