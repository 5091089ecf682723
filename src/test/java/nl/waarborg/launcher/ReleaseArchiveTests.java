package nl.waarborg.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import nl.waarborg.database.PostgresPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release as a provider gets it: {@code target/waarborg-<version>.tar.gz} unpacked in a folder of its own, with no
 * Maven and no sources, started with its own launcher; and the {@code .zip} for Windows holding the same files.
 * Runs after packaging (failsafe).
 */
class ReleaseArchiveTests {

    @TempDir
    Path work;

    private Launch launch;

    @AfterEach
    void stop() throws InterruptedException {
        if (launch != null) {
            launch.close();
        }
    }

    static Path archive(String extension) throws Exception {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(
                            f -> f.getFileName().toString().matches("waarborg-.+\\." + extension.replace(".", "\\.")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no release archive ." + extension + " in target/"));
        }
    }

    @Test
    void theReleaseStartsFromItsOwnFolderWithoutMavenOrSources() throws Exception {
        Path tar = archive("tar.gz");
        Process untar = new ProcessBuilder("tar", "-xzf", tar.toAbsolutePath().toString(), "-C", work.toString())
                .inheritIO()
                .start();
        assertThat(untar.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(untar.exitValue()).isZero();
        Path home;
        try (Stream<Path> top = Files.list(work)) {
            home = top.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertThat(home.getFileName().toString()).startsWith("waarborg-");

        // What is in it: the application, both launchers, every platform's PostgreSQL, the documents.
        assertThat(home.resolve("lib/waarborg.jar")).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("waarborg"))))
                .startsWith("rwx");
        assertThat(home.resolve("waarborg.cmd")).isRegularFile();
        for (PostgresPlatform p : PostgresPlatform.SUPPORTED) {
            assertThat(home.resolve("lib/postgres").resolve(p.archive()))
                    .as(p.label())
                    .isRegularFile();
        }
        assertThat(home.resolve("README.md")).isRegularFile();
        assertThat(home.resolve("NOTICE")).isRegularFile();
        assertThat(Files.readString(home.resolve("THIRD-PARTY.txt")))
                .contains("libphonenumber")
                .contains("Spring")
                .doesNotContain("junit");
        assertThat(home.resolve("docs/install.md")).isRegularFile();
        assertThat(home.resolve("dist/waarborg.service")).isRegularFile();
        assertThat(home.resolve("dist/application.properties")).isRegularFile();
        assertThat(home.resolve("pom.xml")).doesNotExist();
        assertThat(home.resolve("src")).doesNotExist();
        assertThat(home.resolve("mvnw")).doesNotExist();

        // The zip carries the same files, the Windows launcher with Windows line ends.
        List<String> tarEntries = new ArrayList<>();
        try (Stream<Path> all = Files.walk(home)) {
            all.filter(Files::isRegularFile)
                    .forEach(f -> tarEntries.add(home.relativize(f).toString()));
        }
        try (ZipFile zip = new ZipFile(archive("zip").toFile())) {
            TreeSet<String> zipEntries = new TreeSet<>();
            zip.stream()
                    .filter(e -> !e.isDirectory())
                    .forEach(e ->
                            zipEntries.add(e.getName().substring(e.getName().indexOf('/') + 1)));
            assertThat(zipEntries).containsExactlyInAnyOrderElementsOf(tarEntries);
            String cmd = new String(
                    zip.getInputStream(zip.stream()
                                    .filter(e -> e.getName().endsWith("/waarborg.cmd"))
                                    .findFirst()
                                    .orElseThrow())
                            .readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(cmd).contains("\r\n");
        }

        // Started from there, with no data folder named: it goes in the release's own folder.
        launch = new Launch(home);
        int port = Launch.freePort();
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        Map<String, String> env = Map.of(
                "SERVER_PORT",
                Integer.toString(port),
                "WAARBORG_JAVA_OPTS",
                "-Djava.io.tmpdir=" + tmp,
                "PATH",
                "/usr/bin:/bin");
        Process server = launch.serve(env, work.resolve("release.log"), "--demo");
        launch.awaitHealthy(port, server, Duration.ofSeconds(90));
        assertThat(Files.readString(work.resolve("release.log"))).contains("/console/setup?token=");
        assertThat(home.resolve("data/postgres")).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("data"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("data/cli-token"))))
                .isEqualTo("rw-------");
        Map<String, String> client = Map.of("PATH", "/usr/bin:/bin");
        Launch.Cli status = launch.cli(client, "status");
        assertThat(status.exit()).as(status.output()).isZero();
        Launch.Cli version = launch.cli(client, "--version");
        assertThat(version.exit()).as(version.output()).isZero();
        assertThat(version.output())
                .containsPattern("Waarborg \\S+ \\(commit [0-9a-f]{7}")
                .contains("PostgreSQL 17.5")
                .containsPattern("Server at http://localhost:" + port + ": Waarborg \\S+ \\(commit [0-9a-f]{7}")
                .contains("embedded");
    }
}
