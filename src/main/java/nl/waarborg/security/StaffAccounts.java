package nl.waarborg.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import nl.waarborg.audit.Actor;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.errors.DomainException.Kind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates staff accounts, hands out setup links and lets people set their password through one. */
@Service
public class StaffAccounts {

    static final String TARGET = "staff_account";
    private static final String SELECT_ACCOUNT = """
            SELECT a.*, CASE WHEN t.locked_until > now() THEN t.locked_until END AS locked_until
              FROM staff_account a LEFT JOIN login_throttle t ON t.username_key = lower(a.username)
            """;

    private final JdbcClient jdbc;
    private final PasswordEncoder passwordEncoder;
    private final AuditTrail audit;
    private final Clock clock;
    private final SecurityProperties properties;
    private final PublicUrl publicUrl;

    StaffAccounts(
            JdbcClient jdbc,
            PasswordEncoder passwordEncoder,
            AuditTrail audit,
            Clock clock,
            SecurityProperties properties,
            PublicUrl publicUrl) {
        this.jdbc = jdbc;
        this.passwordEncoder = passwordEncoder;
        this.audit = audit;
        this.clock = clock;
        this.properties = properties;
        this.publicUrl = publicUrl;
    }

    /** Creates an account without a password and returns the link with which its owner sets one. */
    @Transactional
    public SetupLink create(String username, String displayName, Role role) {
        String name = normaliseUsername(username);
        if (displayName == null || displayName.isBlank()) {
            throw new AccountException(Kind.INVALID, "displayName", "displayName must not be empty");
        }
        if (role == null) {
            throw new AccountException(
                    Kind.INVALID, "role", "role must be one of ADMIN, PRIVACY_OFFICER, AGENT, AUDITOR");
        }
        if (findByUsername(name).isPresent()) {
            throw new AccountException(Kind.CONFLICT, "username", "an account with this username already exists");
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        jdbc.sql("""
                        INSERT INTO staff_account (id, username, display_name, role, enabled, created_at, updated_at)
                        VALUES (?, ?, ?, ?, true, ?, ?)
                        """)
                .params(id, name, displayName.trim(), role.name(), Timestamp.from(now), Timestamp.from(now))
                .update();
        audit.record(AuditRecord.of(AuditAction.CREATE, TARGET, id).detail("role", role.name()));
        return issueSetupLink(id, name);
    }

    /** Replaces any earlier setup link of the account, for a forgotten password or a lost first link. */
    @Transactional
    public SetupLink resetPassword(UUID id) {
        StaffAccount account = get(id);
        jdbc.sql("UPDATE staff_account SET password_hash = NULL, updated_at = ? WHERE id = ?")
                .params(Timestamp.from(clock.instant()), id)
                .update();
        audit.record(AuditRecord.of(AuditAction.UPDATE, TARGET, id).detail("fields", "password"));
        return issueSetupLink(id, account.username());
    }

    SetupLink issueSetupLink(UUID id, String username) {
        String secret = Secrets.newSecret("");
        Instant expires = clock.instant().plus(properties.setupLinkValidity());
        jdbc.sql("UPDATE staff_account SET setup_token_hash = ?, setup_token_expires_at = ? WHERE id = ?")
                .params(Secrets.sha256(secret), Timestamp.from(expires), id)
                .update();
        return new SetupLink(id, username, publicUrl.get() + "/console/setup?token=" + secret, expires);
    }

    /** The account a still-valid setup secret belongs to. */
    @Transactional(readOnly = true)
    public Optional<StaffAccount> findBySetupSecret(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        return jdbc.sql(SELECT_ACCOUNT + " WHERE setup_token_hash = ? AND setup_token_expires_at > ?")
                .params(Secrets.sha256(secret), Timestamp.from(clock.instant()))
                .query(StaffAccounts::map)
                .optional();
    }

    /** Sets the password through a setup link; the link stops working at once. */
    @Transactional
    public StaffAccount completeSetup(String secret, String password) {
        StaffAccount account = findBySetupSecret(secret)
                .orElseThrow(() -> new AccountException(
                        Kind.INVALID, "token", "this setup link is unknown, already used or expired"));
        checkPassword(password, account.username());
        jdbc.sql("""
                        UPDATE staff_account
                           SET password_hash = ?, setup_token_hash = NULL, setup_token_expires_at = NULL, updated_at = ?
                         WHERE id = ?
                        """)
                .params(passwordEncoder.encode(password), Timestamp.from(clock.instant()), account.id())
                .update();
        audit.record(AuditRecord.of(AuditAction.UPDATE, TARGET, account.id())
                .detail("fields", "password")
                .by(new Actor(Actor.ActorType.STAFF, account.id().toString())));
        return get(account.id());
    }

    void checkPassword(String password, String username) {
        if (password == null || password.length() < properties.minPasswordLength()) {
            throw new AccountException(
                    Kind.INVALID,
                    "password",
                    "the password must have at least " + properties.minPasswordLength() + " characters");
        }
        if (password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
            throw new AccountException(Kind.INVALID, "password", "the password must not contain the username");
        }
    }

    @Transactional
    public StaffAccount setEnabled(UUID id, boolean enabled) {
        get(id);
        jdbc.sql("UPDATE staff_account SET enabled = ?, updated_at = ? WHERE id = ?")
                .params(enabled, Timestamp.from(clock.instant()), id)
                .update();
        audit.record(AuditRecord.of(AuditAction.UPDATE, TARGET, id).detail("enabled", Boolean.toString(enabled)));
        return get(id);
    }

    @Transactional
    public List<StaffAccount> list() {
        List<StaffAccount> accounts = jdbc.sql(SELECT_ACCOUNT + " ORDER BY lower(username)")
                .query(StaffAccounts::map)
                .list();
        // Staff names are personal data too: listing them is an access.
        audit.record(AuditRecord.of(AuditAction.READ, TARGET, "*").detail("count", Integer.toString(accounts.size())));
        return accounts;
    }

    @Transactional(readOnly = true)
    public StaffAccount get(UUID id) {
        return jdbc.sql(SELECT_ACCOUNT + " WHERE id = ?")
                .param(id)
                .query(StaffAccounts::map)
                .optional()
                .orElseThrow(
                        () -> new AccountException(Kind.NOT_FOUND, null, "staff account " + id + " does not exist"));
    }

    @Transactional(readOnly = true)
    public Optional<StaffAccount> findByUsername(String username) {
        return jdbc.sql(SELECT_ACCOUNT + " WHERE lower(username) = lower(?)")
                .param(username)
                .query(StaffAccounts::map)
                .optional();
    }

    @Transactional(readOnly = true)
    boolean anyAdminWithPassword() {
        return jdbc.sql(
                                "SELECT count(*) FROM staff_account WHERE role = 'ADMIN' AND password_hash IS NOT NULL AND enabled")
                        .query(Long.class)
                        .single()
                > 0;
    }

    static String normaliseUsername(String username) {
        if (username == null || username.isBlank()) {
            throw new AccountException(Kind.INVALID, "username", "username must not be empty");
        }
        String name = username.trim();
        if (name.length() > 100 || !name.matches("[\\p{L}\\p{N}._@+-]+")) {
            throw new AccountException(
                    Kind.INVALID,
                    "username",
                    "username may only contain letters, digits and . _ @ + - (at most 100 characters)");
        }
        return name;
    }

    private static StaffAccount map(ResultSet rs, int n) throws SQLException {
        return new StaffAccount(
                rs.getObject("id", UUID.class),
                rs.getString("username"),
                rs.getString("display_name"),
                Role.valueOf(rs.getString("role")),
                rs.getBoolean("enabled"),
                rs.getString("password_hash") != null,
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("locked_until") == null
                        ? null
                        : rs.getTimestamp("locked_until").toInstant());
    }
}
