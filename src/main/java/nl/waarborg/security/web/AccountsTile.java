package nl.waarborg.security.web;

import java.util.List;
import nl.waarborg.security.Permission;
import nl.waarborg.web.DashboardTile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Counts of staff accounts and API tokens, for administrators and auditors. */
@Component
class AccountsTile implements DashboardTile {

    private final JdbcClient jdbc;

    AccountsTile(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String titleKey() {
        return "dashboard.accounts";
    }

    @Override
    public String authority() {
        return Permission.ADMIN_READ.authority();
    }

    @Override
    public int order() {
        return 40;
    }

    @Override
    public List<Figure> figures() {
        long staff = count("SELECT count(*) FROM staff_account WHERE enabled");
        long waiting = count("SELECT count(*) FROM staff_account WHERE enabled AND password_hash IS NULL");
        long locked = count("SELECT count(*) FROM login_throttle WHERE locked_until > now()");
        long tokens = count("SELECT count(*) FROM api_token WHERE revoked_at IS NULL");
        return List.of(
                Figure.of("dashboard.accounts.staff", staff),
                Figure.of("dashboard.accounts.awaitingSetup", waiting),
                new Figure("dashboard.accounts.locked", Long.toString(locked), locked == 0),
                Figure.of("dashboard.accounts.tokens", tokens));
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
