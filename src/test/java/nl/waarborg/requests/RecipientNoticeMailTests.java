package nl.waarborg.requests;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import nl.waarborg.MailServerTest;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.mail.internal.OutboxSender;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.requests.internal.RecipientNotices;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Art. 19 notices by e-mail, through a real SMTP server (GreenMail): once a correction, erasure or restriction is
 * carried out, every recipient whose privacy contact is an e-mail address gets one mail, naming the person only by
 * the references under which the data reached it; the step repeated mails nothing again, a step cut off before its
 * commit mails nothing, and its repeat mails once.
 */
class RecipientNoticeMailTests extends MailServerTest {

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
    DataSource dataSource;

    TestApi api;
    JdbcTemplate db;

    @BeforeEach
    void setUp() {
        TestRegisters.templateInForce(editor, registers);
        api = TestApi.withScopes(
                port, tokens, "subjects:read", "subjects:write", "requests:read", "requests:write", "retention:read");
        db = new JdbcTemplate(dataSource);
    }

    /** The mails GreenMail received for this address about this request, as "subject\nbody". */
    static List<String> mailsTo(String address, String reference) throws Exception {
        List<String> found = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            String to = m.getRecipients(Message.RecipientType.TO)[0].toString();
            if (to.contains(address) && m.getSubject().contains(reference)) {
                found.add(m.getSubject() + "\n" + m.getContent());
            }
        }
        return found;
    }

    static void assertNamesNobody(String mail, PersonWithData p) {
        assertThat(mail)
                .doesNotContain(p.email())
                .doesNotContain(p.mobile())
                .doesNotContain(p.mobileE164())
                .doesNotContain("Anna Access")
                .doesNotContain(p.ownMarker())
                .doesNotContain(p.subjectId());
    }

    @Test
    void anErasureMailsEachRecipientOnceNamingThePersonByTheReferencesItKnows() throws Exception {
        PersonWithData p = PersonWithData.create(api, 4, 0);
        String transfer = "INV-" + UUID.randomUUID();
        assertThat(api.post(
                                "/api/v1/recipients/billing/transfers",
                                "{\"subjectId\":\"" + p.subjectId() + "\",\"categories\":[\"invoices\"],"
                                        + "\"reference\":\"" + transfer + "\"}")
                        .status())
                .isEqualTo(201);
        String reference = p.verifiedRequest(api, "\"ERASURE\"", "nl");

        TestApi.Response erased = api.post("/api/v1/requests/" + reference + "/erasure", "");
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        JsonNode queued =
                api.get("/api/v1/requests/" + reference + "/recipient-notices").json();
        assertThat(queued.findValuesAsString("recipientKey")).containsExactlyInAnyOrder("hosting", "billing");
        // The invoices stay under the fiscal duty: billing is told they are restricted, not asked to erase them.
        assertThat(queued.findValuesAsString("right")).containsExactlyInAnyOrder("ERASURE", "RESTRICTION");
        assertThat(queued.findValuesAsString("mailState")).containsOnly("PENDING");
        sender.sendDue();

        List<String> billing = mailsTo("privacy@facturatie.example", reference);
        List<String> hosting = mailsTo("privacy@hosting.example", reference);
        assertThat(billing).hasSize(1);
        assertThat(hosting).hasSize(1);
        assertThat(billing.get(0))
                .contains("beperking")
                .contains("art. 19 AVG")
                .contains(transfer)
                .contains("bewaren ze alleen")
                .doesNotContain("te wissen")
                .contains("- Facturen en de gegevens die erop staan");
        assertThat(hosting.get(0))
                .contains("verwijdering")
                .contains("te wissen")
                .contains("Deze e-mail noemt de persoon niet");
        assertNamesNobody(billing.get(0), p);
        assertNamesNobody(hosting.get(0), p);
        JsonNode sent =
                api.get("/api/v1/requests/" + reference + "/recipient-notices").json();
        assertThat(sent.findValuesAsString("mailState")).containsOnly("SENT");
        assertThat(sent.findValues("mailedAt")).allMatch(JsonNode::isString);

        // Carried out again: every place answers from its ledger, and nobody is mailed twice.
        assertThat(api.post("/api/v1/requests/" + reference + "/erasure", "").status())
                .isEqualTo(200);
        sender.sendDue();
        assertThat(mailsTo("privacy@facturatie.example", reference)).hasSize(1);
        assertThat(mailsTo("privacy@hosting.example", reference)).hasSize(1);
    }

    @Test
    void aSecondCorrectionAfterTheFirstWasMailedIsMailedOnItsOwn() throws Exception {
        PersonWithData p = PersonWithData.create(api, 2, 0);
        String reference = p.verifiedRequest(api, "\"RECTIFICATION\"", "en");
        String right = "right-" + UUID.randomUUID() + "@example.nl";
        String first = "{\"category\":\"customer-contacts\",\"field\":\"email\",\"value\":\"" + right + "\"}";
        assertThat(api.post("/api/v1/requests/" + reference + "/rectification", first)
                        .status())
                .isEqualTo(200);
        sender.sendDue();
        List<String> one = mailsTo("privacy@hosting.example", reference);
        assertThat(one).hasSize(1);
        assertThat(one.get(0)).contains("verbeterd").doesNotContain(right);
        assertNamesNobody(one.get(0), p);

        // The same correction again mails nothing; a correction of another row the same recipient got is news.
        assertThat(api.post("/api/v1/requests/" + reference + "/rectification", first)
                        .status())
                .isEqualTo(200);
        String second = "{\"category\":\"service-address\",\"field\":\"street\",\"value\":\"Kerkstraat 1\"}";
        assertThat(api.post("/api/v1/requests/" + reference + "/rectification", second)
                        .status())
                .isEqualTo(200);
        sender.sendDue();
        List<String> both = mailsTo("privacy@hosting.example", reference);
        assertThat(both).hasSize(2);
        assertThat(both.get(1)).doesNotContain("Kerkstraat");
        JsonNode notices =
                api.get("/api/v1/requests/" + reference + "/recipient-notices").json();
        assertThat(notices).hasSize(2);
        assertThat(notices.get(0).path("categories").toString()).contains("customer-contacts");
        assertThat(notices.get(1).path("categories").toString())
                .contains("service-address")
                .doesNotContain("customer-contacts");
    }

    @Test
    void aRestrictionIsMailedAndSoIsItsLiftOnceForEachLift() throws Exception {
        PersonWithData p = PersonWithData.create(api, 2, 0);
        String reference = p.verifiedRequest(api, "\"RESTRICTION\"", "nl");
        assertThat(api.post("/api/v1/requests/" + reference + "/restriction", "")
                        .status())
                .isEqualTo(200);
        sender.sendDue();
        List<String> restricted = mailsTo("privacy@hosting.example", reference);
        assertThat(restricted).hasSize(1);
        assertThat(restricted.get(0)).contains("beperking van de verwerking").contains("bewaren ze alleen");

        assertThat(api.post(
                                "/api/v1/requests/" + reference + "/restriction/lift-notice",
                                "{\"reason\":\"Het adres is gecontroleerd en klopt.\"}")
                        .status())
                .isEqualTo(200);
        sender.sendDue(); // the person's notice goes first (Art. 18(3))
        assertThat(api.post("/api/v1/requests/" + reference + "/restriction/lift", "")
                        .status())
                .isEqualTo(200);
        sender.sendDue();
        List<String> both = mailsTo("privacy@hosting.example", reference);
        assertThat(both).hasSize(2);
        assertThat(both.get(1)).contains("opgeheven").contains("weer gebruiken");
        assertNamesNobody(both.get(1), p);
        // Lifted already: refused, and nobody is told twice.
        assertThat(api.post("/api/v1/requests/" + reference + "/restriction/lift", "")
                        .status())
                .isEqualTo(409);
        sender.sendDue();
        assertThat(mailsTo("privacy@hosting.example", reference)).hasSize(2);
    }

    @Test
    void aStepCutOffBeforeItsCommitMailsNothingAndItsRepeatMailsOnce() throws Exception {
        PersonWithData p = PersonWithData.create(api, 2, 0);
        String reference = p.verifiedRequest(api, "\"ERASURE\"", "nl");
        String requestId =
                db.queryForObject("SELECT id::text FROM request WHERE reference = ?", String.class, reference);
        // The process dies after queueing the mail, before the step commits: a trigger fails the notice's update.
        String trigger = "art19_cut_" + requestId.replace("-", "");
        db.execute("CREATE FUNCTION " + trigger + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " RAISE EXCEPTION 'cut off'; END $$");
        db.execute("CREATE TRIGGER " + trigger + " BEFORE UPDATE OF mail_id ON request_recipient_notice FOR EACH ROW"
                + " WHEN (NEW.request_id = '" + requestId + "') EXECUTE FUNCTION " + trigger + "()");
        try {
            TestApi.Response cut = api.post("/api/v1/requests/" + reference + "/erasure", "");
            assertThat(cut.status()).as(cut.body()).isEqualTo(500);
        } finally {
            db.execute("DROP TRIGGER " + trigger + " ON request_recipient_notice");
            db.execute("DROP FUNCTION " + trigger + "()");
        }
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM mail_message WHERE key LIKE ?",
                        Long.class,
                        "request:" + requestId + ":art19:%"))
                .as("nothing queued for a step that did not commit")
                .isZero();
        sender.sendDue();
        assertThat(mailsTo("privacy@hosting.example", reference)).isEmpty();

        assertThat(api.post("/api/v1/requests/" + reference + "/erasure", "").status())
                .isEqualTo(200);
        sender.sendDue();
        sender.sendDue();
        assertThat(mailsTo("privacy@hosting.example", reference)).hasSize(1);
    }

    @Test
    void onlyAnEmailAddressIsMailedAWebFormIsToldByStaff() {
        assertThat(RecipientNotices.isAddress("privacy@hosting.example")).isTrue();
        assertThat(RecipientNotices.isAddress(" privacy@hosting.example ")).isTrue();
        assertThat(RecipientNotices.isAddress("https://hosting.example/privacy"))
                .isFalse();
        assertThat(RecipientNotices.isAddress("https://hosting.example/form?to=a@b.example"))
                .isFalse();
        assertThat(RecipientNotices.isAddress("privacy@")).isFalse();
        assertThat(RecipientNotices.isAddress("")).isFalse();
        assertThat(RecipientNotices.isAddress(null)).isFalse();
        assertThat(RecipientNotices.isAddress("a\u0000b@hosting.example")).isFalse();
        assertThat(RecipientNotices.isAddress("privacy@hosting.example\r\nBcc: all@elsewhere.example"))
                .as("no header smuggled in through the register")
                .isFalse();
        assertThat(RecipientNotices.isAddress("privacy@hosting.example, all@elsewhere.example"))
                .as("one address, not a list")
                .isFalse();
        assertThat(RecipientNotices.isAddress("x".repeat(100_000) + "@hosting.example"))
                .isFalse();
    }
}
