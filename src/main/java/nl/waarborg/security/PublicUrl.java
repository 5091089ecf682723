package nl.waarborg.security;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The address staff use to reach this instance, for links that Waarborg prints or sends. */
@Component
class PublicUrl {

    private final SecurityProperties properties;
    private volatile int port = 8080;

    PublicUrl(SecurityProperties properties) {
        this.properties = properties;
    }

    @EventListener
    void onStarted(WebServerInitializedEvent event) {
        port = event.getWebServer().getPort();
    }

    String get() {
        String configured = properties.publicUrl();
        if (configured != null && !configured.isBlank()) {
            return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        }
        return "http://localhost:" + port;
    }

    int port() {
        return port;
    }
}
