package nl.waarborg.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to the server's API. Finds its address and token in {@code WAARBORG_URL}/{@code WAARBORG_TOKEN}, or else in
 * the CLI token file that a local server writes into its data folder.
 */
final class ApiClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private final String baseUrl;
    private final String token;
    private final HttpClient http;

    ApiClient(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    static ApiClient fromEnvironment(Map<String, String> env) {
        String url = env.get("WAARBORG_URL");
        String token = env.get("WAARBORG_TOKEN");
        if (url != null && !url.isBlank() && token != null && !token.isBlank()) {
            return new ApiClient(url, token);
        }
        String dataDir = env.getOrDefault("WAARBORG_DATA_DIR", "./data");
        Path file = Path.of(dataDir, "cli-token");
        if (!Files.isReadable(file)) {
            throw new CliException(
                    "No server credentials: set WAARBORG_URL and WAARBORG_TOKEN, or start the server with"
                            + " './waarborg serve' so that it writes " + file);
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw InputFiles.readFailure(file, e, Messages.of(env));
        }
        return new ApiClient(
                url != null && !url.isBlank() ? url : props.getProperty("url", "http://localhost:8080"),
                token != null && !token.isBlank() ? token : props.getProperty("token", ""));
    }

    String baseUrl() {
        return baseUrl;
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    JsonNode post(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    /** A call the server may take long to answer, such as a retention run over millions of items. */
    JsonNode postLong(String path, Object body) {
        return send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
                Duration.ofHours(12));
    }

    JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** Sends a raw body, for example a YAML or CSV file, with its content type. */
    JsonNode postBytes(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /**
     * Streams a file as the body, read from disk as it is sent, so a file of any size never sits in memory whole.
     */
    JsonNode postFile(String path, String contentType, Path file) {
        try {
            // A large file takes long before the server answers: it answers once every row is stored.
            return send(
                    HttpRequest.newBuilder(uri(path))
                            .header("Content-Type", contentType)
                            .POST(HttpRequest.BodyPublishers.ofFile(file)),
                    Duration.ofHours(12));
        } catch (java.io.FileNotFoundException e) {
            throw new CliException("Cannot read " + file);
        }
    }

    byte[] getBytes(String path) {
        HttpRequest request = authorised(HttpRequest.newBuilder(uri(path)).GET());
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 400) {
                throw failure(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body();
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted");
        }
    }

    private URI uri(String path) {
        URI uri;
        try {
            uri = URI.create(baseUrl + path);
        } catch (IllegalArgumentException e) {
            throw new CliException("The server address " + baseUrl
                    + " (WAARBORG_URL, or the url in the data folder's cli-token) is not a valid address: use one such"
                    + " as https://privacy.example.nl");
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw new CliException("The server address " + baseUrl
                    + " (WAARBORG_URL, or the url in the data folder's cli-token) is not an http or https address");
        }
        return uri;
    }

    private JsonNode send(HttpRequest.Builder builder) {
        return send(builder, DEFAULT_TIMEOUT);
    }

    private JsonNode send(HttpRequest.Builder builder, Duration timeout) {
        HttpResponse<String> response = exchange(builder, timeout);
        String body = response.body();
        return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    }

    private HttpRequest authorised(HttpRequest.Builder builder) {
        return authorised(builder, DEFAULT_TIMEOUT);
    }

    private HttpRequest authorised(HttpRequest.Builder builder, Duration timeout) {
        return builder.header("Authorization", "Bearer " + token)
                .header("Accept", "application/json, application/problem+json, */*")
                .timeout(timeout)
                .build();
    }

    private HttpResponse<String> exchange(HttpRequest.Builder builder) {
        return exchange(builder, DEFAULT_TIMEOUT);
    }

    private HttpResponse<String> exchange(HttpRequest.Builder builder, Duration timeout) {
        try {
            HttpResponse<String> response =
                    http.send(authorised(builder, timeout), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() >= 400) {
                throw failure(response.statusCode(), response.body());
            }
            return response;
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted");
        }
    }

    private CliException unreachable(IOException e) {
        String why = e instanceof ConnectException ? "connection refused" : String.valueOf(e.getMessage());
        return new CliException("Cannot reach the Waarborg server at " + baseUrl + " (" + why
                + "). Is it running? Start it with './waarborg serve'.");
    }

    /**
     * Problem types of a 400 answer that are no usage error: a register file refused for its content (the command
     * lists its errors), and an import that stopped half-way and is to be sent again.
     */
    private static final Set<String> NOT_USAGE =
            Set.of("urn:waarborg:problem:invalid-register", "urn:waarborg:problem:import-interrupted");

    /**
     * Turns a problem+json answer into one readable line. A 400 is a request the server refuses as asked (a wrong
     * option value, an unknown identifier kind): a usage error, exit code 2, like one the CLI finds itself.
     */
    private static CliException failure(int status, String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            // A file refused for its content (too large, empty, not what it claims) is no usage error either.
            String at = problem.path("field").asString("");
            int exitCode = status == 400
                            && !NOT_USAGE.contains(problem.path("type").asString(""))
                            && !at.equals("file")
                            && !at.equals("body")
                    ? WaarborgCli.USAGE
                    : WaarborgCli.FAILED;
            String detail = problem.path("detail").asString("");
            String field = problem.path("field").asString("");
            StringBuilder message = new StringBuilder("Server answered " + status);
            if (!detail.isEmpty()) {
                message.append(": ").append(detail);
            }
            if (!field.isEmpty()) {
                message.append(" [field: ").append(field).append(']');
            }
            return new CliException(message.toString(), problem, exitCode);
        } catch (RuntimeException notJson) {
            return new CliException(
                    "Server answered " + status, null, status == 400 ? WaarborgCli.USAGE : WaarborgCli.FAILED);
        }
    }
}
