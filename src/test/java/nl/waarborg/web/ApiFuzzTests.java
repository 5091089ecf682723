package nl.waarborg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Walks every operation of the OpenAPI description and sends, per path parameter, query parameter and body field,
 * input no caller should send: a NUL byte, invalid UTF-8, 100,000 characters, deep nesting, wrong types, empty values.
 * Every answer must be a 4xx problem+json without a stack trace or a class name, and nothing may be stored. A new
 * endpoint is covered the moment it is in the description.
 */
@WaarborgTest
class ApiFuzzTests {

    private static final String LONG = "x".repeat(100_000);
    private static final String LONGISH = "y".repeat(3_000);
    private static final int DEPTH = 20_000;
    /** A piece of the long test values: any part of them repeated in an answer is an echo. */
    private static final java.util.regex.Pattern ECHO = java.util.regex.Pattern.compile("x{20}|y{20}");

    /** Tables that scheduled jobs and the audit trail write to on their own, whatever the requests do. */
    private static final Set<String> BUSY_TABLES = Set.of(
            "audit_entry",
            "audit_checkpoint",
            "event_publication",
            "event_publication_archive",
            "scheduled_tasks",
            "login_attempt",
            "login_failure",
            "flyway_schema_history",
            "store_operation",
            "statement_version");

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    JdbcClient jdbc;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String token;
    final List<String> failures = new ArrayList<>();
    int requests;

    @Test
    void noInputMakesAnyOperationFailOrStoreAnything() throws Exception {
        token = tokens.issue("fuzz", Set.of("*"), "fuzz").secret();
        JsonNode docs = new TestApi(port, null).get("/v3/api-docs").json();
        Map<String, Long> before = counts(jdbc);

        for (Iterator<Map.Entry<String, JsonNode>> paths =
                        docs.path("paths").properties().iterator();
                paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String method = operation.getKey().toUpperCase();
                if (Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    fuzz(docs, path.getKey(), method, operation.getValue());
                }
            }
        }

        System.out.println("API fuzz: " + requests + " requests");
        assertThat(failures).as("answers that were not a clean 4xx").isEmpty();
        assertThat(counts(jdbc)).as("nothing stored").isEqualTo(before);
        assertThat(requests).isGreaterThan(500);
    }

    private void fuzz(JsonNode docs, String template, String method, JsonNode operation) throws Exception {
        boolean reads = method.equals("GET");
        List<JsonNode> parameters = new ArrayList<>();
        operation.path("parameters").forEach(parameters::add);
        String concrete = template.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());

        for (JsonNode parameter : parameters) {
            String name = parameter.path("name").asString();
            String in = parameter.path("in").asString();
            if (in.equals("path")) {
                for (String bad : List.of("%00", "%FF%FE", "abc", enc(LONGISH), "-1")) {
                    String url = template.replace("{" + name + "}", bad)
                            .replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                    send(method, url, null, null, name);
                }
            } else if (in.equals("query")) {
                List<String> values = new ArrayList<>(List.of("%00", "a%01b", "%FF%FE", enc(LONGISH), enc(LONG)));
                String type = parameter.path("schema").path("type").asString();
                // Empty and wrong-typed values only where they cannot be a valid way to trigger an action.
                if (reads || !type.equals("string")) {
                    values.addAll(List.of("", "-1", "abc", "99999999999999999999", "2026-02-30"));
                }
                for (String bad : values) {
                    send(method, concrete + "?" + enc(name) + "=" + bad, null, null, name);
                }
            }
        }

        JsonNode body = operation.path("requestBody").path("content");
        if (body.isMissingNode() || body.isEmpty()) {
            return;
        }
        String contentType = body.properties().iterator().next().getKey();
        if (contentType.startsWith("multipart/")) {
            // Empty and malformed multipart bodies; uploads have their own tests for their content.
            send(method, concrete, "multipart/form-data; boundary=x", bytes("--x\r\nnonsense\r\n--x--"), "body");
            send(method, concrete, "multipart/form-data", bytes(""), "body");
            return;
        }
        String sendAs = contentType.equals("*/*") ? "application/yaml" : contentType;
        List<byte[]> bodies = new ArrayList<>(List.of(
                bytes(""),
                bytes("{"),
                bytes("null"),
                bytes("123"),
                bytes("[".repeat(DEPTH)),
                bytes("{\"a\":".repeat(DEPTH)),
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'},
                bytes("\u0000"),
                bytes(LONG)));
        JsonNode schema = resolve(docs, body.path(contentType).path("schema"));
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            String name = property.getKey();
            for (String value : List.of("\"a\\u0000b\"", "\"" + LONG + "\"", "123", "{}", "[]", "true", "\"\"")) {
                bodies.add(bytes("{\"" + name + "\":" + value + "}"));
            }
        }
        for (byte[] bad : bodies) {
            send(method, concrete, sendAs, bad, "body");
        }
    }

    private void send(String method, String url, String contentType, byte[] body, String what) throws Exception {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + url))
                    .timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json");
        } catch (IllegalArgumentException notAUri) {
            return;
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        String where = method + " " + abbreviate(url) + " (" + what + ", "
                + (body == null
                        ? "no body"
                        : abbreviate(new String(body, 0, Math.min(body.length, 40), StandardCharsets.UTF_8)))
                + ")";
        HttpResponse<String> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.net.http.HttpTimeoutException slow) {
            failures.add(where + ": no answer within 20 s");
            return;
        }
        requests++;
        int status = answer.statusCode();
        String type = answer.headers().firstValue("Content-Type").orElse("");
        // The problem's "instance" is the request path as sent, which the caller already has; the rest must not repeat.
        String text = answer.body().replaceAll("\"instance\"\\s*:\\s*\"[^\"]*\"", "");
        if (status < 400 && !method.equals("GET")) {
            failures.add(where + ": " + status + ", accepted");
        } else if (status >= 500) {
            failures.add(where + ": " + status + " " + abbreviate(text));
        } else if (status >= 400 && !type.startsWith("application/problem+json")) {
            failures.add(where + ": " + status + " as " + type);
        } else if (text.contains("Exception") || text.contains("\tat ") || text.contains("nl.waarborg.")) {
            failures.add(where + ": a class name or stack trace in the answer");
        } else if (ECHO.matcher(text).find() || text.contains("\u0000") || text.contains("\\u0000")) {
            failures.add(where + ": the rejected value is repeated in the answer");
        }
    }

    /** Rows per table, apart from those jobs and the audit trail write to on their own. */
    static Map<String, Long> counts(JdbcClient jdbc) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : jdbc.sql("""
                        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                         ORDER BY c.relname
                        """).query(String.class).list()) {
            if (!BUSY_TABLES.contains(table)) {
                counts.put(
                        table,
                        jdbc.sql("SELECT count(*) FROM \"" + table + "\"")
                                .query(Long.class)
                                .single());
            }
        }
        return counts;
    }

    private static JsonNode resolve(JsonNode docs, JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        if (ref.startsWith("#/components/schemas/")) {
            return docs.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
        }
        return schema;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }
}
