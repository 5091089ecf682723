package nl.waarborg.subjects.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.retention.internal.Receipt;
import nl.waarborg.retention.internal.RetentionRuns;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A retention run that dies between two batches of the built-in store (the process ends: an {@link Error} nobody
 * catches, so the run is never marked finished) is finished by the next run with the same operation id: every due
 * record goes, nothing else does, and the receipts count each record exactly once. Lives beside the built-in store
 * for its batch hook.
 */
@WaarborgTest
class RetentionCrashTests {

    static final String STATS = "website-statistics";

    /** What the JVM does when it is killed: nothing after this point runs. */
    static final class ProcessKilled extends Error {
        ProcessKilled() {
            super("the process died between two batches");
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    BuiltInStore builtIn;

    @Autowired
    RetentionRuns runs;

    @Autowired
    DataSource dataSource;

    @AfterEach
    void noHooksLeft() {
        builtIn.batchSize = BuiltInStore.BATCH;
        builtIn.afterBatch = () -> {};
    }

    @Test
    void aRunKilledBetweenBatchesIsFinishedByTheNextRunAndCountsEachRecordOnce() {
        TestRegisters.templateInForce(editor, registers);
        TestApi api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        JdbcTemplate db = new JdbcTemplate(dataSource);
        TestApi.Response org = api.post(
                "/api/v1/organisations",
                "{\"kind\":\"CONSUMER\",\"name\":\"Crash\",\"customerNumber\":\"CR-" + UUID.randomUUID() + "\"}");
        TestApi.Response subject = api.post(
                "/api/v1/subjects",
                "{\"displayName\":\"Crash Test\",\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"c-"
                        + UUID.randomUUID() + "@example.nl\"}],\"roles\":[{\"role\":\"END_USER\",\"organisationId\":\""
                        + org.json().path("id").asString() + "\"}]}");
        String person = subject.json().path("id").asString();
        List<String> due = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            TestApi.Response r = api.post(
                    "/api/v1/subjects/records",
                    "{\"category\":\"" + STATS + "\",\"subjectIds\":[\"" + person + "\"],\"collectedAt\":\"2017-0"
                            + (1 + i % 9) + "-15T10:00:00Z\",\"payload\":{\"n\":" + i + "}}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            due.add(r.json().path("id").asString());
        }
        TestApi.Response young = api.post(
                "/api/v1/subjects/records",
                "{\"category\":\"" + STATS + "\",\"subjectIds\":[\"" + person + "\"],\"payload\":{\"n\":99}}");
        String kept = young.json().path("id").asString();

        long dueNow = builtInReceipt(runs.run(new RetentionRuns.Order(null, STATS, true, "test")))
                .removed();
        assertThat(dueNow).isGreaterThanOrEqualTo(10);

        builtIn.batchSize = 4;
        int[] batches = {0};
        builtIn.afterBatch = () -> {
            if (++batches[0] == 2) {
                throw new ProcessKilled();
            }
        };
        assertThatThrownBy(() -> runs.run(new RetentionRuns.Order(null, STATS, false, "test")))
                .isInstanceOf(ProcessKilled.class);
        UUID cut = db.queryForObject(
                "SELECT id FROM retention_run WHERE finished_at IS NULL AND category_key = ?", UUID.class, STATS);
        assertThat(db.queryForObject("SELECT count(*) FROM retention_receipt WHERE run_id = ?", Long.class, cut))
                .as("a run that died wrote no receipt for the category it was in")
                .isZero();
        long left =
                db.queryForObject("SELECT count(*) FROM store_record WHERE id = ANY (?::uuid[])", Long.class, (Object)
                        due.toArray(String[]::new));
        assertThat(left).as("the two committed batches are gone").isLessThan(10);

        builtIn.afterBatch = () -> {};
        RetentionRuns.Report next = runs.run(new RetentionRuns.Order(null, STATS, false, "test"));
        assertThat(next.resumed()).containsExactly(cut);
        assertThat(db.queryForObject(
                        "SELECT finished_at IS NOT NULL FROM retention_run WHERE id = ?", Boolean.class, cut))
                .isTrue();
        long counted = db.queryForObject(
                "SELECT sum(removed) FROM retention_receipt WHERE category_key = ? AND store = 'built-in'"
                        + " AND run_id IN (?, ?)",
                Long.class,
                STATS,
                cut,
                next.runId());
        assertThat(counted).as("each record counted once over both runs").isEqualTo(dueNow);
        assertThat(builtInReceipt(next).removed())
                .as("nothing was left for the new run")
                .isZero();
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM store_record WHERE id = ANY (?::uuid[])", Long.class, (Object)
                                due.toArray(String[]::new)))
                .isZero();
        assertThat(db.queryForObject("SELECT count(*) FROM store_record WHERE id = ?::uuid", Long.class, kept))
                .isEqualTo(1);
        // Running once more writes no second receipt for the finished run.
        runs.run(new RetentionRuns.Order(null, STATS, false, "test"));
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM retention_receipt WHERE run_id = ? AND category_key = ?",
                        Long.class,
                        cut,
                        STATS))
                .isEqualTo(1);
    }

    static Receipt builtInReceipt(RetentionRuns.Report report) {
        return report.receipts().stream()
                .filter(r -> r.store().equals("built-in"))
                .findFirst()
                .orElseThrow();
    }
}
