package nl.waarborg.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.internet.MimeMessage;
import java.util.UUID;
import javax.sql.DataSource;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.mail.Letter;
import nl.waarborg.mail.Outbox;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The outbox against a real SMTP server (GreenMail): a request's letter is stored with the request and sent after
 * the commit; a sender stopped after claiming a message, or a mail server that is down, delays the letter but never
 * loses or doubles it.
 */
class MailOutboxTests extends nl.waarborg.MailServerTest {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    OutboxSender sender;

    @Autowired
    Outbox outbox;

    @Autowired
    DataSource dataSource;

    @Autowired
    PlatformTransactionManager transactions;

    TestApi api;
    JdbcTemplate db;

    @BeforeEach
    void setUp() {
        TestRegisters.templateInForce(editor, registers);
        api = TestApi.withScopes(port, tokens, "requests:read", "requests:write");
        db = new JdbcTemplate(dataSource);
        // Other tests' letters in this database are sent first, so each test counts only its own.
        sender.sendDue();
        greenMail.reset();
    }

    @AfterEach
    void noFault() {
        sender.afterClaim = () -> {};
    }

    String submit(String email) {
        TestApi.Response r = api.post(
                "/api/v1/requests",
                "{\"channel\":\"API\",\"rights\":[\"ACCESS\"],\"language\":\"en\",\"requesterName\":\"Ada\","
                        + "\"email\":\"" + email + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("reference").asString();
    }

    @Test
    void aRequestsAcknowledgementIsSentOnceAfterTheCommitInItsLanguage() throws Exception {
        String email = "ada-" + UUID.randomUUID() + "@example.nl";
        String reference = submit(email);
        JsonNode letters = api.get("/api/v1/requests/" + reference).json().path("letters");
        assertThat(letters.size()).isEqualTo(1);
        assertThat(letters.path(0).path("state").asString()).isEqualTo("PENDING");

        assertThat(sender.sendDue()).isEqualTo(1);
        assertThat(sender.sendDue()).as("nothing is sent twice").isZero();
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo(email);
        assertThat(received[0].getSubject()).isEqualTo("Your request " + reference + " has been received");
        assertThat(received[0].getMessageID())
                .isEqualTo("<" + letters.path(0).path("id").asString() + "@waarborg>");
        String body = (String) received[0].getContent();
        assertThat(body)
                .startsWith("Dear Ada,")
                .contains("Reference: " + reference)
                .contains("free of charge");
        assertThat(api.get("/api/v1/requests/" + reference)
                        .json()
                        .path("letters")
                        .path(0)
                        .path("state")
                        .asString())
                .isEqualTo("SENT");
    }

    @Test
    void aSenderStoppedAfterItsClaimLeavesTheLetterToTheNextRunWhichSendsItOnce() {
        String reference = submit("bob-" + UUID.randomUUID() + "@example.nl");
        sender.afterClaim = () -> {
            throw new IllegalStateException("the process ends here");
        };
        assertThatThrownBy(sender::sendDue).hasMessage("the process ends here");
        assertThat(db.queryForObject(
                        "SELECT state FROM mail_message WHERE reference = ?", String.class, "request " + reference))
                .isEqualTo("SENDING");
        assertThat(greenMail.getReceivedMessages()).isEmpty();

        sender.afterClaim = () -> {};
        assertThat(sender.sendDue()).isEqualTo(1);
        assertThat(sender.sendDue()).isZero();
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
        assertThat(db.queryForObject(
                        "SELECT attempts FROM mail_message WHERE reference = ?", Integer.class, "request " + reference))
                .isEqualTo(2);
    }

    @Test
    void aMailServerThatIsDownDelaysTheLetterAndTheNextAttemptSendsIt() {
        String reference = submit("eve-" + UUID.randomUUID() + "@example.nl");
        greenMail.stop();
        try {
            assertThat(sender.sendDue()).isZero();
        } finally {
            greenMail.start();
        }
        assertThat(db.queryForMap(
                        "SELECT state, last_error, next_attempt_at > now() AS later FROM mail_message"
                                + " WHERE reference = ?",
                        "request " + reference))
                .containsEntry("state", "PENDING")
                .containsEntry("later", true)
                .extractingByKey("last_error")
                .asString()
                .doesNotContain("@");
        assertThat(sender.sendDue()).as("not before its next attempt").isZero();
        db.update("UPDATE mail_message SET next_attempt_at = now() WHERE reference = ?", "request " + reference);
        assertThat(sender.sendDue()).isEqualTo(1);
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aLetterStoredTwiceUnderOneKeyIsStoredOnceAndABadAddressIsRefusedAtOnce() {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        String key = "test:" + UUID.randomUUID();
        Letter letter = new Letter(key, "test", "x@example.nl", "Subject", "Body", "nl");
        var first = tx.execute(s -> outbox.queue(letter));
        var second = tx.execute(s -> outbox.queue(letter));
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(db.queryForObject("SELECT count(*) FROM mail_message WHERE key = ?", Long.class, key))
                .isEqualTo(1);
        assertThatThrownBy(() -> tx.execute(s -> outbox.queue(new Letter(
                        "test:" + UUID.randomUUID(), "test", "x@example.nl\r\nBcc: all@example.nl", "S", "B", "nl"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> outbox.queue(letter))
                .as("outside a transaction a letter could be sent for a step that was undone")
                .isInstanceOf(org.springframework.transaction.IllegalTransactionStateException.class);
        tx.executeWithoutResult(s -> db.update("DELETE FROM mail_message WHERE key = ?", key));
    }
}
