package nl.waarborg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import nl.waarborg.retention.internal.RetentionRuns;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The crash test of a place that expires in batches: with five items due, batches of two, and the process killed
 * after the second batch, two batches are gone and the run is left unfinished; the next run resumes it, leaves
 * nothing due and counts each item once over both runs.
 */
public final class KilledRetentionRun {

    private KilledRetentionRun() {}

    /**
     * @param row the register row whose retention runs
     * @param store the place's name, as its receipts name it
     * @param due the five items due, by the reference {@code exists} looks them up by
     * @param batchSize sets the place's batch size
     * @param afterBatch sets the place's hook after each committed batch
     */
    public static void check(
            RetentionRuns runs,
            JdbcTemplate db,
            String row,
            String store,
            List<String> due,
            Predicate<String> exists,
            IntConsumer batchSize,
            Consumer<Runnable> afterBatch) {
        assertThat(due).hasSize(5);
        assertThat(runs.run(new RetentionRuns.Order(null, row, true, "test")).receipts())
                .filteredOn(r -> r.store().equals(store))
                .singleElement()
                .satisfies(r -> assertThat(r.removed()).as("due before the run").isEqualTo(5));
        batchSize.accept(2);
        int[] batches = {0};
        afterBatch.accept(() -> {
            if (++batches[0] == 2) {
                throw new ProcessKilled();
            }
        });
        try {
            assertThatThrownBy(() -> runs.run(new RetentionRuns.Order(null, row, false, "test")))
                    .isInstanceOf(ProcessKilled.class);
        } finally {
            afterBatch.accept(() -> {});
        }
        UUID cut = db.queryForObject(
                "SELECT id FROM retention_run WHERE finished_at IS NULL AND category_key = ?", UUID.class, row);
        assertThat(due.stream().filter(exists).count())
                .as("the two committed batches of two are gone")
                .isEqualTo(1);

        RetentionRuns.Report next = runs.run(new RetentionRuns.Order(null, row, false, "test"));
        assertThat(next.resumed()).containsExactly(cut);
        long counted = db.queryForObject(
                "SELECT sum(removed) FROM retention_receipt WHERE category_key = ? AND store = ? AND run_id IN (?, ?)",
                Long.class,
                row,
                store,
                cut,
                next.runId());
        assertThat(counted).as("each item counted once over both runs").isEqualTo(5);
        assertThat(due).noneMatch(exists);
    }
}
