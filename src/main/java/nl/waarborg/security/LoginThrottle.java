package nl.waarborg.security;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Locks an account name after repeated failed sign-ins. Kept in the database so every instance sees the same count,
 * and applied to unknown names too so that a lock does not reveal which names exist.
 */
@Component
class LoginThrottle {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecurityProperties properties;

    LoginThrottle(JdbcClient jdbc, Clock clock, SecurityProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    @Transactional(readOnly = true)
    boolean isLocked(String username) {
        return jdbc.sql("SELECT locked_until FROM login_throttle WHERE username_key = ?")
                .param(key(username))
                .query(Timestamp.class)
                .optional()
                .map(until -> until.toInstant().isAfter(clock.instant()))
                .orElse(false);
    }

    /** Counts a failure; the count restarts when the previous failure is older than the lock-out period. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void failed(String username) {
        Instant now = clock.instant();
        Instant windowStart = now.minus(properties.lockout());
        jdbc.sql("""
                        INSERT INTO login_throttle AS t (username_key, failures, last_failure)
                        VALUES (?, 1, ?)
                        ON CONFLICT (username_key) DO UPDATE
                           SET failures = CASE WHEN t.last_failure < ? THEN 1 ELSE t.failures + 1 END,
                               last_failure = EXCLUDED.last_failure
                        """)
                .params(key(username), Timestamp.from(now), Timestamp.from(windowStart))
                .update();
        jdbc.sql("UPDATE login_throttle SET locked_until = ? WHERE username_key = ? AND failures >= ?")
                .params(Timestamp.from(now.plus(properties.lockout())), key(username), properties.maxLoginFailures())
                .update();
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void succeeded(String username) {
        jdbc.sql("DELETE FROM login_throttle WHERE username_key = ?")
                .param(key(username))
                .update();
    }

    private static String key(String username) {
        return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
    }
}
