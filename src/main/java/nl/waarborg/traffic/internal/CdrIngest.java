package nl.waarborg.traffic.internal;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.subjects.Identifiers;
import nl.waarborg.traffic.TrafficException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Streams a CDR file into {@code traffic_cdr}: each line is parsed, its numbers normalised to E.164 and the row
 * written into a running COPY to a temporary staging table; every {@code batch-rows} rows the batch moves into the
 * partitioned table with {@code ON CONFLICT DO NOTHING} and commits. So a file imported twice adds nothing, and an
 * import cut off half-way keeps its committed batches and is completed by sending the same file again.
 */
@Service
public class CdrIngest {

    private static final Logger log = LoggerFactory.getLogger(CdrIngest.class);
    private static final int NUMBER_CACHE = 100_000;
    // Rows whose start is this far from today are typos (year 1970, 2099), not calls: no partition for them.
    private static final Duration MAX_PAST = Duration.ofDays(366 * 20);
    private static final Duration MAX_FUTURE = Duration.ofDays(366);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TrafficPartitions partitions;
    private final TrafficProperties properties;
    private final AuditTrail audit;
    private final Clock clock;

    CdrIngest(
            DataSource dataSource,
            JdbcClient jdbc,
            TrafficPartitions partitions,
            TrafficProperties properties,
            AuditTrail audit,
            Clock clock) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.partitions = partitions;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
    }

    CdrLineParser parserFor(CdrFormat format) {
        return parserFor(format, properties);
    }

    static CdrLineParser parserFor(CdrFormat format, TrafficProperties properties) {
        return switch (format) {
            case ASTERISK ->
                new AsteriskCdrParser(
                        new FieldLayout("asterisk-cdr_csv", FieldLayout.ASTERISK_CSV, 16, properties.pbxZone()),
                        new FieldLayout(
                                "asterisk-cdr_custom",
                                properties.asteriskCustomFields(),
                                properties.asteriskCustomFields().size(),
                                properties.pbxZone()));
            case FREESWITCH ->
                new CsvCdrParser(
                        "freeswitch",
                        new FieldLayout(
                                "freeswitch-cdr_csv",
                                FieldLayout.FREESWITCH_DEFAULT,
                                FieldLayout.FREESWITCH_DEFAULT.size(),
                                properties.pbxZone()));
            case THREECX ->
                new CsvCdrParser(
                        "3cx",
                        new FieldLayout(
                                "3cx",
                                properties.threecxFields(),
                                properties.threecxFields().size(),
                                properties.threecxZone()));
            case JSONL -> new JsonLinesCdrParser(properties.pbxZone());
        };
    }

    public IngestResult ingest(CdrFormat format, InputStream in) {
        return ingest(format, in, properties.batchRows());
    }

    IngestResult ingest(CdrFormat format, InputStream in, int batchSize) {
        UUID importId = UUID.randomUUID();
        jdbc.sql("INSERT INTO traffic_import (id, format, started_at) VALUES (?, ?, ?)")
                .params(importId, format.key, java.sql.Timestamp.from(clock.instant()))
                .update();
        Run run = new Run(importId, format, parserFor(format), batchSize);
        RuntimeException failure = null;
        try {
            run.execute(in);
        } catch (RuntimeException e) {
            failure = e;
        }
        // A file of which every record was rejected is no success, though the import ran to its end.
        String outcome = failure != null
                ? "INTERRUPTED"
                : run.read > 0 && run.rejected == run.read ? IngestResult.REJECTED : IngestResult.DONE;
        jdbc.sql("""
                        UPDATE traffic_import SET finished_at = ?, rows_read = ?, rows_added = ?, duplicates = ?,
                               rejected = ?, outcome = ? WHERE id = ?
                        """)
                .params(
                        java.sql.Timestamp.from(clock.instant()),
                        run.committedRead,
                        run.added,
                        run.duplicates,
                        run.committedRejected,
                        outcome,
                        importId)
                .update();
        String variant = run.parser.variant() == null ? format.key : run.parser.variant();
        audit.record(AuditRecord.of(AuditAction.CREATE, "traffic_import", importId)
                .detail("format", variant)
                .detail("read", Long.toString(run.committedRead))
                .detail("added", Long.toString(run.added))
                .detail("duplicates", Long.toString(run.duplicates))
                .detail("rejected", Long.toString(run.committedRejected))
                .detail("outcome", outcome));
        log.info(
                "CDR import {} ({}) {}: {} read, {} added, {} duplicates, {} rejected",
                importId,
                variant,
                outcome,
                run.committedRead,
                run.added,
                run.duplicates,
                run.committedRejected);
        if (failure != null) {
            log.warn("CDR import {} stopped: {}", importId, failure.getClass().getName());
            throw new TrafficException(
                    Kind.INVALID,
                    "import-interrupted",
                    null,
                    "The import stopped after " + run.committedRead + " records (" + run.added + " added). Send the"
                            + " same file again: records already stored are skipped.");
        }
        return run.result(outcome);
    }

    /** One import's state: counters, the rejected lines and the COPY in progress. */
    private final class Run {
        final UUID importId;
        final CdrFormat format;
        final CdrLineParser parser;
        final List<IngestResult.Rejection> rejections = new ArrayList<>();
        // Least recently used out first: a file's trunk and subscriber numbers stay while one-off numbers pass.
        final Map<String, String> numbers = new LinkedHashMap<>(1 << 16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > NUMBER_CACHE;
            }
        };
        final Set<Long> batchDays = new HashSet<>();
        final CopyEncoder encoder = new CopyEncoder();
        final Instant earliest;
        final Instant latest;
        long read;
        long rejected;
        // Written by the mover thread; read after its futures completed, which orders the accesses.
        volatile long committedRead;
        volatile long committedRejected;
        volatile long added;
        volatile long duplicates;
        long batchRows;
        final int batchSize;

        Run(UUID importId, CdrFormat format, CdrLineParser parser, int batchSize) {
            this.batchSize = batchSize;
            this.importId = importId;
            this.format = format;
            this.parser = parser;
            Instant now = clock.instant();
            this.earliest = now.minus(MAX_PAST);
            this.latest = now.plus(MAX_FUTURE);
        }

        void execute(InputStream in) {
            ExecutorService mover = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "cdr-import-" + importId);
                t.setDaemon(true);
                return t;
            });
            Lane[] lanes = new Lane[2];
            try {
                for (int i = 0; i < lanes.length; i++) {
                    lanes[i] = new Lane(dataSource.getConnection());
                }
                stream(lanes, mover, in);
            } catch (SQLException | IOException e) {
                throw new IllegalStateException(e);
            } finally {
                mover.shutdown();
                for (Lane lane : lanes) {
                    if (lane != null) {
                        lane.close();
                    }
                }
            }
        }

        /**
         * Two lanes (connections with their own staging table) take turns: while one batch moves from its staging
         * table into {@code traffic_cdr} on the mover thread, the next batch is parsed and copied into the other lane.
         * So parsing in Java and index maintenance in PostgreSQL run at the same time on different cores. Batches
         * commit in order, so an interrupted import always keeps a prefix of the file.
         */
        private void stream(Lane[] lanes, ExecutorService mover, InputStream in) throws SQLException, IOException {
            int turn = 0;
            Lane lane = lanes[0];
            lane.startCopy();
            encoder.start(lane.copy);
            try {
                CdrReader reader = new CdrReader(in, format != CdrFormat.JSONL, parser, earliest, latest);
                while (reader.next()) {
                    read++;
                    CdrRow row = reader.row();
                    if (row == null) {
                        reject(reader.line(), reader.rejection());
                        continue;
                    }
                    encoder.row(row, format.key, normalised(row.callingRaw()), normalised(row.calledRaw()));
                    batchDays.add(Math.floorDiv(row.start().getEpochSecond(), 86_400L));
                    if (++batchRows >= batchSize) {
                        encoder.flush();
                        lane.endCopy();
                        lane.pending = mover.submit(move(lane));
                        turn = 1 - turn;
                        lane = lanes[turn];
                        lane.awaitPending();
                        lane.startCopy();
                        encoder.start(lane.copy);
                    }
                }
                encoder.flush();
                lane.endCopy();
                lane.pending = mover.submit(move(lane));
                for (Lane l : lanes) {
                    l.awaitPending();
                }
            } catch (SQLException | IOException | RuntimeException e) {
                abandon(lanes, lane);
                throw e;
            }
        }

        /** The batch as it stands, to be moved into the partitioned table on the mover thread. */
        private Callable<Void> move(Lane lane) {
            long rows = batchRows;
            List<LocalDate> days = batchDays.stream().map(LocalDate::ofEpochDay).toList();
            long readSoFar = read;
            long rejectedSoFar = rejected;
            batchRows = 0;
            batchDays.clear();
            return () -> {
                if (rows > 0) {
                    partitions.ensure(days);
                    try (PreparedStatement insert = lane.connection.prepareStatement("INSERT INTO traffic_cdr ("
                            + CopyEncoder.COLUMNS + ", import_id) SELECT " + CopyEncoder.COLUMNS
                            + ", ? FROM traffic_cdr_stage ON CONFLICT DO NOTHING")) {
                        insert.setObject(1, importId);
                        int inserted = insert.executeUpdate();
                        lane.connection.commit();
                        added += inserted;
                        duplicates += rows - inserted;
                    }
                } else {
                    lane.connection.commit();
                }
                committedRead = readSoFar;
                committedRejected = rejectedSoFar;
                return null;
            };
        }

        /** Stops the COPY in progress; batches already handed to the mover finish and stay. */
        private void abandon(Lane[] lanes, Lane current) {
            current.cancelCopy();
            for (Lane l : lanes) {
                try {
                    l.awaitPending();
                } catch (RuntimeException | SQLException ignored) {
                    // The first failure is the one reported.
                }
            }
            current.rollback();
        }

        private void reject(long line, String reason) {
            rejected++;
            if (rejections.size() < properties.maxRejections()) {
                rejections.add(new IngestResult.Rejection(line, reason));
            }
        }

        /** E.164 or null; cached because a file repeats the same trunk and customer numbers many times. */
        private String normalised(String raw) {
            if (raw == null) {
                return null;
            }
            String cached = numbers.get(raw);
            if (cached == null) {
                cached = Identifiers.phone(raw).orElse("");
                numbers.put(raw, cached);
            }
            return cached.isEmpty() ? null : cached;
        }

        private String message(String outcome) {
            if (IngestResult.REJECTED.equals(outcome)) {
                return read == 1
                        ? "Nothing was imported: the only record was rejected."
                        : "Nothing was imported: all " + read + " records were rejected.";
            }
            return read + (read == 1 ? " record" : " records") + " read: " + added + " added, " + duplicates
                    + " already stored, " + rejected + " rejected.";
        }

        IngestResult result(String outcome) {
            return new IngestResult(
                    importId,
                    format.key,
                    parser.variant(),
                    outcome,
                    message(outcome),
                    read,
                    added,
                    duplicates,
                    rejected,
                    List.copyOf(rejections),
                    rejected > rejections.size());
        }
    }

    /** One connection with its own staging table and the COPY running into it. */
    private static final class Lane {
        final Connection connection;
        final CopyManager copies;
        CopyIn copy;
        Future<Void> pending;

        Lane(Connection connection) throws SQLException {
            this.connection = connection;
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                // Temporary, so unlogged and private to this connection; emptied at every commit.
                s.execute("CREATE TEMPORARY TABLE IF NOT EXISTS traffic_cdr_stage ON COMMIT DELETE ROWS AS SELECT "
                        + CopyEncoder.COLUMNS + " FROM traffic_cdr WITH NO DATA");
            }
            connection.commit();
            this.copies = connection.unwrap(PGConnection.class).getCopyAPI();
        }

        void startCopy() throws SQLException {
            copy = copies.copyIn("COPY traffic_cdr_stage (" + CopyEncoder.COLUMNS + ") FROM STDIN");
        }

        void endCopy() throws SQLException {
            copy.endCopy();
        }

        void awaitPending() throws SQLException {
            if (pending == null) {
                return;
            }
            try {
                pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while a batch was stored", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                pending = null;
            }
        }

        void cancelCopy() {
            try {
                if (copy != null && copy.isActive()) {
                    copy.cancelCopy();
                }
            } catch (SQLException ignored) {
                // The connection is rolled back and closed next; nothing more to undo.
            }
        }

        void rollback() {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // Closing the connection rolls back as well.
            }
        }

        void close() {
            try {
                cancelCopy();
                rollback();
                connection.setAutoCommit(true);
                try (Statement s = connection.createStatement()) {
                    // Pooled connections live on: leave no temporary table behind.
                    s.execute("DROP TABLE IF EXISTS traffic_cdr_stage");
                }
            } catch (SQLException ignored) {
                // A broken connection takes its temporary table with it.
            } finally {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // Already gone.
                }
            }
        }
    }
}
