package nl.waarborg.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** Starts the embedded PostgreSQL unless an external server is configured with {@code spring.datasource.url}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    @Conditional(NoExternalDatabaseCondition.class)
    DataSource dataSource(DatabaseProperties properties) {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.acquire(properties);
        server.ensureDatabase(properties.name());
        HikariConfig config = new HikariConfig();
        config.setPoolName("waarborg");
        config.setJdbcUrl(server.jdbcUrl(properties.name()));
        config.setUsername("postgres");
        config.setMaximumPoolSize(10);
        return new EmbeddedDataSource(config, server);
    }

    /** The pool of a context; closing it (the context's last step) lets go of the embedded cluster. */
    static final class EmbeddedDataSource extends HikariDataSource {
        private final EmbeddedPostgresServer server;

        EmbeddedDataSource(HikariConfig config, EmbeddedPostgresServer server) {
            super(config);
            this.server = server;
        }

        @Override
        public void close() {
            if (!isClosed()) {
                super.close();
                server.release();
            }
        }
    }
}
