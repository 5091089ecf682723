package nl.waarborg.requests;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import nl.waarborg.MailServerTest;
import nl.waarborg.TestRegisters;
import nl.waarborg.mail.internal.InboxReader;
import nl.waarborg.mail.internal.OutboxSender;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Requests by e-mail through a real IMAP mailbox (GreenMail): a message becomes a request received when it reached the
 * mailbox, with the rights read from its words and the message kept; a reply to one of Waarborg's letters joins its
 * request; a mailbox read again stores nothing twice; an out-of-office reply starts nothing.
 */
class EmailIntakeTests extends MailServerTest {

    @Autowired
    InboxReader inbox;

    @Autowired
    OutboxSender sender;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    DataSource dataSource;

    JdbcTemplate db;

    @BeforeEach
    void setUp() {
        TestRegisters.templateInForce(editor, registers);
        db = new JdbcTemplate(dataSource);
        inbox.read();
        sender.sendDue();
    }

    String from() {
        return "mail-" + UUID.randomUUID() + "@example.nl";
    }

    Map<String, Object> requestFrom(String email) {
        return db.queryForMap(
                "SELECT id, reference, channel, rights::text AS rights, received_on, language, description FROM request"
                        + " WHERE contact_email = ?",
                email);
    }

    @Test
    void anEmailBecomesARequestReceivedWhenItReachedTheMailboxAndIsKeptOnce() throws Exception {
        String person = from();
        GreenMailUtil.sendTextEmail(
                PRIVACY_DESK,
                person,
                "Verzoek",
                "Beste mensen, graag wil ik dat u mijn gegevens verwijdert. Groet, Kees",
                SMTP);
        assertThat(inbox.read()).isEqualTo(1);
        Map<String, Object> r = requestFrom(person);
        assertThat(r.get("channel")).isEqualTo("EMAIL");
        assertThat(r.get("rights")).isEqualTo("{ERASURE}");
        assertThat(r.get("language")).isEqualTo("nl");
        assertThat(r.get("received_on").toString())
                .isEqualTo(LocalDate.now(ZoneId.of("Europe/Amsterdam")).toString());
        assertThat((String) r.get("description")).contains("verwijdert");
        assertThat(db.queryForObject("SELECT count(*) FROM request_mail WHERE request_id = ?", Long.class, r.get("id")))
                .isEqualTo(1);

        // Read again from the start (as after a reader stopped before it recorded its place): nothing twice.
        db.update("DELETE FROM mail_inbox_state");
        inbox.read();
        assertThat(db.queryForObject("SELECT count(*) FROM request WHERE contact_email = ?", Long.class, person))
                .isEqualTo(1);
        assertThat(db.queryForObject("SELECT count(*) FROM request_mail WHERE request_id = ?", Long.class, r.get("id")))
                .isEqualTo(1);

        // The acknowledgement goes out; the person's reply to it joins the request.
        sender.sendDue();
        MimeMessage ack = List.of(greenMail.getReceivedMessagesForDomain(person)).stream()
                .filter(m -> {
                    try {
                        return m.getSubject().contains((String) r.get("reference"));
                    } catch (jakarta.mail.MessagingException e) {
                        return false;
                    }
                })
                .findFirst()
                .orElseThrow();
        MimeMessage reply = GreenMailUtil.createTextEmail(
                PRIVACY_DESK, person, "Re: " + ack.getSubject(), "Ook mijn oude adres graag.", SMTP);
        reply.setHeader("In-Reply-To", ack.getMessageID());
        GreenMailUtil.sendMimeMessage(reply);
        assertThat(inbox.read()).isEqualTo(1);
        assertThat(db.queryForObject("SELECT count(*) FROM request WHERE contact_email = ?", Long.class, person))
                .as("a reply is no new request")
                .isEqualTo(1);
        assertThat(db.queryForList(
                        "SELECT kind FROM request_event WHERE request_id = ? ORDER BY id", String.class, r.get("id")))
                .containsExactly("RECEIVED", "NOTE");
        assertThat(db.queryForObject("SELECT count(*) FROM request_mail WHERE request_id = ?", Long.class, r.get("id")))
                .isEqualTo(2);
    }

    @Test
    void anEmailWithoutARecognisedRightAsksForAccessAndSaysStaffMustCheck() {
        String person = from();
        GreenMailUtil.sendTextEmail(PRIVACY_DESK, person, "Question", "Dear team, what about my data? Thanks", SMTP);
        inbox.read();
        Map<String, Object> r = requestFrom(person);
        assertThat(r.get("rights")).isEqualTo("{ACCESS}");
        assertThat(r.get("language")).isEqualTo("en");
        assertThat(db.queryForObject(
                        "SELECT text FROM request_event WHERE request_id = ? AND kind = 'NOTE'",
                        String.class,
                        r.get("id")))
                .contains("No right was recognised");
    }

    @Test
    void anUnreadableMessageIsListedForStaffAndTheNextOneIsStillTakenIn() throws Exception {
        String person = from();
        MimeMessage broken = GreenMailUtil.createTextEmail(PRIVACY_DESK, person, "Inzage", "Graag inzage", SMTP);
        broken.setHeader("Content-Type", "text/plain; charset=x-no-such-charset");
        GreenMailUtil.sendMimeMessage(broken);
        String next = from();
        GreenMailUtil.sendTextEmail(PRIVACY_DESK, next, "Inzage", "Graag inzage in mijn gegevens", SMTP);
        assertThat(inbox.read()).isEqualTo(2);
        assertThat(inbox.skipped(10))
                .first()
                .satisfies(k -> assertThat(k.reason()).startsWith("unreadable"));
        assertThat(db.queryForObject("SELECT count(*) FROM request WHERE contact_email = ?", Long.class, person))
                .isZero();
        assertThat(db.queryForObject("SELECT count(*) FROM request WHERE contact_email = ?", Long.class, next))
                .as("the next message is not held up")
                .isEqualTo(1);
    }

    @Test
    void anOutOfOfficeReplyStartsNothing() throws Exception {
        String person = from();
        MimeMessage away = GreenMailUtil.createTextEmail(PRIVACY_DESK, person, "Out of office", "Back on Monday", SMTP);
        away.setHeader("Auto-Submitted", "auto-replied");
        GreenMailUtil.sendMimeMessage(away);
        assertThat(inbox.read()).isEqualTo(1);
        assertThat(db.queryForObject("SELECT count(*) FROM request WHERE contact_email = ?", Long.class, person))
                .isZero();
    }
}
