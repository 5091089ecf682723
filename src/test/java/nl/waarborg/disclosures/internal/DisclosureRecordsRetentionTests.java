package nl.waarborg.disclosures.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
 * The disclosures log and the transfers log under the register's retention (the template's {@code disclosure-log}:
 * five years after a demand was closed; {@code recipient-transfers}: seven years after sending): what is due goes,
 * an open demand and what concerns a person under a legal hold (by subject, or by the held phone number a demand
 * names) stay, references are never reused, and a run killed between batches is finished by the next.
 */
@WaarborgTest
class DisclosureRecordsRetentionTests {

    static final String DEMANDS = "disclosure-log";
    static final String TRANSFERS = "recipient-transfers";

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
    DisclosureRecords records;

    @Autowired
    DataSource dataSource;

    TestApi staff;
    JdbcTemplate db;

    @BeforeEach
    void setUp() {
        TestRegisters.templateInForce(editor, registers);
        staff = TestApi.withScopes(
                port,
                tokens,
                "disclosures:read",
                "disclosures:write",
                "subjects:read",
                "subjects:write",
                "retention:read",
                "retention:write");
        db = new JdbcTemplate(dataSource);
        // A clean slate: whatever an earlier test left due goes now, so the counts below are this test's own.
        runs.run(new RetentionRuns.Order(null, DEMANDS, false, "test"));
        runs.run(new RetentionRuns.Order(null, TRANSFERS, false, "test"));
    }

    @AfterEach
    void noHooksLeft() {
        records.batchSize = DisclosureRecords.BATCH;
        records.afterBatch = () -> {};
    }

    static String number() {
        return "+3120" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    }

    /** A demand about a number no one registered carries; answered and closed {@code years} ago unless open. */
    String demand(String phone, Integer years) {
        return demand(phone, years, "\"tell\":\"NEVER\"");
    }

    String demand(String phone, Integer years, String tell) {
        TestApi.Response r = staff.post(
                "/api/v1/disclosures",
                "{\"authority\":\"Politie Eenheid Amsterdam\",\"legalBasis\":\"SV_126N\",\"demandReference\":\"PL-"
                        + UUID.randomUUID().toString().substring(0, 6) + "\",\"receivedAt\":\""
                        + Instant.now().minusSeconds(3600) + "\",\"phone\":\"" + phone
                        + "\",\"categories\":[\"traffic-data\"]," + tell + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String ref = r.json().path("reference").asString();
        if (years == null) {
            return ref;
        }
        assertThat(staff.post("/api/v1/disclosures/" + ref + "/answer", "{\"provided\":\"Gespreksgegevens oktober\"}")
                        .status())
                .isEqualTo(200);
        assertThat(staff.post("/api/v1/disclosures/" + ref + "/close", "{\"note\":\"Afgehandeld\"}")
                        .status())
                .isEqualTo(200);
        db.update(
                "UPDATE authority_disclosure SET received_at = received_at - make_interval(years => ?), answered_at ="
                        + " answered_at - make_interval(years => ?), closed_at = closed_at - make_interval(years => ?)"
                        + " WHERE reference = ?",
                years,
                years,
                years,
                ref);
        return ref;
    }

    boolean demandExists(String ref) {
        return db.queryForObject("SELECT count(*) FROM authority_disclosure WHERE reference = ?", Long.class, ref) == 1;
    }

    String subject(String identifiers) {
        TestApi.Response s = staff.post(
                "/api/v1/subjects", "{\"displayName\":\"Test Persoon\",\"identifiers\":[" + identifiers + "]}");
        assertThat(s.status()).as(s.body()).isEqualTo(201);
        return s.json().path("id").asString();
    }

    void hold(String subject) {
        TestApi.Response hold = staff.post(
                "/api/v1/retention/holds",
                "{\"scope\":\"SUBJECT\",\"targetId\":\"" + subject + "\",\"reason\":\"A claim\",\"reference\":\"RB-1\","
                        + "\"reviewOn\":\""
                        + LocalDate.now(ZoneId.of("Europe/Amsterdam")).plusDays(30) + "\"}");
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);
    }

    /** A transfer to billing sent {@code years} ago: its reference. */
    String transfer(String subject, int years) {
        String reference = "INV-" + UUID.randomUUID();
        TestApi.Response t = staff.post(
                "/api/v1/recipients/billing/transfers",
                "{\"subjectId\":\"" + subject + "\",\"categories\":[\"invoices\"],\"sentAt\":\""
                        + Instant.now().minus(years * 366L, ChronoUnit.DAYS) + "\",\"reference\":\"" + reference
                        + "\"}");
        assertThat(t.status()).as(t.body()).isEqualTo(201);
        return reference;
    }

    boolean transferExists(String reference) {
        return db.queryForObject("SELECT count(*) FROM recipient_transfer WHERE reference = ?", Long.class, reference)
                == 1;
    }

    static Receipt receipt(RetentionRuns.Report report) {
        return report.receipts().stream()
                .filter(r -> r.store().equals("disclosures"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no receipt of the disclosure logs: " + report.receipts()));
    }

    @Test
    void aClosedDemandWhoseTimeIsUpGoesAndWhatMustStayStays() {
        String old = demand(number(), 6);
        String young = demand(number(), 4);
        String open = demand(number(), null);
        db.update(
                "UPDATE authority_disclosure SET received_at = received_at - interval '7 years' WHERE reference = ?",
                open);
        // The number becomes a registered person's, who is then held: the old demand about it stays.
        String heldNumber = number();
        String held = demand(heldNumber, 6);
        hold(subject("{\"kind\":\"PHONE\",\"value\":\"" + heldNumber + "\"}"));
        // The person may be told of this one only next month: the log that tells them stays until then.
        String notYet = demand(
                number(),
                6,
                "\"tell\":\"NOT_YET\",\"tellFrom\":\""
                        + LocalDate.now(ZoneId.of("Europe/Amsterdam")).plusMonths(1) + "\"");

        Receipt dry = receipt(runs.run(new RetentionRuns.Order(null, DEMANDS, true, "test")));
        assertThat(dry.removed()).isEqualTo(1);
        assertThat(dry.held()).isGreaterThanOrEqualTo(1);
        assertThat(demandExists(old)).as("a dry run changes nothing").isTrue();

        Receipt done = receipt(runs.run(new RetentionRuns.Order(null, DEMANDS, false, "test")));
        assertThat(done.removed()).isEqualTo(1);
        assertThat(demandExists(old)).isFalse();
        assertThat(demandExists(young)).isTrue();
        assertThat(demandExists(open)).as("an open demand is never due").isTrue();
        assertThat(demandExists(held)).as("its number is a held person's").isTrue();
        assertThat(demandExists(notYet))
                .as("the person may not be told of it yet")
                .isTrue();
        // A demand recorded now never gets the reference of one that went.
        String next = demand(number(), null);
        assertThat(Integer.parseInt(next.substring(8))).isGreaterThan(Integer.parseInt(old.substring(8)));
    }

    @Test
    void transfersGoSevenYearsAfterSendingExceptAHeldPersonsAndAKilledRunIsFinished() {
        String person = subject("{\"kind\":\"EMAIL\",\"value\":\"t-" + UUID.randomUUID() + "@example.nl\"}");
        List<String> due = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            due.add(transfer(person, 8));
        }
        String recent = transfer(person, 6);
        String heldPerson = subject("{\"kind\":\"EMAIL\",\"value\":\"h-" + UUID.randomUUID() + "@example.nl\"}");
        String held = transfer(heldPerson, 8);
        hold(heldPerson);
        KilledRetentionRun.check(
                runs,
                db,
                TRANSFERS,
                "disclosures",
                due,
                this::transferExists,
                n -> records.batchSize = n,
                h -> records.afterBatch = h);
        assertThat(transferExists(recent)).isTrue();
        assertThat(transferExists(held)).as("the person is under a legal hold").isTrue();
    }
}
