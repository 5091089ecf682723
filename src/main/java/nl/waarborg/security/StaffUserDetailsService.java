package nl.waarborg.security;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

@Component
class StaffUserDetailsService implements UserDetailsService {

    private final JdbcClient jdbc;

    StaffUserDetailsService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc.sql("SELECT id, username, password_hash, role, enabled, session_epoch FROM staff_account"
                        + " WHERE lower(username) = lower(?)")
                .param(username == null ? "" : username.trim())
                .query((rs, n) -> new StaffPrincipal(
                        rs.getObject("id", UUID.class),
                        rs.getString("username"),
                        rs.getString("password_hash"),
                        Role.valueOf(rs.getString("role")),
                        rs.getBoolean("enabled"),
                        rs.getInt("session_epoch")))
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("unknown account"));
    }
}
