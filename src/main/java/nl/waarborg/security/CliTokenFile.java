package nl.waarborg.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps a token for the local command-line client in the data folder, readable by the owner only. The CLI on the
 * same machine finds the server's address and this token there, so local use needs no set-up.
 */
@Component
class CliTokenFile {

    static final String TOKEN_NAME = "local CLI";
    private static final Logger log = LoggerFactory.getLogger(CliTokenFile.class);

    private final SecurityProperties properties;
    private final ApiTokens tokens;
    private final PublicUrl publicUrl;
    private final JdbcClient jdbc;

    CliTokenFile(SecurityProperties properties, ApiTokens tokens, PublicUrl publicUrl, JdbcClient jdbc) {
        this.properties = properties;
        this.tokens = tokens;
        this.publicUrl = publicUrl;
        this.jdbc = jdbc;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    public void write() {
        Path file = Path.of(properties.cliTokenFile()).toAbsolutePath();
        Properties content = new Properties();
        try {
            if (Files.isReadable(file)) {
                try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    content.load(in);
                }
            }
            String token = content.getProperty("token");
            if (!tokens.isActive(token)) {
                // An unknown or lost file: the earlier local token can no longer be used by anyone we know of.
                jdbc.sql("UPDATE api_token SET revoked_at = now() WHERE name = ? AND revoked_at IS NULL")
                        .param(TOKEN_NAME)
                        .update();
                token = tokens.issue(TOKEN_NAME, Set.of("*"), "system").secret();
            }
            content.setProperty("token", token);
            content.setProperty("url", "http://localhost:" + publicUrl.port());
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(
                    file.getParent(),
                    ".cli-token",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                content.store(out, "Waarborg CLI credentials for this data folder. Keep secret.");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.info("CLI credentials written to the data folder");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the CLI token file " + file, e);
        }
    }
}
