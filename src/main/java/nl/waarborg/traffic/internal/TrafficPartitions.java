package nl.waarborg.traffic.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The daily partitions of {@code traffic_cdr}: one per Amsterdam day ({@code traffic_cdr_pYYYYMMDD}), the day a call
 * counts its retention from, so that all calls of a partition are due on the same day and retention drops it whole
 * (migration {@code V20261206_0100}; a partition spans 23 or 25 hours on the days the clocks change). Created ahead
 * by a scheduled job, on demand by an import holding other days, and dropped whole by retention.
 */
@Service
class TrafficPartitions {

    private static final Logger log = LoggerFactory.getLogger(TrafficPartitions.class);
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String PREFIX = "traffic_cdr_p";
    // Serialises partition DDL between imports, the job and other instances sharing the database.
    private static final long LOCK = 0x7472616666696301L;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final TrafficProperties properties;

    TrafficPartitions(
            JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, TrafficProperties properties) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.properties = properties;
    }

    /** The zone of the partitions' days: retention's (see {@code Dates} there), which is Waarborg's one zone. */
    static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

    static LocalDate today(Clock clock) {
        return dayOf(clock.instant());
    }

    /** The day, and so the partition, of a call that started at {@code start}. */
    static LocalDate dayOf(Instant start) {
        return LocalDate.ofInstant(start, ZONE);
    }

    /** The first instant of a day's partition; the next day's is its end. */
    static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZONE).toInstant();
    }

    /** Today and the configured number of days after it. */
    List<LocalDate> ensureAhead() {
        LocalDate today = today(clock);
        List<LocalDate> days = new ArrayList<>();
        for (int i = 0; i <= properties.partitionsAhead(); i++) {
            days.add(today.plusDays(i));
        }
        return ensure(days);
    }

    /** Creates the partitions that do not exist yet; answers the days created. */
    List<LocalDate> ensure(Collection<LocalDate> days) {
        Set<LocalDate> missing = new TreeSet<>(days);
        missing.removeAll(existingDays());
        if (missing.isEmpty()) {
            return List.of();
        }
        List<LocalDate> created = tx.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LOCK).query().singleValue();
            Set<LocalDate> stillMissing = new TreeSet<>(missing);
            stillMissing.removeAll(existingDays());
            for (LocalDate day : stillMissing) {
                jdbc.sql("CREATE TABLE IF NOT EXISTS " + name(day) + " PARTITION OF traffic_cdr FOR VALUES FROM ('"
                                + startOf(day) + "') TO ('" + startOf(day.plusDays(1)) + "')")
                        .update();
                countRowsOf(day);
            }
            return List.copyOf(stillMissing);
        });
        if (!created.isEmpty()) {
            log.info(
                    "Created {} traffic-data partition(s), {} to {}",
                    created.size(),
                    created.get(0),
                    created.get(created.size() - 1));
        }
        return created;
    }

    List<LocalDate> existingDays() {
        return jdbc.sql("""
                        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                         WHERE i.inhparent = 'traffic_cdr'::regclass ORDER BY c.relname
                        """).query(String.class).list().stream()
                .filter(n -> n.startsWith(PREFIX))
                .map(n -> LocalDate.parse(n.substring(PREFIX.length()), SUFFIX))
                .toList();
    }

    /** Drops the partitions of every day before {@code day}, each in one statement: nothing half-deleted. */
    List<LocalDate> dropBefore(LocalDate day) {
        return tx.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LOCK).query().singleValue();
            List<LocalDate> dropped =
                    existingDays().stream().filter(d -> d.isBefore(day)).toList();
            for (LocalDate d : dropped) {
                jdbc.sql("DROP TABLE " + name(d)).update();
                forgetRows(d);
            }
            return dropped;
        });
    }

    /**
     * Drops one day's partition inside the caller's transaction, under the partition lock, and answers how many calls
     * it held. The partition is locked first, so no import can add a call between the count read and the drop.
     */
    long drop(LocalDate day) {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LOCK).query().singleValue();
        if (!existingDays().contains(day)) {
            forgetRows(day);
            return 0;
        }
        jdbc.sql("LOCK TABLE " + name(day) + " IN ACCESS EXCLUSIVE MODE").update();
        long rows = rows(day);
        jdbc.sql("DROP TABLE " + name(day)).update();
        forgetRows(day);
        return rows;
    }

    /**
     * The calls a day's partition holds, as kept by the triggers of migration {@code V20261205_0100}; counted from
     * the rows only when that count is missing (a partition filled before the triggers, or by SQL aimed at the
     * partition table itself).
     */
    long rows(LocalDate day) {
        return jdbc.sql("SELECT rows FROM traffic_day_rows WHERE day = ?")
                .param(day)
                .query(Long.class)
                .optional()
                .orElseGet(() -> jdbc.sql("SELECT count(*) FROM " + name(day))
                        .query(Long.class)
                        .single());
    }

    /**
     * The day-count triggers of migration {@code V20261205_0100} on one partition: a statement fires the statement
     * triggers of the table it names only, so SQL aimed at the partition itself is counted by these, SQL through
     * {@code traffic_cdr} by the parent's.
     */
    private void countRowsOf(LocalDate day) {
        jdbc.sql("CREATE TRIGGER traffic_cdr_rows_inserted AFTER INSERT ON " + name(day)
                        + " REFERENCING NEW TABLE AS inserted_calls FOR EACH STATEMENT"
                        + " EXECUTE FUNCTION traffic_day_rows_inserted()")
                .update();
        jdbc.sql("CREATE TRIGGER traffic_cdr_rows_deleted AFTER DELETE ON " + name(day)
                        + " REFERENCING OLD TABLE AS deleted_calls FOR EACH STATEMENT"
                        + " EXECUTE FUNCTION traffic_day_rows_deleted()")
                .update();
    }

    private void forgetRows(LocalDate day) {
        jdbc.sql("DELETE FROM traffic_day_rows WHERE day = ?").param(day).update();
    }

    static String name(LocalDate day) {
        return PREFIX + SUFFIX.format(day);
    }
}
