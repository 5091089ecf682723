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
                    try {
                        mail = inbound((MimeMessage) message);
                    } catch (MessagingException | IOException | RuntimeException unreadable) {
                        log.warn("Mail UID {} in {} could not be read; left in the mailbox", uid, inbox.folder());
                        mail = null;
                    }
                    InboundMail read = mail;
                    try {
                        tx.executeWithoutResult(status -> {
                            if (read != null) {
                                handlers.forEach(h -> h.handle(read));
                            }
                            remember(inbox.folder(), validity, uid);
                        });
                    } catch (RuntimeException e) {
                        // One message that cannot be taken in must not stop every later one: it stays in the
                        // mailbox for staff and the log names its UID and the kind of failure (no text, no sender).
                        log.warn(
                                "Mail UID {} in {} not taken in: {}",
                                uid,
                                inbox.folder(),
                                e.getClass().getSimpleName());
                        tx.executeWithoutResult(status -> remember(inbox.folder(), validity, uid));
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
