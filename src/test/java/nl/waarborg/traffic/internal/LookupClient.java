package nl.waarborg.traffic.internal;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's HTTP client, run by {@link CdrIngestBenchmark} as a JVM of its own so that it does not compete with
 * the server's threads inside one process. Only the JDK: {@code java -cp target/test-classes}.
 *
 * <p>Arguments: base URL, a file with one request path a line, the number of warm-up requests. The token comes from
 * the environment variable {@code WAARBORG_TOKEN} (not the command line, where other users could see it). Sends the
 * paths one after the other over one kept-alive connection, with the blocking {@code HttpURLConnection} (like curl: the
 * calling thread does the I/O, no hand-over between threads), and prints {@code p50=… p90=… p95=… p99=… max=… rows=…} (milliseconds;
 * rows is the sum of the answers' {@code count}).
 */
public final class LookupClient {

    private static final Pattern COUNT = Pattern.compile("^\\{\"count\":(\\d+)");

    private LookupClient() {}

    public static void main(String[] args) throws Exception {
        String base = args[0];
        List<String> paths = Files.readAllLines(Path.of(args[1]));
        int warmUp = Integer.parseInt(args[2]);
        String token = System.getenv("WAARBORG_TOKEN");
        long[] nanos = new long[paths.size()];
        long rows = 0;
        for (int i = -warmUp; i < paths.size(); i++) {
            URL url =
                    URI.create(base + paths.get(Math.floorMod(i, paths.size()))).toURL();
            long start = System.nanoTime();
            HttpURLConnection http = (HttpURLConnection) url.openConnection();
            http.setRequestProperty("Authorization", "Bearer " + token);
            int status = http.getResponseCode();
            String body;
            try (InputStream in = status == 200 ? http.getInputStream() : http.getErrorStream()) {
                // Read to the end and close: the connection then goes back to the keep-alive cache.
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            long took = System.nanoTime() - start;
            if (status != 200) {
                System.out.println("error status=" + status);
                System.exit(1);
            }
            if (i >= 0) {
                nanos[i] = took;
                Matcher m = COUNT.matcher(body);
                rows += m.find() ? Long.parseLong(m.group(1)) : 0;
            }
        }
        Arrays.sort(nanos);
        System.out.printf(
                "p50=%.3f p90=%.3f p95=%.3f p99=%.3f max=%.3f rows=%d%n",
                percentile(nanos, 50),
                percentile(nanos, 90),
                percentile(nanos, 95),
                percentile(nanos, 99),
                nanos[nanos.length - 1] / 1e6,
                rows);
    }

    /**
     * Runs this client in a JVM of its own against a server and answers its one-line result; used by the benchmarks
     * that measure an API call, so that the client does not compete with the server's threads in one process.
     */
    public static String inOwnJvm(String baseUrl, String token, List<String> paths, int warmUp)
            throws java.io.IOException, InterruptedException {
        Path file = Files.createTempFile("lookup-paths", ".txt");
        try {
            Files.write(file, paths);
            String classes = Path.of(LookupClient.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
            ProcessBuilder builder = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx64m",
                            // A short-lived client: compile quickly and only once (C1), the server keeps both cores.
                            "-XX:TieredStopAtLevel=1",
                            "-XX:+UseSerialGC",
                            "-cp",
                            classes,
                            LookupClient.class.getName(),
                            baseUrl,
                            file.toString(),
                            Integer.toString(warmUp))
                    .redirectErrorStream(true);
            builder.environment().put("WAARBORG_TOKEN", token);
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("the lookup client failed: " + out);
            }
            return out;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static double percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
