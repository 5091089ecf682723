package nl.waarborg.breaches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.breaches.internal.AffectedPeople;
import nl.waarborg.mail.MailMessage;
import nl.waarborg.mail.Outbox;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The people a breach concerns, found in Waarborg's own store by the breach's categories, and the letter to each:
 * by e-mail through the outbox where there is an address, counted for post where there is none; a round that dies
 * halfway and runs again sends each letter once.
 */
@WaarborgTest
class BreachLettersTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    AffectedPeople people;

    @Autowired
    Outbox outbox;

    @Autowired
    javax.sql.DataSource dataSource;

    /** A person with a service address in the built-in store; with an e-mail address when given. */
    String person(TestApi api, String email) {
        return person(api, email, null);
    }

    String person(TestApi api, String email, String language) {
        String ids = email == null
                ? "{\"kind\":\"CUSTOMER_NUMBER\",\"value\":\"K-"
                        + UUID.randomUUID().toString().substring(0, 8) + "\"}"
                : "{\"kind\":\"EMAIL\",\"value\":\"" + email + "\"}";
        TestApi.Response s = api.post(
                "/api/v1/subjects",
                "{\"displayName\":\"Getroffen persoon\",\"identifiers\":[" + ids + "]"
                        + (language == null ? "" : ",\"language\":\"" + language + "\"") + "}");
        assertThat(s.status()).as(s.body()).isEqualTo(201);
        String id = s.json().path("id").asString();
        TestApi.Response r = api.post(
                "/api/v1/subjects/records",
                "{\"category\":\"user.financial.bank_account\",\"subjectIds\":[\"" + id + "\"],\"payload\":{\"street\":"
                        + "\"Lekstraat 1\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return id;
    }

    @Test
    void everyoneInTheScopeGetsTheLetterOnceEvenAfterACrash() {
        TestRegisters.templateInForce(editor, registers);
        TestApi api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        TestApi officer = TestApi.withScopes(port, tokens, "breaches:read", "breaches:write");
        java.time.Instant windowStart = java.time.Instant.now().minusSeconds(1);
        List<String> emails = List.of(
                "lek-a-" + UUID.randomUUID() + "@example.nl",
                "lek-b-" + UUID.randomUUID() + "@example.nl",
                "lek-c-" + UUID.randomUUID() + "@example.nl");
        person(api, emails.get(0));
        person(api, emails.get(1));
        person(api, emails.get(2), "en");
        person(api, null);
        java.time.Instant windowEnd = java.time.Instant.now().plusSeconds(1);

        String ref = officer.post(
                        "/api/v1/breaches",
                        "{\"title\":\"Adressenlijst gedeeld\",\"description\":\"Een adressenlijst stond openbaar.\","
                                + "\"awareAt\":\"" + java.time.Instant.now().minusSeconds(60) + "\",\"nature\":"
                                + "[\"CONFIDENTIALITY\"],\"categories\":[\"invoices\"]}")
                .json()
                .path("breach")
                .path("reference")
                .asString();
        JsonNode found = officer.post(
                        "/api/v1/breaches/" + ref + "/scope",
                        "{\"from\":\"" + windowStart + "\",\"to\":\"" + windowEnd + "\"}")
                .json();
        assertThat(found.path("people").asLong()).isEqualTo(4);
        assertThat(found.path("records").asLong()).isEqualTo(4);
        assertThat(found.path("places").findValuesAsString("store"))
                .as("the invoices row is kept in the built-in store only; the other places are not concerned")
                .containsExactly("built-in");
        TestApi.Response nowhere = officer.post(
                "/api/v1/breaches/" + ref + "/scope", "{\"from\":\"" + windowStart + "\",\"places\":[\"nowhere\"]}");
        assertThat(nowhere.status()).isEqualTo(400);
        assertThat(nowhere.json().path("field").asString()).isEqualTo("places[0]");
        JsonNode named = officer.post(
                        "/api/v1/breaches/" + ref + "/scope",
                        "{\"from\":\"" + windowStart + "\",\"places\":[\"traffic\"]}")
                .json();
        assertThat(named.path("places").get(0).path("status").asString())
                .as("a place named that holds none of the categories says so")
                .isEqualTo("SKIPPED");
        assertThat(named.path("people").asLong()).isZero();
        assertThat(officer.get("/api/v1/breaches/" + ref)
                        .json()
                        .path("breach")
                        .path("peopleApprox")
                        .asInt())
                .as("the counts are the breach's facts now")
                .isEqualTo(4);
        // Only one service: these records belong to none, so none are found; the facts keep the 4 found before.
        JsonNode internet = officer.post("/api/v1/breaches/" + ref + "/scope", "{\"serviceKey\":\"internet\"}")
                .json();
        assertThat(internet.path("people").asLong()).isZero();
        assertThat(internet.path("listed").asLong()).isEqualTo(4);
        assertThat(officer.get("/api/v1/breaches/" + ref)
                        .json()
                        .path("breach")
                        .path("peopleApprox")
                        .asInt())
                .isEqualTo(4);
        assertThat(officer.post("/api/v1/breaches/" + ref + "/scope", "{\"serviceKey\":\"Bad Key!\"}")
                        .json()
                        .path("field")
                        .asString())
                .isEqualTo("serviceKey");
        String letter = "{\"subjectNl\":\"Uw adres was zichtbaar\",\"bodyNl\":\"Beste klant, uw adres stond een dag"
                + " openbaar.\",\"subjectEn\":\"Your address was visible\",\"bodyEn\":\"Dear customer, your address"
                + " was public for a day.\"}";
        TestApi.Response early = officer.post("/api/v1/breaches/" + ref + "/letters", letter);
        assertThat(early.status())
                .as("not before the decision says the people are told")
                .isEqualTo(409);
        officer.post(
                "/api/v1/breaches/" + ref + "/assessment",
                "{\"risk\":\"HIGH\",\"reasons\":\"Adressen van klanten met een alarmsysteem.\"}");

        // The round dies at the second person with an address, after queueing that letter (marking it fails): the
        // first person's letter stands, the second's goes with its transaction; the next round sends the rest once.
        org.springframework.jdbc.core.JdbcTemplate db = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        List<String> withAddress = db.queryForList(
                "SELECT p.subject_id::text FROM breach_person p JOIN breach b ON b.id = p.breach_id"
                        + " JOIN subject_identifier i ON i.subject_id = p.subject_id AND i.kind = 'EMAIL'"
                        + " WHERE b.reference = ? ORDER BY p.subject_id",
                String.class,
                ref);
        assertThat(withAddress).hasSize(3);
        db.execute("CREATE TABLE IF NOT EXISTS test_failure (what text PRIMARY KEY)");
        db.execute("CREATE OR REPLACE FUNCTION breach_person_fails() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.letter_queued_at IS NOT NULL AND EXISTS (SELECT 1 FROM test_failure"
                + " WHERE what = NEW.subject_id::text) THEN RAISE EXCEPTION 'the run dies here'; END IF; RETURN NEW;"
                + " END $$");
        db.execute("DROP TRIGGER IF EXISTS breach_person_fails ON breach_person");
        db.execute("CREATE TRIGGER breach_person_fails BEFORE UPDATE ON breach_person FOR EACH ROW"
                + " EXECUTE FUNCTION breach_person_fails()");
        db.update("INSERT INTO test_failure VALUES (?)", withAddress.get(1));
        AffectedPeople.Text text = new AffectedPeople.Text(
                "Uw adres was zichtbaar", "Beste klant.", "Your address was visible", "Dear customer.");
        try {
            assertThatThrownBy(() -> people.tell(ref, text)).hasMessageContaining("the run dies here");
            assertThat(outbox.forReference(ref))
                    .as("the first letter stands, the second went with its mark")
                    .hasSize(1);
        } finally {
            db.update("DELETE FROM test_failure");
        }

        JsonNode sent =
                officer.post("/api/v1/breaches/" + ref + "/letters", letter).json();
        assertThat(sent.path("emailed").asInt()).isEqualTo(2);
        JsonNode again =
                officer.post("/api/v1/breaches/" + ref + "/letters", letter).json();
        assertThat(again.path("emailed").asInt())
                .as("a second round sends nothing new")
                .isZero();
        List<MailMessage> mails = outbox.forReference(ref);
        assertThat(mails).extracting(MailMessage::recipient).containsExactlyInAnyOrderElementsOf(emails);
        MailMessage english = mails.stream()
                .filter(m -> m.recipient().equals(emails.get(2)))
                .findFirst()
                .orElseThrow();
        assertThat(english.subject()).as("in the person's own language").isEqualTo("Your address was visible");
        assertThat(english.body()).doesNotContain("Beste klant");
        MailMessage unknown = mails.stream()
                .filter(m -> m.recipient().equals(emails.get(0)))
                .findFirst()
                .orElseThrow();
        assertThat(unknown.subject()).isEqualTo("Uw adres was zichtbaar / Your address was visible");
        assertThat(unknown.body()).contains("Beste klant").contains("Dear customer");
        JsonNode b = officer.get("/api/v1/breaches/" + ref).json();
        assertThat(b.path("breach").path("peopleNotifiedAt").isNull()).isFalse();
        assertThat(b.path("history").findValuesAsString("note"))
                .contains("e-mail to 3 people; 1 without an e-mail address, by post");

        TestApi.Response bad = officer.post(
                "/api/v1/breaches/" + ref + "/letters", letter.replace("Uw adres was zichtbaar", "a\\r\\nBcc: x@y.nl"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("field").asString()).isEqualTo("subjectNl");
    }
}
