package nl.waarborg.requests.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import nl.waarborg.subjects.Vault;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The access packages prepared for requests: sealed with the keyring like other sensitive files, one row per package,
 * the newest one is what the requester downloads. A package is deleted when its link expires: the copy is the
 * person's, the provider has no reason to keep it.
 */
@Component
class PackageStore {

    static final String PURPOSE = "access-package";

    private final JdbcClient jdbc;
    private final Vault vault;
    private final Clock clock;

    PackageStore(JdbcClient jdbc, Vault vault, Clock clock) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.clock = clock;
    }

    /** A stored package, without its content. */
    record Stored(UUID id, UUID requestId, Instant createdAt, Instant expiresAt, long sizeBytes, String sha256) {}

    Stored put(UUID requestId, byte[] zip, Instant expiresAt) {
        UUID id = UUID.randomUUID();
        Vault.Sealed sealed = vault.seal(id, PURPOSE, zip);
        String sha256 = sha256(zip);
        Instant now = clock.instant();
        jdbc.sql("""
                        INSERT INTO request_package (id, request_id, created_at, expires_at, key_id, sealed, size_bytes,
                                                     sha256)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        id,
                        requestId,
                        Timestamp.from(now),
                        Timestamp.from(expiresAt),
                        sealed.keyId(),
                        sealed.bytes(),
                        zip.length,
                        sha256)
                .update();
        return new Stored(id, requestId, now, expiresAt, zip.length, sha256);
    }

    /** The newest package of the request that has not expired. */
    Optional<Stored> latest(UUID requestId) {
        return jdbc.sql("""
                        SELECT id, request_id, created_at, expires_at, size_bytes, sha256 FROM request_package
                         WHERE request_id = ? AND expires_at > ? ORDER BY created_at DESC, id LIMIT 1
                        """)
                .params(requestId, Timestamp.from(clock.instant()))
                .query((rs, i) -> new Stored(
                        rs.getObject("id", UUID.class),
                        rs.getObject("request_id", UUID.class),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("expires_at").toInstant(),
                        rs.getLong("size_bytes"),
                        rs.getString("sha256")))
                .optional();
    }

    /** The package's content, opened; counts the download. */
    byte[] open(Stored stored) {
        byte[] zip = jdbc.sql("SELECT key_id, sealed FROM request_package WHERE id = ?")
                .param(stored.id())
                .query((rs, i) -> vault.open(
                        stored.id(), PURPOSE, new Vault.Sealed(rs.getString("key_id"), rs.getBytes("sealed"))))
                .single();
        jdbc.sql("UPDATE request_package SET downloads = downloads + 1 WHERE id = ?")
                .param(stored.id())
                .update();
        return zip;
    }

    /** Moves the package's expiry (to the link's), so the copy lives exactly as long as the link that opens it. */
    void expireAt(UUID id, Instant expiresAt) {
        jdbc.sql("UPDATE request_package SET expires_at = ? WHERE id = ?")
                .params(Timestamp.from(expiresAt), id)
                .update();
    }

    /** Deletes the packages whose time is over; answers how many. */
    int purgeExpired() {
        return jdbc.sql("DELETE FROM request_package WHERE expires_at <= ?")
                .param(Timestamp.from(clock.instant()))
                .update();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
