package nl.waarborg.database;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the embedded PostgreSQL for the machine: in a folder of archives first (a release's {@code lib/postgres}, set
 * with {@code waarborg.database.binaries}), else on the class path (the binaries jar of the platform the build ran
 * on). Exactly one archive is chosen, by the platform's name, so a release that carries every platform's archives
 * never offers two.
 */
public final class PostgresBinaries implements PgBinaryResolver {

    private final Path folder;

    /** @param folder a folder holding {@code postgres-<os>-<arch>.txz} archives, or null for the class path only */
    public PostgresBinaries(Path folder) {
        this.folder = folder;
    }

    /** Where this machine's archive is: a file of the folder or a class-path resource; empty when there is none. */
    public Optional<String> location(PostgresPlatform platform) {
        if (folder != null && Files.isRegularFile(folder.resolve(platform.archive()))) {
            return Optional.of(folder.resolve(platform.archive()).toString());
        }
        return Optional.ofNullable(PostgresBinaries.class.getClassLoader().getResource(platform.archive()))
                .map(Object::toString);
    }

    /**
     * Why the folder's archive for the platform cannot be what it claims (not an XZ file: a damaged or cut-off
     * download), or null when it looks whole or comes from the class path.
     */
    public String damaged(PostgresPlatform platform) {
        if (folder == null || !Files.isRegularFile(folder.resolve(platform.archive()))) {
            return null;
        }
        Path archive = folder.resolve(platform.archive());
        byte[] magic = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};
        try (InputStream in = Files.newInputStream(archive)) {
            byte[] head = in.readNBytes(magic.length);
            return java.util.Arrays.equals(head, magic)
                    ? null
                    : "The embedded PostgreSQL archive " + archive + " is damaged (not an XZ file): unpack the release"
                            + " again, or remove the file to use the binaries the application carries.";
        } catch (IOException e) {
            return "The embedded PostgreSQL archive " + archive + " cannot be read ("
                    + e.getClass().getSimpleName() + ")";
        }
    }

    /** zonky asks with {@code uname}'s words ({@code Linux}, {@code Darwin}, {@code aarch64}); the answer is the same. */
    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        PostgresPlatform platform = PostgresPlatform.of(system, machineHardware);
        if (folder != null && Files.isRegularFile(folder.resolve(platform.archive()))) {
            return Files.newInputStream(folder.resolve(platform.archive()));
        }
        InputStream resource = PostgresBinaries.class.getClassLoader().getResourceAsStream(platform.archive());
        if (resource == null) {
            throw new IOException(missing(platform));
        }
        return resource;
    }

    /** The one line a start without binaries ends with: the platform, and what to do instead. */
    static String missing(PostgresPlatform platform) {
        return "Waarborg has no embedded PostgreSQL for this machine (" + platform.label() + "; it carries "
                + String.join(
                        ", ",
                        PostgresPlatform.SUPPORTED.stream()
                                .map(PostgresPlatform::label)
                                .toList())
                + "). Use an external PostgreSQL 15 or later: set spring.datasource.url, spring.datasource.username"
                + " and spring.datasource.password (docs/install.md).";
    }
}
