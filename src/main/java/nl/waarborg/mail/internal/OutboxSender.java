package nl.waarborg.mail.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import nl.waarborg.mail.MailMessage;
import nl.waarborg.mail.MailProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends what the outbox holds, one message at a time: claim it in a committed transaction (SENDING, with the time),
 * send it over SMTP with a Message-ID made from its id, mark it SENT. A sender that stops after the claim leaves the
 * message SENDING; once the lease has passed, the next run takes it over. A failed attempt waits longer each time
 * (1, 5, 15, 60 minutes, then every 4 hours) until {@code max-attempts}, then the message is FAILED and shown in the
 * console. Logs name the message id and the error's kind, never the address or the text.
 */
@Component
public class OutboxSender {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    private static final Duration[] BACKOFF = {
        Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4)
    };

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ObjectProvider<JavaMailSenderImpl> mailServer;
    private final MailProperties properties;
    private final Clock clock;
    /** Test hooks: a fault injected after the claim or after the server accepted the message. */
    Runnable afterClaim = () -> {};

    OutboxSender(
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            ObjectProvider<JavaMailSenderImpl> mailServer,
            MailProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.mailServer = mailServer;
        this.properties = properties;
        this.clock = clock;
    }

    /** Sends every message that is due now; answers how many were sent. Without a mail server, none. */
    public int sendDue() {
        JavaMailSenderImpl server = mailServer.getIfAvailable();
        if (server == null) {
            return 0;
        }
        int sent = 0;
        for (Optional<MailMessage> next = claim(); next.isPresent(); next = claim()) {
            if (send(server, next.get())) {
                sent++;
            }
        }
        return sent;
    }

    private Optional<MailMessage> claim() {
        Instant now = clock.instant();
        return tx.execute(status -> jdbc.sql("""
                        UPDATE mail_message SET state = 'SENDING', claimed_at = ?, attempts = attempts + 1
                         WHERE id = (SELECT id FROM mail_message
                                      WHERE (state = 'PENDING' AND next_attempt_at <= ?)
                                         OR (state = 'SENDING' AND claimed_at <= ?)
                                      ORDER BY next_attempt_at, created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING *
                        """)
                .params(Timestamp.from(now), Timestamp.from(now), Timestamp.from(now.minus(properties.lease())))
                .query(JdbcOutbox::row)
                .optional());
    }

    private boolean send(JavaMailSenderImpl server, MailMessage m) {
        afterClaim.run();
        try {
            server.send(mime(server.getSession(), m));
        } catch (MailException | MessagingException e) {
            failed(m, e);
            return false;
        }
        tx.executeWithoutResult(status -> jdbc.sql(
                        "UPDATE mail_message SET state = 'SENT', sent_at = ?, last_error = NULL WHERE id = ?")
                .params(Timestamp.from(clock.instant()), m.id())
                .update());
        return true;
    }

    /** Sends a message that is not stored (see {@link nl.waarborg.mail.Outbox#sendNow}); false when it failed. */
    boolean sendDirect(nl.waarborg.mail.Letter letter) {
        JavaMailSenderImpl server = mailServer.getIfAvailable();
        if (server == null || letter.recipient() == null) {
            return false;
        }
        MailMessage m = new MailMessage(
                java.util.UUID.randomUUID(),
                letter.reference(),
                letter.recipient(),
                letter.subject(),
                letter.body(),
                letter.language(),
                clock.instant(),
                MailMessage.State.SENDING,
                1,
                null,
                null,
                letter.key());
        try {
            server.send(mime(server.getSession(), m));
            return true;
        } catch (MailException | MessagingException e) {
            log.warn("Mail {} (not stored) not sent: {}", m.id(), e.getClass().getSimpleName());
            return false;
        }
    }

    private MimeMessage mime(Session session, MailMessage m) throws MessagingException {
        String messageId = "<" + m.id() + "@waarborg>";
        MimeMessage mime = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                // The same id on every attempt: a message sent again after a crash is shown once by mail programs.
                setHeader("Message-ID", messageId);
            }
        };
        mime.setFrom(new InternetAddress(properties.from(), true));
        mime.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(m.recipient(), true));
        mime.setSubject(m.subject(), "UTF-8");
        mime.setText(m.body(), "UTF-8");
        mime.setHeader("Content-Language", m.language());
        mime.setHeader("Auto-Submitted", "auto-generated");
        mime.setSentDate(java.util.Date.from(clock.instant()));
        return mime;
    }

    private void failed(MailMessage m, Exception e) {
        // The error's kind and the server's first words, never the address or text of the message.
        String error = e.getClass().getSimpleName();
        boolean last = m.attempts() >= properties.maxAttempts();
        Instant next = clock.instant().plus(BACKOFF[Math.min(m.attempts() - 1, BACKOFF.length - 1)]);
        tx.executeWithoutResult(status -> jdbc.sql(
                        "UPDATE mail_message SET state = ?, next_attempt_at = ?, last_error = ? WHERE id = ?")
                .params(last ? "FAILED" : "PENDING", Timestamp.from(next), error, m.id())
                .update());
        log.warn("Mail {} not sent (attempt {}): {}{}", m.id(), m.attempts(), error, last ? "; given up" : "");
    }
}
