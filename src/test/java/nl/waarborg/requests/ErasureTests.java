package nl.waarborg.requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
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
 * Erasure (Art. 17) in every place: the built-in records and the recording deleted, the person's side of each call
 * made anonymous, invoices kept under the fiscal duty (restricted, with the statute and the last day), everything kept
 * under a legal hold, and the subject itself gone when nothing is left. Carried out again, nothing is done twice.
 */
@WaarborgTest
class ErasureTests {

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

    TestApi api;
    JdbcTemplate db;

    @BeforeEach
    void setUp() {
        TestRegisters.templateInForce(editor, registers);
        api = TestApi.withScopes(
                port,
                tokens,
                "subjects:read",
                "subjects:write",
                "requests:read",
                "requests:write",
                "retention:read",
                "retention:write");
        db = new JdbcTemplate(dataSource);
    }

    long records(String subject, String category) {
        return db.queryForObject(
                "SELECT count(*) FROM store_record r JOIN store_record_subject l ON l.record_id = r.id"
                        + " WHERE l.subject_id = ?::uuid AND r.category = ?",
                Long.class,
                subject,
                category);
    }

    long calls(String e164) {
        return db.queryForObject(
                "SELECT count(*) FROM traffic_cdr WHERE calling_number = traffic_number(?) OR called_number = traffic_number(?)",
                Long.class,
                e164,
                e164);
    }

    @Test
    void everyPlaceErasesAndTheInvoicesStayRestrictedUnderTheFiscalDuty() {
        PersonWithData p = PersonWithData.create(api, 4, 6);
        String reference = p.verifiedRequest(api, "\"ERASURE\"", "nl");

        TestApi.Response erased = api.post("/api/v1/requests/" + reference + "/erasure", "");
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        JsonNode o = erased.json();
        assertThat(o.path("complete").asBoolean()).isTrue();
        assertThat(place(o, "built-in").path("affected").asLong()).isEqualTo(2);
        assertThat(place(o, "recordings").path("affected").asLong()).isEqualTo(1);
        assertThat(place(o, "traffic").path("affected").asLong()).isEqualTo(6);
        assertThat(o.path("kept").findValuesAsString("category")).containsExactly("invoices");
        JsonNode invoices = o.path("kept").get(0);
        assertThat(invoices.path("slug").asString()).isEqualTo("retention-duty");
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Amsterdam"));
        assertThat(LocalDate.parse(invoices.path("until").asString())).isEqualTo(today.plusYears(7));
        assertThat(o.path("subjectForgotten").asBoolean())
                .as("invoices are kept for the person")
                .isFalse();

        assertThat(records(p.subjectId(), "customer-contacts")).isZero();
        assertThat(records(p.subjectId(), "invoices")).isEqualTo(2);
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM store_record r JOIN store_record_subject l ON l.record_id = r.id"
                                + " WHERE l.subject_id = ?::uuid AND r.restricted_at IS NULL",
                        Long.class,
                        p.subjectId()))
                .as("what is kept is storage-only")
                .isZero();
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM call_recording WHERE id = ?::uuid", Long.class, p.recordingId()))
                .isZero();
        assertThat(calls(p.mobileE164()))
                .as("the person's side of every call anonymised")
                .isZero();
        assertThat(calls(p.otherNumber())).as("the other party's side stays").isEqualTo(6);
        // The other customer's data is untouched.
        assertThat(records(p.otherSubjectId(), "customer-contacts")).isEqualTo(1);

        String text = o.path("text").asString();
        assertThat(text)
                .contains("Verwijdering uitgevoerd")
                .contains("Algemene wet inzake rijksbelastingen art. 52")
                .contains(today.plusYears(7).toString())
                .doesNotContain(p.ownMarker());
        JsonNode request = api.get("/api/v1/requests/" + reference).json();
        assertThat(request.path("history").findValuesAsString("kind")).contains("CARRIED_OUT_ERASURE");
        // Art. 19: the recipients of what the person had are listed to tell; an authority is not a recipient here.
        JsonNode notices =
                api.get("/api/v1/requests/" + reference + "/recipient-notices").json();
        assertThat(notices.findValuesAsString("recipientKey"))
                .contains("hosting", "billing")
                .doesNotContain("authorities");
        assertThat(text).contains("wij laten hun weten");

        // Again: every place answers from the ledger; nothing is done twice and the counts stay.
        JsonNode again =
                api.post("/api/v1/requests/" + reference + "/erasure", "").json();
        assertThat(place(again, "built-in").path("affected").asLong()).isEqualTo(2);
        assertThat(place(again, "traffic").path("affected").asLong()).isEqualTo(6);
        assertThat(records(p.subjectId(), "invoices")).isEqualTo(2);
        assertThat(calls(p.otherNumber())).isEqualTo(6);

        // The answer's letter says what was done, kept and why.
        TestApi.Response answered = api.post(
                "/api/v1/requests/" + reference + "/answer",
                TestApi.JSON.writeValueAsString(java.util.Map.of("summary", text)));
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        String letter = db.queryForObject(
                "SELECT body FROM mail_message WHERE reference = ? ORDER BY created_at DESC LIMIT 1",
                String.class,
                "request " + reference);
        assertThat(letter).contains("Algemene wet inzake rijksbelastingen").contains("Autoriteit Persoonsgegevens");
    }

    @Test
    void withNothingLeftTheSubjectItselfGoes() {
        PersonWithData p = PersonWithData.create(api, 1, 0);
        String reference = p.verifiedRequest(api, "\"ERASURE\"", "en");
        JsonNode o = api.post("/api/v1/requests/" + reference + "/erasure", "").json();
        assertThat(o.path("kept").size()).isZero();
        assertThat(o.path("subjectForgotten").asBoolean()).isTrue();
        assertThat(o.path("text").asString()).contains("we hold nothing of you any more");
        assertThat(api.get("/api/v1/subjects/" + p.subjectId()).status()).isEqualTo(404);
        // Again, with the person gone: nothing is searched under what the requester typed instead.
        TestApi.Response again = api.post("/api/v1/requests/" + reference + "/erasure", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("detail").asString()).contains("no longer in Waarborg");
        assertThat(db.queryForObject("SELECT count(*) FROM subject_identifier WHERE value = ?", Long.class, p.email()))
                .isZero();
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM audit_entry WHERE action = 'DELETE' AND target_type = 'subject'"
                                + " AND target_id = ?",
                        Long.class,
                        p.subjectId()))
                .isEqualTo(1);
    }

    @Test
    void underALegalHoldEverythingStaysAndTheAnswerDoesNotSayWhy() {
        PersonWithData p = PersonWithData.create(api, 2, 0);
        TestApi.Response hold = api.post(
                "/api/v1/retention/holds",
                "{\"scope\":\"SUBJECT\",\"targetId\":\"" + p.subjectId() + "\",\"reason\":\"Vordering politie"
                        + " 126nc\",\"reference\":\"PV-2026-99\",\"reviewOn\":\""
                        + LocalDate.now(ZoneId.of("Europe/Amsterdam")).plusDays(30) + "\"}");
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);
        String reference = p.verifiedRequest(api, "\"ERASURE\"", "nl");
        JsonNode o = api.post("/api/v1/requests/" + reference + "/erasure", "").json();
        List<String> slugs = o.path("kept").findValuesAsString("slug");
        assertThat(slugs).isNotEmpty().allMatch("legal-hold"::equals);
        assertThat(records(p.subjectId(), "customer-contacts")).isEqualTo(1);
        assertThat(o.path("text").asString()).doesNotContain("126nc").doesNotContain("PV-2026-99");
    }

    @Test
    void notForARequestWithoutErasureOrNotVerified() {
        PersonWithData p = PersonWithData.create(api, 1, 0);
        String access = p.verifiedRequest(api, "\"ACCESS\"", "nl");
        TestApi.Response refused = api.post("/api/v1/requests/" + access + "/erasure", "");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        String unverified = api.post(
                        "/api/v1/requests",
                        "{\"channel\":\"API\",\"rights\":[\"ERASURE\"],\"language\":\"nl\",\"email\":\"" + p.email()
                                + "\"}")
                .json()
                .path("reference")
                .asString();
        assertThat(api.post("/api/v1/requests/" + unverified + "/erasure", "").status())
                .isEqualTo(409);
        assertThat(records(p.subjectId(), "customer-contacts")).isEqualTo(1);
    }

    static JsonNode place(JsonNode outcome, String name) {
        for (JsonNode p : outcome.path("places")) {
            if (p.path("place").asString().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no place " + name + " in " + outcome);
    }
}
