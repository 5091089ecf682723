package nl.waarborg.mail.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.waarborg.mail.Letter;
import nl.waarborg.mail.MailMessage;
import nl.waarborg.mail.Outbox;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@Service
class JdbcOutbox implements Outbox {

    static final int MAX_SUBJECT = 500;
    static final int MAX_BODY = 100_000;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ObjectProvider<JavaMailSender> mailServer;
    private final OutboxSender sender;
    private final SmsGateway sms;
    private final org.springframework.transaction.support.TransactionTemplate tx;

    JdbcOutbox(
            JdbcClient jdbc,
            Clock clock,
            ObjectProvider<JavaMailSender> mailServer,
            OutboxSender sender,
            SmsGateway sms,
            org.springframework.transaction.PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.mailServer = mailServer;
        this.sender = sender;
        this.sms = sms;
        this.tx = new org.springframework.transaction.support.TransactionTemplate(transactions);
    }

    @Override
    public boolean sendNow(Letter letter) {
        check(letter);
        if (!sending()) {
            tx.executeWithoutResult(status -> queue(letter));
            return true;
        }
        return sender.sendDirect(letter);
    }

    /** Mandatory: a message stored outside the transaction of what it reports could be sent for a step undone. */
    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public MailMessage queue(Letter letter) {
        check(letter);
        Instant now = clock.instant();
        String state = letter.recipient() == null ? MailMessage.State.POST.name() : MailMessage.State.PENDING.name();
        jdbc.sql("""
                        INSERT INTO mail_message (id, key, reference, recipient, subject, body, language, created_at,
                                                  state, next_attempt_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING
                        """)
                .params(
                        UUID.randomUUID(),
                        letter.key(),
                        letter.reference(),
                        letter.recipient(),
                        letter.subject(),
                        letter.body(),
                        letter.language(),
                        Timestamp.from(now),
                        state,
                        Timestamp.from(now))
                .update();
        return jdbc.sql("SELECT * FROM mail_message WHERE key = ?")
                .param(letter.key())
                .query(JdbcOutbox::row)
                .single();
    }

    @Override
    public boolean sendNow(nl.waarborg.mail.TextMessage message) {
        if (message == null
                || message.key() == null
                || message.reference() == null
                || message.text() == null
                || message.phone() == null
                || !message.phone().matches("^\\+[1-9][0-9]{6,14}$")) {
            throw new IllegalArgumentException("a text message needs its key, reference, text and an E.164 number");
        }
        if (sms.configured()) {
            return sms.send(message);
        }
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> jdbc.sql("""
                        INSERT INTO mail_message (id, key, reference, recipient, subject, body, language, created_at,
                                                  state, next_attempt_at)
                        VALUES (?, ?, ?, ?, 'SMS', ?, ?, ?, 'SMS', ?) ON CONFLICT (key) DO NOTHING
                        """)
                .params(
                        UUID.randomUUID(),
                        message.key(),
                        message.reference(),
                        message.phone(),
                        message.text(),
                        message.language(),
                        Timestamp.from(now),
                        Timestamp.from(now))
                .update());
        return true;
    }

    static void check(Letter letter) {
        if (letter == null
                || letter.key() == null
                || letter.reference() == null
                || letter.subject() == null
                || letter.body() == null
                || letter.language() == null) {
            throw new IllegalArgumentException("a letter needs its key, reference, subject, body and language");
        }
        if (letter.subject().length() > MAX_SUBJECT || letter.body().length() > MAX_BODY) {
            throw new IllegalArgumentException("a letter's subject or body is too long");
        }
        if (letter.recipient() != null) {
            try {
                // Strict: an address the mail server would refuse is refused now, not after eight attempts.
                new jakarta.mail.internet.InternetAddress(letter.recipient(), true).validate();
            } catch (jakarta.mail.internet.AddressException e) {
                throw new IllegalArgumentException("the recipient is not an e-mail address");
            }
        }
    }

    /** Mandatory, like {@link #queue}: the messages go with what they belong to, or not at all. */
    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public int forget(String reference) {
        return jdbc.sql("DELETE FROM mail_message WHERE reference = ?")
                .param(reference)
                .update();
    }

    @Override
    public List<MailMessage> forReference(String reference) {
        return jdbc.sql("SELECT * FROM mail_message WHERE reference = ? ORDER BY created_at, id")
                .param(reference)
                .query(JdbcOutbox::row)
                .list();
    }

    @Override
    public List<MailMessage> recent(int limit) {
        return jdbc.sql("SELECT * FROM mail_message ORDER BY created_at DESC, id LIMIT ?")
                .param(Math.max(1, Math.min(limit, 1_000)))
                .query(JdbcOutbox::row)
                .list();
    }

    @Override
    public Optional<MailMessage> get(UUID id) {
        return jdbc.sql("SELECT * FROM mail_message WHERE id = ?")
                .param(id)
                .query(JdbcOutbox::row)
                .optional();
    }

    @Override
    public boolean sending() {
        return mailServer.getIfAvailable() != null;
    }

    static MailMessage row(ResultSet rs, int i) throws SQLException {
        Timestamp sent = rs.getTimestamp("sent_at");
        return new MailMessage(
                rs.getObject("id", UUID.class),
                rs.getString("reference"),
                rs.getString("recipient"),
                rs.getString("subject"),
                rs.getString("body"),
                rs.getString("language"),
                rs.getTimestamp("created_at").toInstant(),
                MailMessage.State.valueOf(rs.getString("state")),
                rs.getInt("attempts"),
                sent == null ? null : sent.toInstant(),
                rs.getString("last_error"),
                rs.getString("key"));
    }
}
