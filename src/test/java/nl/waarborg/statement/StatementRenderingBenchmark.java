package nl.waarborg.statement;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.Registers;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.statement.internal.StatementRenderer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Run on demand: {@code ./mvnw -o test -Dtest=StatementRenderingBenchmark}. Measures the public page of a cached
 * version and the PDF against what the same machine does in the same run without any statement work: an HTTP GET of a
 * static file, and the PostgreSQL lookup of the version in force. Writes target/statement-benchmark.txt.
 */
@WaarborgTest
class StatementRenderingBenchmark {

    static final int ROUNDS = 300;

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StatementRenderer renderer;

    @Autowired
    Registers registers;

    HttpClient http = HttpClient.newHttpClient();

    @Test
    void measure() throws Exception {
        TestApi officer = TestApi.withScopes(port, tokens, "register:write");
        officer.post(
                "/api/v1/register?acceptFindings=seed+as+published",
                "application/yaml",
                SeedTables.fixture("/register/seed-000-progroup.yaml").getBytes(StandardCharsets.UTF_8));

        double[] page = times(ROUNDS, () -> get("/privacy"));
        double[] staticFile = times(ROUNDS, () -> get("/css/statement.css"));
        double[] lookup = times(
                ROUNDS,
                () -> jdbc.sql("SELECT * FROM statement_version WHERE effective_from <= ? ORDER BY number DESC LIMIT 1")
                        .param(LocalDate.now())
                        .query()
                        .listOfRows());
        double[] cachedPdf = times(ROUNDS, () -> get("/privacy/download?lang=nl&format=pdf"));
        var register = registers.current().orElseThrow().register();
        double[] freshPdf = times(30, () -> renderer.renderFresh(register, LocalDate.now(), "nl", StatementFormat.PDF));
        double[] freshHtml =
                times(ROUNDS, () -> renderer.renderFresh(register, LocalDate.now(), "nl", StatementFormat.HTML));

        String report = String.format(
                java.util.Locale.ROOT,
                """
                Statement rendering benchmark (%d rounds after warm-up; milliseconds: median / p95)
                machine: %d cores, %s, Java %s
                GET /privacy (cached version, HTML page)         %7.2f / %7.2f
                GET /css/statement.css (static file, HTTP floor)  %7.2f / %7.2f   page/static = %.1fx
                PostgreSQL lookup of the version in force         %7.2f / %7.2f
                GET /privacy/download?format=pdf (cached PDF)     %7.2f / %7.2f
                PDF rendered fresh (openhtmltopdf, 30 rounds)     %7.2f / %7.2f
                HTML article rendered fresh (no cache)            %7.2f / %7.2f
                """,
                ROUNDS,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("java.version"),
                median(page),
                p95(page),
                median(staticFile),
                p95(staticFile),
                median(page) / median(staticFile),
                median(lookup),
                p95(lookup),
                median(cachedPdf),
                p95(cachedPdf),
                median(freshPdf),
                p95(freshPdf),
                median(freshHtml),
                p95(freshHtml));
        System.out.println(report);
        Files.writeString(Path.of("target", "statement-benchmark.txt"), report);
    }

    Object get(String path) {
        try {
            HttpResponse<byte[]> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + r.statusCode());
            }
            return r.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static double[] times(int rounds, java.util.concurrent.Callable<Object> work) throws Exception {
        for (int i = 0; i < Math.max(10, rounds / 5); i++) {
            work.call();
        }
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            work.call();
            ms[i] = (System.nanoTime() - start) / 1_000_000.0;
        }
        Arrays.sort(ms);
        return ms;
    }

    static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    static double p95(double[] sorted) {
        return sorted[(int) Math.floor(sorted.length * 0.95)];
    }
}
