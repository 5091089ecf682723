package nl.waarborg.security;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.errors.DomainException.Kind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Issues, lists and revokes the bearer tokens with which other systems and the CLI call the API. */
@Service
public class ApiTokens {

    static final String PREFIX = "wbt_";
    static final String TARGET = "api_token";

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    ApiTokens(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates a token; its secret is in the result and nowhere else. */
    @Transactional
    public IssuedToken issue(String name, Set<String> scopes, String createdBy) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new AccountException(Kind.INVALID, "name", "name must be 1 to 100 characters");
        }
        Set<String> checked = checkScopes(scopes);
        String secret = Secrets.newSecret(PREFIX);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        jdbc.sql("""
                        INSERT INTO api_token (id, name, token_hash, scopes, created_by, created_at)
                        VALUES (?, ?, ?, ?::text[], ?, ?)
                        """)
                .params(
                        id,
                        name.trim(),
                        Secrets.sha256(secret),
                        "{" + String.join(",", checked) + "}",
                        createdBy,
                        Timestamp.from(now))
                .update();
        audit.record(AuditRecord.of(AuditAction.GRANT, TARGET, id).detail("scopes", String.join(" ", checked)));
        return new IssuedToken(get(id), secret);
    }

    static Set<String> checkScopes(Set<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            throw new AccountException(
                    Kind.INVALID, "scopes", "at least one scope is needed, for example register:read");
        }
        Set<String> checked = new TreeSet<>();
        for (String scope : scopes) {
            if ("*".equals(scope)) {
                Arrays.stream(Permission.values()).map(Permission::authority).forEach(checked::add);
                continue;
            }
            Permission.fromAuthority(scope)
                    .orElseThrow(() -> new AccountException(
                            Kind.INVALID,
                            "scopes",
                            // Named only when it looks like a scope: anything else would repeat the caller's input.
                            (scope.matches("[a-z*]{1,20}(:[a-z*]{1,10})?")
                                            ? "unknown scope '" + scope + "'"
                                            : "unknown scope")
                                    + "; known scopes: "
                                    + String.join(
                                            ", ",
                                            Arrays.stream(Permission.values())
                                                    .map(Permission::authority)
                                                    .toList())));
            checked.add(scope);
        }
        return checked;
    }

    @Transactional
    public ApiToken revoke(UUID id) {
        ApiToken token = get(id);
        if (token.active()) {
            jdbc.sql("UPDATE api_token SET revoked_at = ? WHERE id = ?")
                    .params(Timestamp.from(clock.instant()), id)
                    .update();
            audit.record(AuditRecord.of(AuditAction.REVOKE, TARGET, id));
        }
        return get(id);
    }

    @Transactional(readOnly = true)
    public List<ApiToken> list() {
        return jdbc.sql("SELECT * FROM api_token ORDER BY created_at DESC")
                .query(ApiTokens::map)
                .list();
    }

    @Transactional(readOnly = true)
    public ApiToken get(UUID id) {
        return jdbc.sql("SELECT * FROM api_token WHERE id = ?")
                .param(id)
                .query(ApiTokens::map)
                .optional()
                .orElseThrow(() -> new AccountException(Kind.NOT_FOUND, null, "API token " + id + " does not exist"));
    }

    /**
     * The active token with this secret; marks it used. One statement outside any transaction, so one round trip on
     * every API call; it reads the table each time, so a revocation takes effect on the very next call.
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public Optional<ApiToken> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        // Record use at most once a minute per token: a busy integration should not write on every call.
        return jdbc.sql("""
                        WITH found AS (SELECT * FROM api_token t WHERE token_hash = ? AND revoked_at IS NULL
                                          -- A token stops with the disabled staff account that issued it.
                                          AND NOT EXISTS (SELECT 1 FROM staff_account s
                                                           WHERE lower(s.username) = lower(t.created_by)
                                                             AND NOT s.enabled)),
                             used AS (UPDATE api_token SET last_used_at = ?
                                       WHERE id IN (SELECT id FROM found)
                                         AND (last_used_at IS NULL OR last_used_at < ?))
                        SELECT * FROM found
                        """)
                .params(Secrets.sha256(secret), Timestamp.from(now), Timestamp.from(now.minusSeconds(60)))
                .query(ApiTokens::map)
                .optional();
    }

    @Transactional(readOnly = true)
    boolean isActive(String secret) {
        return secret != null
                && jdbc.sql("SELECT count(*) FROM api_token WHERE token_hash = ? AND revoked_at IS NULL")
                                .param(Secrets.sha256(secret))
                                .query(Long.class)
                                .single()
                        > 0;
    }

    private static ApiToken map(ResultSet rs, int n) throws SQLException {
        Array scopes = rs.getArray("scopes");
        return new ApiToken(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                new LinkedHashSet<>(Arrays.asList((String[]) scopes.getArray())),
                rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("last_used_at")),
                instant(rs.getTimestamp("revoked_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
