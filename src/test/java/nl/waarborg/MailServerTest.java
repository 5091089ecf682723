package nl.waarborg;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.ServerSocket;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Waarborg that sends its mail to a real SMTP server in the test JVM (GreenMail). Test classes that extend this
 * share one Spring context. The outbox sender runs when a test says so, not from the scheduler.
 */
@WaarborgTest
public abstract class MailServerTest {

    public static final int SMTP_PORT = freePort();
    public static final int IMAP_PORT = freePort();
    /** The provider's mailbox for requests, read by Waarborg over IMAP. */
    public static final String PRIVACY_DESK = "privacy@provider.example";

    public static final ServerSetup SMTP = new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp");

    /** The SMS gateway, a WireMock server: tests stub its answer and read what it was sent. */
    public static final com.github.tomakehurst.wiremock.WireMockServer smsGateway = startSmsGateway();

    static com.github.tomakehurst.wiremock.WireMockServer startSmsGateway() {
        var server = new com.github.tomakehurst.wiremock.WireMockServer(
                com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig()
                        .dynamicPort()
                        .bindAddress("127.0.0.1"));
        server.start();
        return server;
    }

    @RegisterExtension
    public static final GreenMailExtension greenMail = new GreenMailExtension(
                    new ServerSetup[] {SMTP, new ServerSetup(IMAP_PORT, "127.0.0.1", "imap")})
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(PRIVACY_DESK, PRIVACY_DESK, "secret"))
            .withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("waarborg.mail.from", () -> "Privacy desk <privacy@provider.example>");
        // A claim older than this is taken over: zero, so a test need not wait for a stopped sender's lease.
        registry.add("waarborg.mail.lease", () -> "0s");
        registry.add("waarborg.mail.sms.url", () -> "http://127.0.0.1:" + smsGateway.port() + "/messages");
        registry.add("waarborg.mail.sms.token", () -> "gateway-secret");
        registry.add("waarborg.mail.inbox.host", () -> "127.0.0.1");
        registry.add("waarborg.mail.inbox.port", () -> IMAP_PORT);
        registry.add("waarborg.mail.inbox.protocol", () -> "imap");
        registry.add("waarborg.mail.inbox.username", () -> PRIVACY_DESK);
        registry.add("waarborg.mail.inbox.password", () -> "secret");
        registry.add("waarborg.scheduling.enabled", () -> "false");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
