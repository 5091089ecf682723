package nl.waarborg.statement.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.waarborg.register.Register;
import nl.waarborg.security.SecurityProperties;
import nl.waarborg.statement.StatementFormat;
import nl.waarborg.statement.StatementProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Renders statements and keeps the results: a version's register and date never change, so neither does its
 * rendering.
 */
@Component
public class StatementRenderer {

    /** Stands in for the site address when hashing, so moving the site does not count as a change of content. */
    private static final String HASH_SITE = "https://site.invalid";

    private final StatementComposer composer;
    private final StatementProperties properties;
    private final SecurityProperties security;
    private final Map<String, byte[]> cache;
    private volatile int port = 8080;

    StatementRenderer(StatementProperties properties, SecurityProperties security) {
        this.composer = new StatementComposer(StatementComposer.bundle());
        this.properties = properties;
        this.security = security;
        int size = properties.cacheSize();
        this.cache = java.util.Collections.synchronizedMap(new LinkedHashMap<>(size, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > size;
            }
        });
    }

    @EventListener
    void onStarted(WebServerInitializedEvent event) {
        port = event.getWebServer().getPort();
    }

    public String siteUrl() {
        String configured = !properties.siteUrl().isBlank() ? properties.siteUrl() : security.publicUrl();
        if (configured != null && !configured.isBlank()) {
            return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        }
        return "http://localhost:" + port;
    }

    /** The rendering of statement version {@code version}, from the cache after the first time. */
    public byte[] render(int version, Register register, LocalDate updated, String lang, StatementFormat format) {
        String key = version + "/" + lang + "/" + format.key();
        byte[] cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        byte[] rendered = renderFresh(register, updated, lang, format);
        cache.put(key, rendered);
        return rendered;
    }

    public byte[] renderFresh(Register register, LocalDate updated, String lang, StatementFormat format) {
        Doc doc = composer.compose(register, StatementComposer.locale(lang), updated, siteUrl());
        return switch (format) {
            case HTML -> DocWriters.html(doc).getBytes(StandardCharsets.UTF_8);
            case MD -> DocWriters.markdown(doc).getBytes(StandardCharsets.UTF_8);
            case TXT -> DocWriters.text(doc).getBytes(StandardCharsets.UTF_8);
            case PDF -> DocWriters.pdf(doc, siteUrl());
        };
    }

    /** The hash that decides whether a register change changed the statement: both languages, without the date. */
    public String contentHash(Register register) {
        String nl = DocWriters.markdown(composer.compose(register, StatementComposer.locale("nl"), null, HASH_SITE));
        String en = DocWriters.markdown(composer.compose(register, StatementComposer.locale("en"), null, HASH_SITE));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(nl.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(en.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
