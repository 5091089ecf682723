package nl.waarborg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Packages the tests take from the npm registry with the machine's npm, installed once under target/npm/<name>. */
public final class NpmPackages {

    private NpmPackages() {}

    /**
     * The package's folder in node_modules, installing {@code name@version} on first use.
     *
     * @param folder the folder under target/npm it goes in, one per package so versions never mix
     */
    public static synchronized Path install(String folder, String name, String version)
            throws IOException, InterruptedException {
        Path dir = Path.of("target", "npm", folder).toAbsolutePath();
        Path installed = dir.resolve("node_modules").resolve(name);
        if (!Files.exists(installed.resolve("package.json"))) {
            Files.createDirectories(dir);
            Process npm = new ProcessBuilder(
                            "npm",
                            "install",
                            "--no-audit",
                            "--no-fund",
                            "--prefix",
                            dir.toString(),
                            name + "@" + version)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("npm.log").toFile())
                    .start();
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new AssertionError("npm could not install " + name + "; see " + dir.resolve("npm.log"));
            }
        }
        return installed;
    }
}
