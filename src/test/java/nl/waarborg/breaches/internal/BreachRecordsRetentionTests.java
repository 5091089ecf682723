package nl.waarborg.breaches.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
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
 * The breach register under the register's retention (the template's {@code breach-register}: five years after the
 * provider became aware): a closed breach whose time is up goes with its history, its escalations, its list of people
 * and its messages in the outbox; an open breach, a recent one and one that concerned a person under a legal hold
 * stay. A run killed between batches is finished by the next, each breach counted once.
 */
@WaarborgTest
class BreachRecordsRetentionTests {

    static final String ROW = "breach-register";

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
    BreachRecords records;

    @Autowired
    DataSource dataSource;

    TestApi officer;
    JdbcTemplate db;

    @BeforeEach
    void setUp() {
        TestRegisters.templateInForce(editor, registers);
        officer = TestApi.withScopes(
                port, tokens, "breaches:read", "breaches:write", "subjects:write", "retention:read", "retention:write");
        db = new JdbcTemplate(dataSource);
        // A clean slate: whatever an earlier test left due goes now, so the counts below are this test's own.
        runs.run(new RetentionRuns.Order(null, ROW, false, "test"));
    }

    @AfterEach
    void noHooksLeft() {
        records.batchSize = BreachRecords.BATCH;
        records.afterBatch = () -> {};
    }

    /** A breach reported, assessed, notified and closed; then dated back {@code years}. */
    String closed(int years) {
        TestApi.Response r = officer.post(
                "/api/v1/breaches",
                "{\"title\":\"Oude export\",\"description\":\"Een export stond open.\",\"awareAt\":\""
                        + Instant.now().minusSeconds(3600) + "\",\"nature\":[\"CONFIDENTIALITY\"],"
                        + "\"categories\":[\"customer-contacts\"],\"peopleApprox\":3}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String ref = r.json().path("breach").path("reference").asString();
        step(ref, "assessment", "{\"risk\":\"UNLIKELY\",\"reasons\":\"Versleutelde schijf, sleutel niet gelekt.\"}");
        step(ref, "authority-notice", "{\"authorityReference\":\"AP-" + UUID.randomUUID() + "\"}");
        step(ref, "close", "{\"note\":\"Afgehandeld.\"}");
        db.update(
                "UPDATE breach SET aware_at = aware_at - make_interval(years => ?), closed_at = closed_at"
                        + " - make_interval(years => ?) WHERE reference = ?",
                years,
                years,
                ref);
        return ref;
    }

    void step(String ref, String step, String body) {
        TestApi.Response r = officer.post("/api/v1/breaches/" + ref + "/" + step, body);
        assertThat(r.status()).as(step + ": " + r.body()).isEqualTo(200);
    }

    boolean exists(String ref) {
        return db.queryForObject("SELECT count(*) FROM breach WHERE reference = ?", Long.class, ref) == 1;
    }

    long messages(String ref) {
        return db.queryForObject("SELECT count(*) FROM mail_message WHERE reference = ?", Long.class, ref);
    }

    static Receipt receipt(RetentionRuns.Report report) {
        return report.receipts().stream()
                .filter(r -> r.store().equals("breaches"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no receipt of the breach register: " + report.receipts()));
    }

    @Test
    void aClosedBreachWhoseTimeIsUpGoesWithItsLettersAndWhatMustStayStays() {
        String old = closed(6);
        UUID oldId = db.queryForObject("SELECT id FROM breach WHERE reference = ?", UUID.class, old);
        UUID person = UUID.randomUUID();
        db.update("INSERT INTO breach_person (breach_id, subject_id, found_at) VALUES (?, ?, now())", oldId, person);
        db.update(
                "INSERT INTO mail_message (id, key, reference, recipient, subject, body, language, created_at, state,"
                        + " next_attempt_at) VALUES (?, ?, ?, 'p@example.nl', 'Datalek', 'Beste', 'nl', now(), 'SENT',"
                        + " now())",
                UUID.randomUUID(),
                "breach:" + old + ":person:" + person,
                old);
        String young = closed(4);
        TestApi.Response open = officer.post(
                "/api/v1/breaches",
                "{\"title\":\"Nog open\",\"description\":\"Loopt.\",\"awareAt\":\""
                        + Instant.now().minusSeconds(60)
                        + "\",\"nature\":[\"AVAILABILITY\"],\"categories\":[\"customer-contacts\"]}");
        String openRef = open.json().path("breach").path("reference").asString();
        db.update("UPDATE breach SET aware_at = aware_at - interval '7 years' WHERE reference = ?", openRef);

        // A breach that concerned a person now under a legal hold stays.
        String held = closed(6);
        TestApi.Response subject = officer.post(
                "/api/v1/subjects",
                "{\"displayName\":\"Hanna Hold\",\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"bh-"
                        + UUID.randomUUID() + "@example.nl\"}]}");
        assertThat(subject.status()).as(subject.body()).isEqualTo(201);
        String heldPerson = subject.json().path("id").asString();
        db.update(
                "INSERT INTO breach_person (breach_id, subject_id, found_at) SELECT id, ?::uuid, now() FROM breach"
                        + " WHERE reference = ?",
                heldPerson,
                held);
        TestApi.Response hold = officer.post(
                "/api/v1/retention/holds",
                "{\"scope\":\"SUBJECT\",\"targetId\":\"" + heldPerson
                        + "\",\"reason\":\"A claim for damages\",\"reference\":\"RB-2026-1\",\"reviewOn\":\""
                        + LocalDate.now(ZoneId.of("Europe/Amsterdam")).plusDays(30) + "\"}");
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);

        Receipt dry = receipt(runs.run(new RetentionRuns.Order(null, ROW, true, "test")));
        assertThat(dry.removed()).isEqualTo(1);
        assertThat(dry.held()).isGreaterThanOrEqualTo(1);
        assertThat(exists(old)).as("a dry run changes nothing").isTrue();

        Receipt done = receipt(runs.run(new RetentionRuns.Order(null, ROW, false, "test")));
        assertThat(done.status()).isEqualTo("DONE");
        assertThat(done.removed()).isEqualTo(1);
        assertThat(exists(old)).isFalse();
        assertThat(messages(old)).as("its letters and reminders went with it").isZero();
        for (String table : List.of("breach_event", "breach_escalation", "breach_person")) {
            assertThat(db.queryForObject("SELECT count(*) FROM " + table + " WHERE breach_id = ?", Long.class, oldId))
                    .as(table)
                    .isZero();
        }
        assertThat(exists(young)).as("aware four years ago: one more year").isTrue();
        assertThat(exists(openRef)).as("an open breach is never due").isTrue();
        assertThat(exists(held)).as("it concerned a person under a legal hold").isTrue();
        // A breach reported now never gets the reference of one that went: the audit trail still names it.
        String next = closed(0);
        assertThat(next).isNotEqualTo(old);
        assertThat(Integer.parseInt(next.substring(8))).isGreaterThan(Integer.parseInt(old.substring(8)));
    }

    @Test
    void aRunKilledBetweenBatchesIsFinishedByTheNextAndCountsEachBreachOnce() {
        List<String> due = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            due.add(closed(6));
        }
        KilledRetentionRun.check(
                runs, db, ROW, "breaches", due, this::exists, n -> records.batchSize = n, h -> records.afterBatch = h);
    }
}
