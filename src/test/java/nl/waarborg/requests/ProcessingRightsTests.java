package nl.waarborg.requests;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Restriction (Art. 18) in every place and in the index other systems ask, lifted only after the person was told;
 * objection (Art. 21) to direct marketing for good and to processing on legitimate interest; withdrawal of consent
 * (Art. 7(3)) as an event in the ledger. The index answers by any identifier, to a token that may ask nothing else.
 */
@WaarborgTest
class ProcessingRightsTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    DataSource dataSource;

    @Autowired
    nl.waarborg.requests.internal.ProcessingBlocks blocks;

    TestApi api;
    TestApi newsletterTool;
    JdbcTemplate db;

    @BeforeEach
    void setUp() {
        TestRegisters.templateInForce(editor, registers);
        api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write", "requests:read", "requests:write");
        newsletterTool = TestApi.withScopes(port, tokens, "status:read");
        db = new JdbcTemplate(dataSource);
    }

    JsonNode status(String identifier) {
        TestApi.Response r = newsletterTool.get("/api/v1/processing-status?identifier="
                + java.net.URLEncoder.encode(identifier, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    long unrestricted(String subject) {
        return db.queryForObject(
                "SELECT count(*) FROM store_record r JOIN store_record_subject l ON l.record_id = r.id"
                        + " WHERE l.subject_id = ?::uuid AND r.restricted_at IS NULL",
                Long.class,
                subject);
    }

    /**
     * What a mail server does with the request's waiting letters (this context has none; RecipientNoticeMailTests
     * sends through GreenMail).
     */
    void noticeSent(String reference) {
        db.update(
                "UPDATE mail_message SET state = 'SENT', sent_at = now() WHERE reference = ? AND state = 'PENDING'",
                "request " + reference);
    }

    @Test
    void aNoticeByPostIsGoneOnlyOnTheDayStaffPostedIt() {
        PersonWithData p = PersonWithData.create(api, 1, 0);
        String reference = p.verifiedRequest(api, "\"RESTRICTION\"", "nl");
        assertThat(api.post("/api/v1/requests/" + reference + "/restriction", "")
                        .status())
                .isEqualTo(200);
        // The requester gave a postal address only by now: the notice is a letter to print and post.
        db.update(
                "UPDATE request SET contact_email = NULL, postal_address = 'Kerkstraat 1, 3511 AA Utrecht' WHERE"
                        + " reference = ?",
                reference);
        assertThat(api.post(
                                "/api/v1/requests/" + reference + "/restriction/lift-notice",
                                "{\"reason\":\"Het adres klopt.\"}")
                        .status())
                .isEqualTo(200);
        assertThat(db.queryForObject(
                        "SELECT state FROM mail_message WHERE reference = ? AND subject LIKE '%beperking op%'",
                        String.class, "request " + reference))
                .isEqualTo("POST");
        String today =
                java.time.LocalDate.now(java.time.ZoneId.of("Europe/Amsterdam")).toString();
        for (String body : java.util.List.of("", "{\"postedOn\":\"2020-01-01\"}", "{\"postedOn\":\"2999-01-01\"}")) {
            TestApi.Response refused = api.post("/api/v1/requests/" + reference + "/restriction/lift", body);
            assertThat(refused.status()).as(body).isEqualTo(409);
            assertThat(refused.json().path("field").asString()).isEqualTo("postedOn");
        }
        for (String bad : java.util.List.of(
                "[1,2", "{\"postedOn\":\"2026-02-30\"}", "{\"postedOn\":\"a\\u0000b\"}", "x".repeat(2_000_000))) {
            TestApi.Response refused = api.post("/api/v1/requests/" + reference + "/restriction/lift", bad);
            assertThat(refused.status()).as(bad.length() > 50 ? "huge" : bad).isIn(400, 413);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(status(p.email()).path("restricted").asBoolean()).isTrue();
        assertThat(api.post("/api/v1/requests/" + reference + "/restriction/lift", "{\"postedOn\":\"" + today + "\"}")
                        .status())
                .isEqualTo(200);
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM processing_block b JOIN request r ON r.id = b.request_id WHERE"
                                + " r.reference = ? AND b.lift_notice_posted_on = ?::date",
                        Long.class,
                        reference,
                        today))
                .isPositive();
    }

    @Test
    void anObjectionRestrictsWhileItIsWeighed() {
        PersonWithData p = PersonWithData.create(api, 2, 0);
        String reference = p.verifiedRequest(api, "\"OBJECTION\"", "nl");
        TestApi.Response restricted = api.post("/api/v1/requests/" + reference + "/restriction", "");
        assertThat(restricted.status()).as(restricted.body()).isEqualTo(200);
        assertThat(status(p.email()).path("restricted").asBoolean())
                .as("Art. 18(1)(d): restricted while the grounds are weighed")
                .isTrue();
        assertThat(api.get("/api/v1/requests/" + reference + "/recipient-notices")
                        .json()
                        .findValuesAsString("right"))
                .contains("RESTRICTION");
        assertThat(api.post("/api/v1/requests/" + reference + "/restriction/lift", "")
                        .status())
                .as("not before the person was told")
                .isEqualTo(409);
        assertThat(api.post(
                                "/api/v1/requests/" + reference + "/restriction/lift-notice",
                                "{\"reason\":\"Het bezwaar is gewogen.\"}")
                        .status())
                .isEqualTo(200);
        noticeSent(reference);
        assertThat(api.post("/api/v1/requests/" + reference + "/restriction/lift", "")
                        .status())
                .isEqualTo(200);
        assertThat(status(p.email()).path("restricted").asBoolean()).isFalse();
        // A request asking for access only cannot restrict.
        String access = p.verifiedRequest(api, "\"ACCESS\"", "nl");
        assertThat(api.post("/api/v1/requests/" + access + "/restriction", "").status())
                .isEqualTo(409);
    }

    @Test
    void aRestrictionHoldsInEveryPlaceAndIsLiftedOnlyAfterThePersonWasTold() {
        PersonWithData p = PersonWithData.create(api, 3, 2);
        assertThat(status(p.email()).path("restricted").asBoolean()).isFalse();
        assertThat(status(p.email()).path("mayProcess").isBoolean()).isTrue();
        assertThat(status(p.email()).path("mayProcess").asBoolean()).isTrue();
        String reference = p.verifiedRequest(api, "\"RESTRICTION\"", "nl");

        TestApi.Response restricted = api.post("/api/v1/requests/" + reference + "/restriction", "");
        assertThat(restricted.status()).as(restricted.body()).isEqualTo(200);
        assertThat(restricted.json().path("text").asString()).contains("Beperking uitgevoerd");
        assertThat(unrestricted(p.subjectId())).isZero();
        assertThat(db.queryForObject(
                        "SELECT restricted_at IS NOT NULL FROM call_recording WHERE id = ?::uuid",
                        Boolean.class,
                        p.recordingId()))
                .isTrue();
        // Any identifier, in any notation, finds it: the e-mail address, the mobile number written nationally.
        assertThat(status(p.email()).path("restricted").asBoolean()).isTrue();
        assertThat(status(p.mobile()).path("restricted").asBoolean()).isTrue();
        assertThat(status(p.mobile()).path("mayProcess").asBoolean()).isFalse();
        // A lookup that reveals a block is audited by the identifier's hash, never its value.
        blocks.flushAudit();
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM audit_entry WHERE target_type = 'processing_status'"
                                + " AND target_id = left(encode(sha256(convert_to(?, 'UTF8')), 'hex'), 32)",
                        Long.class,
                        "EMAIL:" + p.email()))
                .isGreaterThanOrEqualTo(1);
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM audit_entry WHERE target_type = 'processing_status'"
                                + " AND (target_id LIKE '%@%' OR details::text LIKE ?)",
                        Long.class, "%" + p.email() + "%"))
                .isZero();
        assertThat(status("nobody-" + java.util.UUID.randomUUID() + "@example.nl")
                        .path("restricted")
                        .asBoolean())
                .isFalse();
        // A second run changes nothing and adds no second block.
        assertThat(api.post("/api/v1/requests/" + reference + "/restriction", "")
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/requests/" + reference + "/blocks").json().size())
                .isEqualTo(1);

        TestApi.Response early = api.post("/api/v1/requests/" + reference + "/restriction/lift", "");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().path("detail").asString()).contains("told before");
        assertThat(status(p.email()).path("restricted").asBoolean()).isTrue();

        assertThat(api.post(
                                "/api/v1/requests/" + reference + "/restriction/lift-notice",
                                "{\"reason\":\"Het adres is gecontroleerd en klopt.\"}")
                        .status())
                .isEqualTo(200);
        String notice = db.queryForObject(
                "SELECT body FROM mail_message WHERE reference = ? AND subject LIKE '%beperking op%'",
                String.class, "request " + reference);
        assertThat(notice).contains("Het adres is gecontroleerd en klopt.");
        // Art. 18(3): told means the notice went; while it waits in the outbox, nothing is lifted.
        TestApi.Response waiting = api.post("/api/v1/requests/" + reference + "/restriction/lift", "");
        assertThat(waiting.status()).isEqualTo(409);
        assertThat(waiting.json().path("type").asString()).endsWith("lift-notice-not-sent");
        assertThat(status(p.email()).path("restricted").asBoolean()).isTrue();
        noticeSent(reference);
        assertThat(api.post("/api/v1/requests/" + reference + "/restriction/lift", "")
                        .status())
                .isEqualTo(200);
        assertThat(status(p.email()).path("restricted").asBoolean()).isFalse();
        assertThat(unrestricted(p.subjectId())).isEqualTo(3);
    }

    @Test
    void aRestrictionOfSomeCategoriesLeavesTheRestAlone() {
        PersonWithData p = PersonWithData.create(api, 4, 2);
        String reference = p.verifiedRequest(api, "\"RESTRICTION\"", "en");
        TestApi.Response bad =
                api.post("/api/v1/requests/" + reference + "/restriction", "{\"categories\":[\"nope\"]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("field").asString()).isEqualTo("categories[0]");

        TestApi.Response part =
                api.post("/api/v1/requests/" + reference + "/restriction", "{\"categories\":[\"customer-contacts\"]}");
        assertThat(part.status()).as(part.body()).isEqualTo(200);
        assertThat(part.json().path("text").asString()).contains("Only for:");
        assertThat(ErasureTests.place(part.json(), "built-in").path("affected").asLong())
                .isEqualTo(2);
        assertThat(ErasureTests.place(part.json(), "traffic").path("affected").asLong())
                .as("the calls are of another category")
                .isZero();
        assertThat(unrestricted(p.subjectId())).as("the invoices stay usable").isEqualTo(2);
        JsonNode s = status(p.email());
        assertThat(s.path("restricted").asBoolean()).isFalse();
        assertThat(s.path("restrictedCategories").toString()).contains("customer-contacts");
        assertThat(s.path("mayProcess").asBoolean()).isFalse();

        assertThat(api.post("/api/v1/requests/" + reference + "/restriction/lift-notice", "{\"reason\":\"Checked.\"}")
                        .status())
                .isEqualTo(200);
        noticeSent(reference);
        assertThat(api.post("/api/v1/requests/" + reference + "/restriction/lift", "")
                        .status())
                .isEqualTo(200);
        assertThat(unrestricted(p.subjectId())).isEqualTo(4);
        assertThat(status(p.email()).path("mayProcess").asBoolean()).isTrue();
    }

    @Test
    void anObjectionToDirectMarketingIsForGoodAndOneToLegitimateInterestStopsItUnlessGroundsAreRecorded() {
        PersonWithData p = PersonWithData.create(api, 1, 0);
        String reference = p.verifiedRequest(api, "\"OBJECTION\"", "en");
        TestApi.Response wrongBasis =
                api.post("/api/v1/requests/" + reference + "/objection", "{\"categories\":[\"customer-contacts\"]}");
        assertThat(wrongBasis.status()).isEqualTo(400);
        assertThat(wrongBasis.json().path("field").asString()).isEqualTo("categories[0]");
        assertThat(wrongBasis.json().path("detail").asString()).contains("contract");
        assertThat(api.post("/api/v1/requests/" + reference + "/objection", "{}")
                        .status())
                .isEqualTo(400);

        TestApi.Response handled = api.post(
                "/api/v1/requests/" + reference + "/objection",
                "{\"marketing\":true,\"categories\":[\"website-statistics\"]}");
        assertThat(handled.status()).as(handled.body()).isEqualTo(200);
        assertThat(handled.json().path("text").asString())
                .contains("direct marketing")
                .contains("we no longer use this data for it");
        JsonNode s = status(p.email());
        assertThat(s.path("marketingOptOut").asBoolean()).isTrue();
        assertThat(s.path("objected").toString()).contains("website-statistics");
        assertThat(s.path("restricted").asBoolean()).isFalse();

        PersonWithData q = PersonWithData.create(api, 1, 0);
        String second = q.verifiedRequest(api, "\"OBJECTION\"", "en");
        TestApi.Response grounds = api.post(
                "/api/v1/requests/" + second + "/objection",
                "{\"categories\":[\"support-calls\"],\"compellingGrounds\":\"A pending fraud investigation.\"}");
        assertThat(grounds.json().path("text").asString()).contains("A pending fraud investigation.");
        assertThat(status(q.email()).path("objected").size())
                .as("with grounds processing goes on")
                .isZero();
    }

    @Test
    void aWithdrawnConsentTakesEffectAtOnceAndStaysInTheLedger() {
        PersonWithData p = PersonWithData.create(api, 1, 0);
        String reference = p.verifiedRequest(api, "\"CONSENT_WITHDRAWAL\"", "nl");
        TestApi.Response notConsent =
                api.post("/api/v1/requests/" + reference + "/consent-withdrawal", "{\"categories\":[\"invoices\"]}");
        assertThat(notConsent.status()).isEqualTo(400);
        assertThat(notConsent.json().path("field").asString()).isEqualTo("categories[0]");

        TestApi.Response withdrawn = api.post("/api/v1/requests/" + reference + "/consent-withdrawal", "{}");
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        assertThat(status(p.email()).path("consentWithdrawn").toString()).contains("newsletter");
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM consent_event e JOIN request r ON r.id = e.request_id"
                                + " WHERE r.reference = ? AND e.event = 'WITHDRAWN' AND e.channel = 'API'",
                        Long.class,
                        reference))
                .as(
                        "one event per identifier (e-mail and phone) and category on consent (newsletter, website-marketing)")
                .isEqualTo(4);
        assertThat(db.queryForObject("SELECT count(*) FROM consent_event WHERE identifier_hash LIKE '%@%'", Long.class))
                .isZero();
    }

    @Test
    void theIndexAnswersOnlyATokenThatMayAskAndRefusesBadInput() {
        assertThat(api.get("/api/v1/processing-status?identifier=x%40example.nl")
                        .status())
                .as("requests:read is not status:read")
                .isEqualTo(403);
        assertThat(newsletterTool.get("/api/v1/requests").status()).isEqualTo(403);
        TestApi.Response empty = newsletterTool.get("/api/v1/processing-status");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().path("field").asString()).isEqualTo("identifier");
        assertThat(newsletterTool
                        .get("/api/v1/processing-status?identifier=%00")
                        .status())
                .isEqualTo(400);
        assertThat(newsletterTool
                        .get("/api/v1/processing-status?identifier=" + "9".repeat(5000))
                        .status())
                .isEqualTo(400);
        TestApi.Response kind = newsletterTool.get("/api/v1/processing-status?identifier=0612345678&kind=SHOE");
        assertThat(kind.status()).isEqualTo(400);
        assertThat(kind.json().path("field").asString()).isEqualTo("kind");
        assertThat(newsletterTool
                        .get("/api/v1/processing-status?identifier=0612345678&kind=PHONE")
                        .status())
                .isEqualTo(200);
    }
}
