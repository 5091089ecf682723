package nl.waarborg.requests.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import nl.waarborg.KilledRetentionRun;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.retention.internal.Receipt;
import nl.waarborg.retention.internal.RetentionRuns;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Waarborg's own request files under the register's retention (the template's {@code privacy-requests}: five years
 * after the request was closed): a closed request whose time is up goes with its history, its letters in the outbox
 * and everything kept for it; an open request, a recent one, one an active restriction rests on and one of a person
 * under a legal hold (by subject, e-mail address or phone number as typed) stay; an objection to marketing loses only
 * its link and the consent ledger keeps the id. A run killed between batches is finished by the next, each request
 * counted once.
 */
@WaarborgTest
class RequestFilesRetentionTests {

    static final String ROW = "privacy-requests";

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    RetentionRuns runs;

    @Autowired
    RequestFiles files;

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
        // A clean slate: whatever an earlier test left due goes now, so the counts below are this test's own.
        runs.run(new RetentionRuns.Order(null, ROW, false, "test"));
    }

    @AfterEach
    void noHooksLeft() {
        files.batchSize = RequestFiles.BATCH;
        files.afterBatch = () -> {};
    }

    /** A request received by e-mail address (its acknowledgement letter queued): its reference. */
    String request(String email) {
        return request(email, null);
    }

    /** The same, with a phone number as the requester typed it. */
    String request(String email, String phone) {
        TestApi.Response r = api.post(
                "/api/v1/requests",
                "{\"channel\":\"API\",\"rights\":[\"ACCESS\"],\"language\":\"nl\",\"requesterName\":\"Rita Retentie\","
                        + "\"email\":\"" + email + "\"" + (phone == null ? "" : ",\"phone\":\"" + phone + "\"") + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("reference").asString();
    }

    /** Withdrawn (closed) and dated back: closed {@code years} ago. */
    String closed(String email, int years) {
        return closed(email, null, years);
    }

    String closed(String email, String phone, int years) {
        String reference = request(email, phone);
        TestApi.Response w =
                api.post("/api/v1/requests/" + reference + "/withdrawal", "{\"note\":\"no longer needed\"}");
        assertThat(w.status()).as(w.body()).isEqualTo(200);
        db.update(
                "UPDATE request SET closed_at = closed_at - make_interval(years => ?), received_at = received_at"
                        + " - make_interval(years => ?) WHERE reference = ?",
                years,
                years,
                reference);
        return reference;
    }

    UUID id(String reference) {
        return db.queryForObject("SELECT id FROM request WHERE reference = ?", UUID.class, reference);
    }

    boolean exists(String reference) {
        return db.queryForObject("SELECT count(*) FROM request WHERE reference = ?", Long.class, reference) == 1;
    }

    long letters(String reference) {
        return db.queryForObject(
                "SELECT count(*) FROM mail_message WHERE reference = ?", Long.class, "request " + reference);
    }

    static Receipt receipt(RetentionRuns.Report report) {
        return report.receipts().stream()
                .filter(r -> r.store().equals("requests"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no receipt of the request files: " + report.receipts()));
    }

    static String email() {
        return "rr-" + UUID.randomUUID() + "@example.nl";
    }

    @Test
    void aClosedRequestWhoseTimeIsUpGoesWithItsLettersAndWhatMustStayStays() {
        String old = closed(email(), 6);
        UUID oldId = id(old);
        assertThat(letters(old))
                .as("the acknowledgement and the withdrawal letters")
                .isPositive();
        // What outlives the request: an objection to marketing and a consent event it recorded.
        UUID block = UUID.randomUUID();
        db.update(
                "INSERT INTO processing_block (id, identifier_hash, kind, request_id, since) VALUES (?, 'h', 'MARKETING',"
                        + " ?, now())",
                block,
                oldId);
        UUID consent = UUID.randomUUID();
        db.update(
                "INSERT INTO consent_event (id, identifier_hash, category, event, at, channel, request_id, recorded_by)"
                        + " VALUES (?, 'h', 'newsletter', 'WITHDRAWN', now(), 'PORTAL', ?, 'test')",
                consent,
                oldId);
        String young = closed(email(), 4);
        String open = request(email());
        db.update("UPDATE request SET received_at = received_at - interval '7 years' WHERE reference = ?", open);

        // A person under a legal hold: their old request stays.
        String heldEmail = email();
        TestApi.Response subject = api.post(
                "/api/v1/subjects",
                "{\"displayName\":\"Hanna Hold\",\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"" + heldEmail
                        + "\"}]}");
        assertThat(subject.status()).as(subject.body()).isEqualTo(201);
        String held = closed(heldEmail, 6);
        assertThat(db.queryForObject("SELECT count(*) FROM request_subject WHERE request_id = ?", Long.class, id(held)))
                .as("the request found its subject")
                .isEqualTo(1);
        hold(subject.json().path("id").asString());

        // Held through the identifiers the requester gave, not a subject the request was matched to: an e-mail
        // address, and a phone number typed as "06 …" while the hold knows it as +316….
        String byEmail = email();
        String heldByEmail = closed(byEmail, 6);
        String digits = String.valueOf(
                10_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(89_999_999));
        String heldByPhone = closed(email(), "06 " + digits, 6);
        for (String identifiers : List.of(
                "{\"kind\":\"EMAIL\",\"value\":\"" + byEmail + "\"}",
                "{\"kind\":\"PHONE\",\"value\":\"+316" + digits + "\"}")) {
            TestApi.Response later = api.post(
                    "/api/v1/subjects", "{\"displayName\":\"Later Hold\",\"identifiers\":[" + identifiers + "]}");
            assertThat(later.status()).as(later.body()).isEqualTo(201);
            hold(later.json().path("id").asString());
        }
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM request_subject WHERE request_id IN (?, ?)",
                        Long.class,
                        id(heldByEmail),
                        id(heldByPhone)))
                .as("matched by nobody when they came in")
                .isZero();
        // An active restriction rests on this one: it must stay liftable through its request.
        String restricted = closed(email(), 6);
        db.update(
                "INSERT INTO processing_block (id, identifier_hash, kind, request_id, since) VALUES (?, 'r', 'RESTRICTION',"
                        + " ?, now())",
                UUID.randomUUID(),
                id(restricted));

        Receipt dry = receipt(runs.run(new RetentionRuns.Order(null, ROW, true, "test")));
        assertThat(dry.removed())
                .as("only the old, unheld, unrestricted request")
                .isEqualTo(1);
        assertThat(dry.held()).isGreaterThanOrEqualTo(3);
        assertThat(exists(old)).as("a dry run changes nothing").isTrue();

        Receipt done = receipt(runs.run(new RetentionRuns.Order(null, ROW, false, "test")));
        assertThat(done.status()).isEqualTo("DONE");
        assertThat(done.removed()).isEqualTo(1);
        assertThat(done.held()).isGreaterThanOrEqualTo(1);

        assertThat(exists(old)).isFalse();
        assertThat(letters(old)).isZero();
        for (String table : List.of("request_event", "request_subject", "request_mail", "request_portal_access")) {
            assertThat(db.queryForObject("SELECT count(*) FROM " + table + " WHERE request_id = ?", Long.class, oldId))
                    .as(table)
                    .isZero();
        }
        assertThat(db.queryForObject(
                        "SELECT request_id IS NULL FROM processing_block WHERE id = ?", Boolean.class, block))
                .as("the objection stays, without its request")
                .isTrue();
        assertThat(db.queryForObject("SELECT request_id FROM consent_event WHERE id = ?", UUID.class, consent))
                .as("the consent ledger is never rewritten: it keeps the id as a reference")
                .isEqualTo(oldId);
        assertThat(exists(young)).as("closed four years ago: one more year").isTrue();
        assertThat(letters(young)).isPositive();
        assertThat(exists(open)).as("an open request is never due").isTrue();
        assertThat(exists(held)).as("the person is under a legal hold").isTrue();
        assertThat(letters(held)).isPositive();
        assertThat(exists(heldByEmail)).isTrue();
        assertThat(exists(heldByPhone)).isTrue();
        assertThat(exists(restricted)).as("an active restriction rests on it").isTrue();
    }

    void hold(String subject) {
        TestApi.Response hold = api.post(
                "/api/v1/retention/holds",
                "{\"scope\":\"SUBJECT\",\"targetId\":\"" + subject
                        + "\",\"reason\":\"A complaint at the regulator\",\"reference\":\"AP-2026-1\",\"reviewOn\":\""
                        + LocalDate.now(ZoneId.of("Europe/Amsterdam")).plusDays(30) + "\"}");
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);
    }

    @Test
    void aRunKilledBetweenBatchesIsFinishedByTheNextAndCountsEachRequestOnce() {
        List<String> due = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            due.add(closed(email(), 6));
        }
        KilledRetentionRun.check(
                runs, db, ROW, "requests", due, this::exists, n -> files.batchSize = n, h -> files.afterBatch = h);
        assertThat(due).allMatch(r -> letters(r) == 0);
    }
}
