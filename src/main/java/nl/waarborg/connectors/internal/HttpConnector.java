package nl.waarborg.connectors.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An external system that speaks the JSON contract of docs/connector-http.md. Every call carries an
 * {@code Idempotency-Key} that stays the same over its retries; retries come after timeouts, connection failures,
 * 5xx and 429, with doubling waits, up to {@code max-attempts}. Other 4xx answers fail at once.
 */
final class HttpConnector implements Connector.Restricting {

    private static final Logger log = LoggerFactory.getLogger(HttpConnector.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String system;
    private final URI baseUrl;
    private final String token;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration backoff;
    private final String eraseMode;
    private final HttpClient http;
    private final List<String> categories;

    HttpConnector(String system, ConnectorSettings s) {
        if (s.baseUrl() == null) {
            throw new IllegalArgumentException(
                    "waarborg.connectors." + system + ".base-url is needed for an http" + " connector");
        }
        if (s.maxAttempts() < 1 || s.maxAttempts() > 10) {
            throw new IllegalArgumentException("waarborg.connectors." + system + ".max-attempts must be 1 to 10");
        }
        String mode = s.erase() == null ? "delete" : s.erase().toLowerCase(java.util.Locale.ROOT);
        if (!mode.equals("delete") && !mode.equals("anonymise")) {
            throw new IllegalArgumentException("waarborg.connectors." + system + ".erase must be delete or anonymise");
        }
        this.system = system;
        String base = s.baseUrl().toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
        this.token = s.token();
        this.timeout = s.timeout();
        this.maxAttempts = s.maxAttempts();
        this.backoff = s.backoff();
        this.eraseMode = mode;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.categories = s.categories();
    }

    /** The system searches by whatever it is sent; it answers nothing for kinds it does not know. */
    @Override
    public Set<IdentifierKind> searchable() {
        return Set.of(IdentifierKind.values());
    }

    @Override
    public boolean holds(String category) {
        return categories.contains(category);
    }

    @Override
    public List<String> categories() {
        return categories;
    }

    /** {@code GET {base-url}/health} with the token, once, within the timeout (docs/connector-http.md). */
    @Override
    public ConnectionCheck check() {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve("health"))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET();
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300
                    ? ConnectionCheck.ok("GET health answered HTTP " + status)
                    : ConnectionCheck.failed("GET health answered HTTP " + status);
        } catch (HttpTimeoutException e) {
            return ConnectionCheck.failed("GET health: no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return ConnectionCheck.failed(
                    "GET health: connection failed (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ConnectionCheck.failed("GET health: interrupted");
        }
    }

    @Override
    public String system() {
        return system;
    }

    @Override
    public String type() {
        return "http";
    }

    @Override
    public SystemResult find(Set<Identifier> identifiers) {
        return records("find", identifiers, UUID.randomUUID().toString());
    }

    @Override
    public SystemResult export(Set<Identifier> identifiers) {
        return records("export", identifiers, UUID.randomUUID().toString());
    }

    @Override
    public SystemResult erase(Set<Identifier> identifiers, Set<String> keep, String operationId) {
        ObjectNode body = identifiersBody(identifiers);
        body.put("mode", eraseMode);
        body.put("operationId", operationId);
        if (!keep.isEmpty()) {
            ArrayNode kept = body.putArray("keep");
            new java.util.TreeSet<>(keep).forEach(kept::add);
        }
        return outcome(call("erase", body, key("erase", operationId)));
    }

    @Override
    public SystemResult expire(
            String category, Instant cutoff, Set<Identifier> held, String operationId, boolean dryRun) {
        ObjectNode body = JSON.createObjectNode();
        body.put("category", category);
        body.put("before", cutoff.toString());
        body.put("mode", eraseMode);
        body.put("operationId", operationId);
        if (!held.isEmpty()) {
            body.set("exclude", identifiersBody(held).get("identifiers"));
        }
        if (dryRun) {
            body.put("dryRun", true);
            // A dry run changes nothing, so it needs no idempotency across runs: each one asks afresh.
            return outcome(call("expire", body, UUID.randomUUID().toString()));
        }
        return outcome(call("expire", body, key("expire", operationId)));
    }

    @Override
    public SystemResult restrict(Set<Identifier> identifiers, String operationId) {
        ObjectNode body = identifiersBody(identifiers);
        body.put("operationId", operationId);
        return outcome(call("restrict", body, key("restrict", operationId)));
    }

    @Override
    public SystemResult lift(Set<Identifier> identifiers, String operationId) {
        ObjectNode body = identifiersBody(identifiers);
        body.put("operationId", operationId);
        return outcome(call("lift", body, key("lift", operationId)));
    }

    @Override
    public SystemResult rectify(
            Set<Identifier> identifiers, String category, String field, String value, String operationId) {
        ObjectNode body = identifiersBody(identifiers);
        body.put("category", category);
        body.put("field", field);
        body.put("value", value);
        body.put("operationId", operationId);
        return outcome(call("rectify", body, key("rectify", operationId)));
    }

    /** One key per operation and system: a retry, or the same operation run again, reuses it. */
    private String key(String step, String operationId) {
        // The registry refuses an operation without an id, so the same operation always gets the same key.
        return UUID.nameUUIDFromBytes(
                        (system + '\u0000' + step + '\u0000' + operationId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private SystemResult records(String step, Set<Identifier> identifiers, String key) {
        JsonNode answer = call(step, identifiersBody(identifiers), key).body;
        List<SystemResult.ExternalRecord> records = new ArrayList<>();
        for (JsonNode r : answer.path("records")) {
            Map<String, Object> data = new LinkedHashMap<>();
            if (step.equals("export") && r.path("data").isObject()) {
                r.path("data").properties().forEach(e -> data.put(e.getKey(), value(e.getValue())));
            }
            records.add(new SystemResult.ExternalRecord(
                    r.path("category").asString(null),
                    system
                            + (r.hasNonNull("location")
                                    ? ":" + r.path("location").asString()
                                    : ""),
                    r.path("id").asString(null),
                    time(r.path("timestamp")),
                    data));
        }
        return SystemResult.done(system, type(), records, 0);
    }

    private SystemResult outcome(Answer answer) {
        if (answer.status == 202) {
            return SystemResult.pending(
                    system, type(), answer.body.path("reference").asString(null));
        }
        return SystemResult.done(
                system, type(), List.of(), answer.body.path("affected").asLong(0));
    }

    private ObjectNode identifiersBody(Set<Identifier> identifiers) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("identifiers");
        identifiers.forEach(id -> list.addObject().put("kind", id.kind().name()).put("value", id.value()));
        return body;
    }

    private record Answer(int status, JsonNode body) {}

    private Answer call(String step, ObjectNode body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(step))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpRequest built = request.build();
        String lastProblem = "no attempt";
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                pause(attempt);
            }
            try {
                HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new Answer(status, parse(step, response.body()));
                }
                lastProblem = "HTTP " + status;
                if (status != 429 && status < 500) {
                    // The system understood and refused: asking again will not change its mind.
                    throw new ConnectorFailure(system + ": " + step + " refused with HTTP " + status);
                }
            } catch (HttpTimeoutException e) {
                lastProblem = "no answer within " + timeout.toMillis() + " ms";
            } catch (IOException e) {
                lastProblem = "connection failed (" + e.getClass().getSimpleName() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorFailure(system + ": " + step + " interrupted");
            }
            log.warn("Connector {} {} attempt {}/{} failed: {}", system, step, attempt, maxAttempts, lastProblem);
        }
        throw new ConnectorFailure(
                system + ": " + step + " failed after " + maxAttempts + " attempt(s), last: " + lastProblem);
    }

    private void pause(int attempt) {
        long millis = Math.min(MAX_BACKOFF.toMillis(), backoff.toMillis() << Math.min(20, attempt - 2));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorFailure(system + ": interrupted while waiting to retry");
        }
    }

    private JsonNode parse(String step, String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw new ConnectorFailure(system + ": " + step + " answered something other than JSON");
        }
    }

    private static Instant time(JsonNode node) {
        if (node == null || !node.isString()) {
            return null;
        }
        try {
            return Instant.parse(node.asString());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static Object value(JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.numberValue();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isValueNode()) {
            return v.asString();
        }
        return JSON.convertValue(v, Object.class);
    }
}
