package nl.waarborg.scheduling;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** What the scheduler knows of each job: when it runs next and how its last runs went. */
@Service
public class ScheduledJobs {

    private final JdbcClient jdbc;

    ScheduledJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record JobState(
            String name, Instant nextRun, Instant lastSuccess, Instant lastFailure, int consecutiveFailures) {
        public boolean healthy() {
            return consecutiveFailures == 0;
        }
    }

    public List<JobState> list() {
        return jdbc.sql("""
                        SELECT task_name, execution_time, last_success, last_failure, coalesce(consecutive_failures, 0) AS failures
                          FROM scheduled_tasks ORDER BY task_name, task_instance
                        """)
                .query((rs, n) -> new JobState(
                        rs.getString("task_name"),
                        toInstant(rs.getTimestamp("execution_time")),
                        toInstant(rs.getTimestamp("last_success")),
                        toInstant(rs.getTimestamp("last_failure")),
                        rs.getInt("failures")))
                .list();
    }

    private static Instant toInstant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
