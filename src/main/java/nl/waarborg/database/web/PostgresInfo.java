package nl.waarborg.database.web;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The PostgreSQL in use, in {@code /actuator/info} (tokens with {@code system:read}; {@code waarborg --version} asks
 * it): the server's own version and whether it is the embedded one.
 */
@Component
class PostgresInfo implements InfoContributor {

    private final JdbcClient jdbc;
    private final Environment env;

    PostgresInfo(JdbcClient jdbc, Environment env) {
        this.jdbc = jdbc;
        this.env = env;
    }

    @Override
    public void contribute(Info.Builder builder) {
        String version;
        try {
            version = jdbc.sql("SHOW server_version").query(String.class).single();
        } catch (RuntimeException e) {
            version = "unreachable";
        }
        builder.withDetail(
                "postgres",
                java.util.Map.of(
                        "version",
                        version,
                        "embedded",
                        !StringUtils.hasText(env.getProperty("spring.datasource.url"))));
    }
}
