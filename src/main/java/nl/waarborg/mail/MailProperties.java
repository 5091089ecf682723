package nl.waarborg.mail;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of outgoing mail. The mail server itself is Spring Boot's {@code spring.mail.host}, {@code .port},
 * {@code .username}, {@code .password}; without a host nothing is sent and the console's outbox shows what would have
 * been (as in {@code serve --demo}).
 *
 * @param from the sender address of every message
 * @param maxAttempts attempts before a message is marked failed
 * @param lease how long a message may stay claimed by a sender before another one takes it over (the first stopped)
 * @param inbox the mailbox requests arrive in, read over IMAP; without a host none is read
 * @param sms the HTTP gateway text messages go through; without a URL none is sent
 */
@Validated
@ConfigurationProperties("waarborg.mail")
public record MailProperties(
        @NotBlank @DefaultValue("Waarborg <privacy@localhost>")
        String from,

        @Positive @Max(50) @DefaultValue("8") int maxAttempts,
        @NotNull @DefaultValue("5m") Duration lease,
        @NotNull @DefaultValue Inbox inbox,
        @NotNull @DefaultValue Sms sms) {

    /**
     * A gateway that takes {@code POST url} with {@code {"from", "to", "text", "reference"}} as JSON and a bearer token,
     * and answers 2xx when it accepted the message.
     *
     * @param sender the sender name or number the gateway shows
     */
    public record Sms(
            String url,
            String token,
            @DefaultValue("Waarborg") String sender) {

        public boolean configured() {
            return url != null && !url.isBlank();
        }
    }

    /**
     * @param host the IMAP server; empty: no mailbox is read
     * @param protocol {@code imaps} (TLS) or {@code imap}
     * @param folder the folder new messages arrive in
     * @param poll how often it is read
     */
    public record Inbox(
            String host,
            @DefaultValue("993") int port,
            @DefaultValue("imaps") String protocol,
            String username,
            String password,
            @DefaultValue("INBOX") String folder,
            @DefaultValue("1m") Duration poll) {

        public boolean configured() {
            return host != null && !host.isBlank();
        }
    }
}
