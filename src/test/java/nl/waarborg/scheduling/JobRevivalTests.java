package nl.waarborg.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import nl.waarborg.WaarborgTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A job that was running when its process was killed is left marked as picked by that process. The next instance
 * must take it up once the dead one has missed its heartbeats, not half an hour later: events-resubmission stuck that
 * way kept a killed listener's event unhandled (found as a failing {@code DurableEventsTests}).
 */
@WaarborgTest
@TestPropertySource(properties = "waarborg.scheduling.heartbeat-interval=1s")
class JobRevivalTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aJobLeftPickedByAKilledInstanceRunsAgainAfterItsMissedHeartbeats() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> lastSuccess() != null);
        Instant killedAt = Instant.now();
        // What a kill -9 in the middle of the job leaves: picked by an instance whose heartbeats stopped.
        int updated = jdbc.sql("UPDATE scheduled_tasks SET picked = true, picked_by = 'killed-instance',"
                        + " last_heartbeat = ?, execution_time = ?, version = version + 1"
                        + " WHERE task_name = ?")
                .params(Timestamp.from(killedAt), Timestamp.from(killedAt), EventResubmission.JOB)
                .update();
        assertThat(updated).isEqualTo(1);

        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> lastSuccess() != null && lastSuccess().isAfter(killedAt));
        assertThat(jdbc.sql("SELECT picked FROM scheduled_tasks WHERE task_name = ?")
                        .param(EventResubmission.JOB)
                        .query(Boolean.class)
                        .single())
                .isFalse();
    }

    private Instant lastSuccess() {
        return jdbc.sql("SELECT last_success FROM scheduled_tasks WHERE task_name = ?")
                .param(EventResubmission.JOB)
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant)
                .orElse(null);
    }
}
