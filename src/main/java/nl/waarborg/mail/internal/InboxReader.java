package nl.waarborg.mail.internal;

import jakarta.mail.Address;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import nl.waarborg.mail.InboundMail;
import nl.waarborg.mail.MailProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads new messages from the configured IMAP folder, oldest first, and hands each to the modules that take mail in.
 * Each message is handled in one transaction with the record of how far the folder was read (its UID), so a reader
 * stopped half-way reads the message again next time and the handler (keyed by Message-ID) stores it once. The
 * mailbox itself is only read, never changed.
 */
@Component
public class InboxReader {

    private static final Logger log = LoggerFactory.getLogger(InboxReader.class);
    private static final int MAX_TEXT = 100_000;

    private final MailProperties properties;
    private final List<InboundMail.Handler> handlers;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    InboxReader(
            MailProperties properties,
            List<InboundMail.Handler> handlers,
            JdbcClient jdbc,
            PlatformTransactionManager transactions) {
        this.properties = properties;
        this.handlers = handlers;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Reads what arrived since the last time; answers how many messages were handled. */
    public int read() {
        MailProperties.Inbox inbox = properties.inbox();
        if (!inbox.configured()) {
            return 0;
        }
        Properties props = new Properties();
        props.put("mail.store.protocol", inbox.protocol());
        props.put("mail." + inbox.protocol() + ".connectiontimeout", "10000");
        props.put("mail." + inbox.protocol() + ".timeout", "30000");
        Session session = Session.getInstance(props);
        int handled = 0;
        try (Store store = session.getStore(inbox.protocol())) {
            store.connect(inbox.host(), inbox.port(), inbox.username(), inbox.password());
            Folder folder = store.getFolder(inbox.folder());
            folder.open(Folder.READ_ONLY);
            try {
                UIDFolder uids = (UIDFolder) folder;
                long validity = uids.getUIDValidity();
                long last = lastUid(inbox.folder(), validity);
                for (Message message : uids.getMessagesByUID(last + 1, UIDFolder.LASTUID)) {
                    long uid = uids.getUID(message);
                    if (uid <= last) {
                        continue; // IMAP answers the newest message for a range past the end.
                    }
                    InboundMail mail;
                    String unreadable = null;
                    try {
                        mail = inbound((MimeMessage) message);
                    } catch (MessagingException | IOException | RuntimeException e) {
                        unreadable = e.getClass().getSimpleName();
                        mail = null;
                    }
                    InboundMail read = mail;
                    String failure = unreadable;
                    try {
                        tx.executeWithoutResult(status -> {
                            if (read != null) {
                                handlers.forEach(h -> h.handle(read));
                            } else {
                                skipped(inbox.folder(), validity, uid, "unreadable: " + failure);
                            }
                            remember(inbox.folder(), validity, uid);
                        });
                    } catch (RuntimeException e) {
                        // One message that cannot be taken in must not stop every later one: it stays in the
                        // mailbox, and the console's outbox page lists its UID and the kind of failure for staff.
                        tx.executeWithoutResult(status -> {
                            skipped(
                                    inbox.folder(),
                                    validity,
                                    uid,
                                    "not stored: " + e.getClass().getSimpleName());
                            remember(inbox.folder(), validity, uid);
                        });
                    }
                    handled++;
                }
            } finally {
                folder.close(false);
            }
        } catch (MessagingException e) {
            // The server's kind of failure only: a message's text or sender never goes to the log.
            log.warn("Mailbox {} not read: {}", inbox.folder(), e.getClass().getSimpleName());
        }
        return handled;
    }

    private void skipped(String folder, long validity, long uid, String reason) {
        log.warn("Mail UID {} in {} not taken in ({}); left in the mailbox", uid, folder, reason);
        jdbc.sql("""
                        INSERT INTO mail_inbox_skipped (folder, uid_validity, uid, reason, at)
                        VALUES (?, ?, ?, ?, now()) ON CONFLICT DO NOTHING
                        """).params(folder, validity, uid, reason).update();
    }

    /** A message of the mailbox that could not be taken in, for staff to look at there. */
    public record Skipped(String folder, long uid, String reason, java.time.Instant at) {}

    /** The messages passed over, newest first. */
    public List<Skipped> skipped(int limit) {
        return jdbc.sql("SELECT folder, uid, reason, at FROM mail_inbox_skipped ORDER BY at DESC LIMIT ?")
                .param(limit)
                .query((rs, i) -> new Skipped(
                        rs.getString("folder"),
                        rs.getLong("uid"),
                        rs.getString("reason"),
                        rs.getTimestamp("at").toInstant()))
                .list();
    }

    private void remember(String folder, long validity, long uid) {
        jdbc.sql("""
                        INSERT INTO mail_inbox_state (folder, uid_validity, last_uid) VALUES (?, ?, ?)
                        ON CONFLICT (folder) DO UPDATE SET uid_validity = excluded.uid_validity,
                                                           last_uid = excluded.last_uid
                        """).params(folder, validity, uid).update();
    }

    /** The last UID handled; 0 when the folder is new or its UIDVALIDITY changed (the server renumbered it). */
    private long lastUid(String folder, long validity) {
        return jdbc.sql("SELECT last_uid FROM mail_inbox_state WHERE folder = ? AND uid_validity = ?")
                .params(folder, validity)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    static InboundMail inbound(MimeMessage m) throws MessagingException, IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        m.writeTo(raw);
        List<String> replyTo = new ArrayList<>();
        for (String header : new String[] {"References", "In-Reply-To"}) {
            String[] values = m.getHeader(header);
            if (values != null) {
                for (String v : values) {
                    for (String id : v.split("\\s+")) {
                        if (id.startsWith("<") && id.endsWith(">") && !replyTo.contains(id)) {
                            replyTo.add(id);
                        }
                    }
                }
            }
        }
        Address[] from = m.getFrom();
        String sender = from != null && from.length > 0 && from[0] instanceof InternetAddress a ? a.getAddress() : null;
        Instant received = m.getReceivedDate() != null
                ? m.getReceivedDate().toInstant()
                : m.getSentDate() != null ? m.getSentDate().toInstant() : Instant.now();
        String text = text(m);
        return new InboundMail(
                m.getMessageID() == null ? "<no-id-" + sha(raw.toByteArray()) + ">" : m.getMessageID(),
                replyTo,
                sender,
                m.getSubject() == null ? "" : m.getSubject(),
                text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text,
                received,
                raw.toByteArray(),
                automatic(m));
    }

    /** RFC 3834 {@code Auto-Submitted} other than {@code no}, or a bulk, list or auto-reply precedence. */
    static boolean automatic(MimeMessage m) throws MessagingException {
        String auto = m.getHeader("Auto-Submitted", null);
        if (auto != null && !auto.strip().equalsIgnoreCase("no")) {
            return true;
        }
        String precedence = m.getHeader("Precedence", null);
        return precedence != null
                && precedence.strip().toLowerCase(java.util.Locale.ROOT).matches("bulk|list|junk|auto_reply");
    }

    /** The message's plain text: its text/plain part, or the text of its HTML part without the markup. */
    private static String text(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return String.valueOf(part.getContent()).replace("\u0000", "");
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multi = (Multipart) part.getContent();
            String html = null;
            for (int i = 0; i < multi.getCount(); i++) {
                Part p = multi.getBodyPart(i);
                if (Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition())) {
                    continue;
                }
                String t = text(p);
                if (p.isMimeType("text/plain") || p.isMimeType("multipart/*")) {
                    if (!t.isBlank()) {
                        return t;
                    }
                } else if (p.isMimeType("text/html")) {
                    html = t;
                }
            }
            return html == null ? "" : html;
        }
        if (part.isMimeType("text/html")) {
            return org.jsoup.Jsoup.parse(String.valueOf(part.getContent()))
                    .text()
                    .replace("\u0000", "");
        }
        return "";
    }

    private static String sha(byte[] bytes) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(bytes))
                    .substring(0, 32);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
