package nl.waarborg.requests.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The unguessable links that lead a requester to their request in the portal: 256 random bits, stored as their
 * SHA-256, valid 400 days; and the address they are written with in a letter.
 */
@Component
class PortalLinks {

    static final Duration VALIDITY = Duration.ofDays(400);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String publicUrl;
    private volatile int port = 8080;

    PortalLinks(JdbcClient jdbc, Clock clock, @Value("${waarborg.security.public-url:}") String publicUrl) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    @EventListener
    void onStarted(WebServerInitializedEvent event) {
        port = event.getWebServer().getPort();
    }

    /** What a link opens. */
    enum Purpose {
        STATUS,
        DOCUMENT,
        /** The download of an access package; lives as long as the package. */
        PACKAGE
    }

    /** A new link token for the request. */
    String create(UUID requestId, Purpose purpose) {
        return create(requestId, purpose, clock.instant().plus(VALIDITY));
    }

    /** A new link token for the request that works until {@code expiresAt}. */
    String create(UUID requestId, Purpose purpose, Instant expiresAt) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        jdbc.sql("INSERT INTO request_portal_access (token_hash, request_id, created_at, expires_at, purpose)"
                        + " VALUES (?, ?, ?, ?, ?)")
                .params(sha256(token), requestId, Timestamp.from(now), Timestamp.from(expiresAt), purpose.name())
                .update();
        return token;
    }

    /** The request a token leads to, or empty: a wrong, expired or malformed token tells nothing more. */
    Optional<UUID> request(String token, Purpose purpose) {
        if (token == null || !token.matches("^[A-Za-z0-9_-]{43}$")) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT request_id FROM request_portal_access"
                        + " WHERE token_hash = ? AND expires_at > ? AND purpose = ?")
                .params(sha256(token), Timestamp.from(clock.instant()), purpose.name())
                .query(UUID.class)
                .optional();
    }

    /** The full address of a portal page, for a letter: the configured public address, or this machine. */
    String url(String path) {
        String base = publicUrl == null || publicUrl.isBlank() ? "http://localhost:" + port : publicUrl.strip();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
