package nl.waarborg.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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
    private final nl.waarborg.audit.CurrentActor actor;

    StaffAccounts(
            JdbcClient jdbc,
            PasswordEncoder passwordEncoder,
            AuditTrail audit,
            Clock clock,
            SecurityProperties properties,
            PublicUrl publicUrl,
            nl.waarborg.audit.CurrentActor actor) {
        this.actor = actor;
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
        if (displayName.strip().length() > 200) {
            throw new AccountException(Kind.INVALID, "displayName", "displayName is longer than 200 characters");
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
        jdbc.sql("""
                        UPDATE staff_account SET password_hash = NULL, session_epoch = session_epoch + 1, updated_at = ?
                         WHERE id = ?
                        """).params(Timestamp.from(clock.instant()), id).update();
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
                           SET password_hash = ?, setup_token_hash = NULL, setup_token_expires_at = NULL, updated_at = ?,
                               session_epoch = session_epoch + 1
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
        PasswordPolicy.check(password, username, properties.minPasswordLength()).ifPresent(weakness -> {
            throw new WeakPasswordException(
                    weakness,
                    switch (weakness) {
                        case TOO_SHORT ->
                            "the password must have at least " + properties.minPasswordLength() + " characters";
                        case CONTAINS_USERNAME -> "the password must not contain the username";
                        case COMMON -> "this is one of the passwords people choose most: choose another";
                        case REPETITIVE -> "the password repeats a few characters or one short part: choose another";
                        case GUESSABLE -> "this password is too easy to guess: a sentence of four or more words works";
                    });
        });
    }

    /**
     * Enables or disables an account. Disabling ends its console sessions at once and stops the API tokens it issued.
     * Nobody disables their own account, and the last active administrator stays: there must always be someone who
     * can manage accounts.
     */
    @Transactional
    public StaffAccount setEnabled(UUID id, boolean enabled) {
        StaffAccount account = get(id);
        if (!enabled) {
            refuseOwn(id, "disable");
            refuseLastAdministrator(account, "disabled");
        }
        jdbc.sql("""
                        UPDATE staff_account SET enabled = ?, updated_at = ?,
                               session_epoch = session_epoch + CASE WHEN ? THEN 0 ELSE 1 END
                         WHERE id = ?
                        """)
                .params(enabled, Timestamp.from(clock.instant()), enabled, id)
                .update();
        audit.record(AuditRecord.of(AuditAction.UPDATE, TARGET, id).detail("enabled", Boolean.toString(enabled)));
        return get(id);
    }

    /** Gives an account another role; its sessions end, so the new permissions apply from the next sign-in. */
    @Transactional
    public StaffAccount setRole(UUID id, Role role) {
        StaffAccount account = get(id);
        if (role == null) {
            throw new AccountException(
                    Kind.INVALID, "role", "role must be one of ADMIN, PRIVACY_OFFICER, AGENT, AUDITOR");
        }
        if (account.role() == role) {
            return account;
        }
        refuseOwn(id, "change the role of");
        if (role != Role.ADMIN) {
            refuseLastAdministrator(account, "given another role");
        }
        jdbc.sql("UPDATE staff_account SET role = ?, session_epoch = session_epoch + 1, updated_at = ? WHERE id = ?")
                .params(role.name(), Timestamp.from(clock.instant()), id)
                .update();
        audit.record(AuditRecord.of(AuditAction.UPDATE, TARGET, id)
                .detail("fields", "role")
                .detail("role", role.name()));
        return get(id);
    }

    /** Whether a console session signed in with this epoch may go on: the account is enabled and unchanged since. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.NOT_SUPPORTED)
    public boolean sessionValid(UUID id, int epoch) {
        return jdbc.sql("""
                        SELECT count(*) FROM staff_account
                         WHERE id = ? AND enabled AND password_hash IS NOT NULL AND session_epoch = ?
                        """).params(id, epoch).query(Long.class).single() > 0;
    }

    private void refuseOwn(UUID id, String what) {
        Actor who = actor.current();
        if (who.type() == Actor.ActorType.STAFF && id.toString().equals(who.id())) {
            throw new AccountException(Kind.CONFLICT, "own-account", "id", "you cannot " + what + " your own account");
        }
    }

    private void refuseLastAdministrator(StaffAccount account, String what) {
        // An administrator without a password cannot sign in, so does not keep the console managed.
        if (account.role() != Role.ADMIN || !account.enabled() || !account.passwordSet()) {
            return;
        }
        long others = jdbc.sql("""
                        SELECT count(*) FROM staff_account
                         WHERE role = 'ADMIN' AND enabled AND password_hash IS NOT NULL AND id <> ?
                        """).param(account.id()).query(Long.class).single();
        if (others == 0) {
            throw new AccountException(
                    Kind.CONFLICT,
                    "last-administrator",
                    "id",
                    "the last active administrator cannot be " + what + ": make another account administrator first");
        }
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
