package nl.waarborg.consent.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.consent.ConsentException;
import nl.waarborg.errors.DomainException.Kind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells subscribed systems of every withdrawn consent: a delivery row per withdrawal and system, queued in the
 * withdrawal's transaction, posted as JSON with {@code Idempotency-Key} (the delivery's id) and {@code
 * X-Waarborg-Signature: sha256=<HMAC of the body>}, retried with growing waits until the system answers 2xx. A sender
 * cut off after posting and before marking posts again with the same key: the system sees it once.
 */
@Component
public class Webhooks {

    static final int MAX_ATTEMPTS = 12;
    static final Duration LEASE = Duration.ofMinutes(2);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    Webhooks(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** A subscribed system, with how its deliveries stand; the secret only when it was just made. */
    public record Hook(
            UUID id,
            String name,
            String url,
            List<String> purposes,
            long due,
            long delivered,
            long failed,
            String secret) {}

    /** Subscribes a system; answers it with its signing secret, shown this once. */
    @Transactional
    public Hook subscribe(String name, String url, List<String> purposes) {
        if (name == null
                || name.isBlank()
                || name.length() > 100
                || name.chars().anyMatch(c -> c < 0x20)) {
            throw new ConsentException(Kind.INVALID, "name", "name the system in at most 100 characters");
        }
        URI target = target(url);
        if (jdbc.sql("SELECT EXISTS (SELECT 1 FROM consent_webhook WHERE name = ?)")
                .param(name.strip())
                .query(Boolean.class)
                .single()) {
            throw new ConsentException(Kind.CONFLICT, "name", "a webhook of this name exists");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO consent_webhook (id, name, url, purposes, secret, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(
                        id,
                        name.strip(),
                        target.toString(),
                        purposes == null || purposes.isEmpty() ? null : purposes.toArray(String[]::new),
                        secret,
                        Timestamp.from(clock.instant()))
                .update();
        audit.record(AuditRecord.of(AuditAction.CREATE, "consent_webhook", id).detail("host", target.getHost()));
        return new Hook(
                id,
                name.strip(),
                target.toString(),
                purposes == null ? List.of() : purposes,
                0,
                0,
                0,
                HexFormat.of().formatHex(secret));
    }

    @Transactional
    public void remove(UUID id) {
        if (jdbc.sql("UPDATE consent_webhook SET removed_at = ? WHERE id = ? AND removed_at IS NULL")
                        .params(Timestamp.from(clock.instant()), id)
                        .update()
                == 0) {
            throw new ConsentException(Kind.NOT_FOUND, "id", "no webhook has this id");
        }
        audit.record(AuditRecord.of(AuditAction.DELETE, "consent_webhook", id));
    }

    public List<Hook> hooks() {
        return jdbc.sql("""
                        SELECT w.id, w.name, w.url, w.purposes,
                               count(*) FILTER (WHERE d.status IN ('DUE', 'SENDING')) AS due,
                               count(*) FILTER (WHERE d.status = 'DELIVERED') AS delivered,
                               count(*) FILTER (WHERE d.status = 'FAILED') AS failed
                          FROM consent_webhook w LEFT JOIN consent_delivery d ON d.webhook_id = w.id
                         WHERE w.removed_at IS NULL GROUP BY w.id ORDER BY w.name
                        """)
                .query((rs, i) -> new Hook(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        rs.getString("url"),
                        rs.getArray("purposes") == null
                                ? List.of()
                                : List.of((String[]) rs.getArray("purposes").getArray()),
                        rs.getLong("due"),
                        rs.getLong("delivered"),
                        rs.getLong("failed"),
                        null))
                .list();
    }

    /** Queues a delivery to every system subscribed to the purpose; joins the withdrawal's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public int queue(String identifierHash, String purpose, String event, Instant at) {
        return jdbc.sql("""
                        INSERT INTO consent_delivery (id, webhook_id, identifier_hash, purpose, event, at, status,
                                                      next_attempt_at)
                        SELECT gen_random_uuid(), id, ?, ?, ?, ?, 'DUE', ? FROM consent_webhook
                         WHERE removed_at IS NULL AND (purposes IS NULL OR ? = ANY (purposes))
                        """)
                .params(identifierHash, purpose, event, Timestamp.from(at), Timestamp.from(at), purpose)
                .update();
    }

    /** Posts every due delivery, one at a time; answers how many were delivered. The scheduled job calls it. */
    public int sendDue() {
        int delivered = 0;
        Optional<Map<String, Object>> next;
        while ((next = claim()).isPresent()) {
            if (send(next.get())) {
                delivered++;
            }
        }
        return delivered;
    }

    /** Claims the next due delivery (or one whose sender's lease ran out): SENDING, in its own statement. */
    private Optional<Map<String, Object>> claim() {
        Instant now = clock.instant();
        return jdbc.sql("""
                        UPDATE consent_delivery d SET status = 'SENDING', claimed_at = ?, attempts = attempts + 1
                         WHERE d.id = (SELECT id FROM consent_delivery
                                        WHERE (status = 'DUE' AND next_attempt_at <= ?)
                                           OR (status = 'SENDING' AND claimed_at < ?)
                                        ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING d.id, d.webhook_id, d.identifier_hash, d.purpose, d.event, d.at, d.attempts
                        """)
                .params(Timestamp.from(now), Timestamp.from(now), Timestamp.from(now.minus(LEASE)))
                .query((rs, i) -> Map.<String, Object>of(
                        "id", rs.getObject("id", UUID.class),
                        "webhook", rs.getObject("webhook_id", UUID.class),
                        "identifierHash", rs.getString("identifier_hash"),
                        "purpose", rs.getString("purpose"),
                        "event", rs.getString("event"),
                        "at", rs.getTimestamp("at").toInstant().toString(),
                        "attempts", rs.getInt("attempts")))
                .optional();
    }

    private boolean send(Map<String, Object> d) {
        UUID id = (UUID) d.get("id");
        var hook = jdbc.sql("SELECT url, secret FROM consent_webhook WHERE id = ?")
                .param(d.get("webhook"))
                .query((rs, i) -> Map.entry(rs.getString("url"), rs.getBytes("secret")))
                .single();
        byte[] body = JSON.writeValueAsBytes(Map.of(
                "id", id.toString(),
                "identifierHash", d.get("identifierHash"),
                "purpose", d.get("purpose"),
                "event", d.get("event"),
                "at", d.get("at")));
        Integer status = null;
        String error = null;
        try {
            HttpResponse<Void> r = http.send(
                    HttpRequest.newBuilder(URI.create(hook.getKey()))
                            .timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", id.toString())
                            .header("X-Waarborg-Signature", "sha256=" + sign(hook.getValue(), body))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            status = r.statusCode();
        } catch (java.io.IOException e) {
            error = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        Instant now = clock.instant();
        if (status != null && status >= 200 && status < 300) {
            jdbc.sql("UPDATE consent_delivery SET status = 'DELIVERED', delivered_at = ?, last_status = ?,"
                            + " last_error = NULL WHERE id = ?")
                    .params(Timestamp.from(now), status, id)
                    .update();
            return true;
        }
        int attempts = (Integer) d.get("attempts");
        boolean giveUp = attempts >= MAX_ATTEMPTS;
        // 30 s, 1 min, 2 min, … at most six hours: a system down for a night still hears it in the morning.
        Duration wait = Duration.ofSeconds(Math.min(6 * 3600L, 30L << Math.min(attempts - 1, 10)));
        jdbc.sql("UPDATE consent_delivery SET status = ?, next_attempt_at = ?, last_status = ?, last_error = ?"
                        + " WHERE id = ?")
                .params(giveUp ? "FAILED" : "DUE", Timestamp.from(now.plus(wait)), status, error, id)
                .update();
        return false;
    }

    static String sign(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HTTPS to anywhere; plain HTTP only to this machine. */
    static URI target(String url) {
        if (url == null || url.isBlank() || url.length() > 2000 || url.chars().anyMatch(c -> c < 0x20)) {
            throw new ConsentException(
                    Kind.INVALID, "url", "give the system's address (https://…), at most 2000 characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            throw new ConsentException(Kind.INVALID, "url", "url is not an address: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        boolean local = "localhost".equals(host) || "127.0.0.1".equals(host);
        if (host == null
                || uri.getUserInfo() != null
                || !("https".equals(scheme) || ("http".equals(scheme) && local))) {
            throw new ConsentException(
                    Kind.INVALID,
                    "url",
                    "webhooks go over HTTPS (https://…), without a user name; plain HTTP only to this machine");
        }
        return uri;
    }
}
