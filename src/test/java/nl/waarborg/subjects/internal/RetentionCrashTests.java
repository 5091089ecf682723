package nl.waarborg.subjects.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import nl.waarborg.ProcessKilled;
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

    @Autowired
    nl.waarborg.subjects.SubjectsProperties properties;

    /**
     * The same with call recordings in the category: the run dies in the built-in store, before the recordings are
     * asked; the next run deletes them, index rows and audio files, and keeps the recent one whole. No file is left
     * without its row and no row without its file.
     */
    @Test
    void recordingsOfAKilledRunGoWithTheirFilesAtTheNextRunAndNothingIsLeftHalf() throws Exception {
        TestRegisters.templateInForce(editor, registers);
        TestApi api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        JdbcTemplate db = new JdbcTemplate(dataSource);
        String calls = "support-calls"; // 30 days after collection; the recordings without a service follow it
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            old.add(recording(api, "2025-01-1" + i + "T09:00:00Z"));
        }
        String recent =
                recording(api, java.time.Instant.now().minusSeconds(3600).toString());
        TestApi.Response org = api.post(
                "/api/v1/organisations",
                "{\"kind\":\"CONSUMER\",\"name\":\"Calls\",\"customerNumber\":\"CC-" + UUID.randomUUID() + "\"}");
        TestApi.Response person = api.post(
                "/api/v1/subjects",
                "{\"displayName\":\"Caller Crash\",\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"cc-"
                        + UUID.randomUUID() + "@example.nl\"}],\"roles\":[{\"role\":\"END_USER\",\"organisationId\":\""
                        + org.json().path("id").asString() + "\"}]}");
        String caller = person.json().path("id").asString();
        for (int i = 0; i < 6; i++) {
            TestApi.Response r = api.post(
                    "/api/v1/subjects/records",
                    "{\"category\":\"" + calls + "\",\"subjectIds\":[\"" + caller + "\"],\"collectedAt\":\"2025-02-0"
                            + (1 + i) + "T10:00:00Z\",\"payload\":{\"note\":\"call " + i + "\"}}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        java.util.Map<String, java.nio.file.Path> files = new java.util.HashMap<>();
        for (String id : old) {
            files.put(id, file(db, id));
        }
        java.nio.file.Path recentFile = file(db, recent);
        assertThat(files.values()).allMatch(java.nio.file.Files::exists);

        RetentionRuns.Report dry = runs.run(new RetentionRuns.Order(null, calls, true, "test"));
        long recordingsDue = dry.receipts().stream()
                .filter(r -> r.store().equals("recordings"))
                .mapToLong(Receipt::removed)
                .sum();
        assertThat(recordingsDue).isGreaterThanOrEqualTo(3);

        builtIn.batchSize = 2;
        int[] batches = {0};
        builtIn.afterBatch = () -> {
            if (++batches[0] == 2) {
                throw new ProcessKilled();
            }
        };
        assertThatThrownBy(() -> runs.run(new RetentionRuns.Order(null, calls, false, "test")))
                .isInstanceOf(ProcessKilled.class);
        assertThat(old).as("the recordings were not reached").allMatch(id -> exists(db, id));
        assertThat(files.values()).allMatch(java.nio.file.Files::exists);

        builtIn.afterBatch = () -> {};
        RetentionRuns.Report next = runs.run(new RetentionRuns.Order(null, calls, false, "test"));
        assertThat(next.resumed()).hasSize(1);
        UUID cut = next.resumed().get(0);
        assertThat(old).noneMatch(id -> exists(db, id));
        assertThat(files.values()).as("their audio is gone with them").noneMatch(java.nio.file.Files::exists);
        assertThat(exists(db, recent)).isTrue();
        assertThat(recentFile).exists();
        assertThat(db.queryForObject(
                        "SELECT sum(removed) FROM retention_receipt WHERE run_id = ? AND store = 'recordings'",
                        Long.class,
                        cut))
                .as("each recording counted once")
                .isEqualTo(recordingsDue);
        // Nothing half: the queue of files to remove holds none of ours that still exists on disk.
        for (String queued : db.queryForList("SELECT file_name FROM recording_file_deletion", String.class)) {
            assertThat(properties.recordingsPath().resolve(queued)).doesNotExist();
        }
    }

    String recording(TestApi api, String startedAt) {
        TestApi.Response r = api.post(
                "/api/v1/subjects/recordings?callId=crash-" + UUID.randomUUID() + "&caller=%2B31612345678"
                        + "&callee=%2B31207000100&startedAt=" + startedAt,
                "audio/wav",
                DemoData.silence());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asString();
    }

    java.nio.file.Path file(JdbcTemplate db, String id) {
        return properties
                .recordingsPath()
                .resolve(
                        db.queryForObject("SELECT file_name FROM call_recording WHERE id = ?::uuid", String.class, id));
    }

    static boolean exists(JdbcTemplate db, String id) {
        return db.queryForObject("SELECT count(*) FROM call_recording WHERE id = ?::uuid", Long.class, id) == 1;
    }

    static Receipt builtInReceipt(RetentionRuns.Report report) {
        return report.receipts().stream()
                .filter(r -> r.store().equals("built-in"))
                .findFirst()
                .orElseThrow();
    }
}
