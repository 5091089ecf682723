package nl.waarborg.traffic.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
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
 * encoded for COPY; every {@code batch-rows} rows the batch is copied into its days' partitions and committed, on a
 * second thread while the next batch is parsed. A batch holding a call already stored goes through a staging table
 * with {@code ON CONFLICT DO NOTHING} instead. So a file imported twice adds nothing, and an import cut off half-way
 * keeps its committed batches and is completed by sending the same file again.
 */
@Service
public class CdrIngest {

    private static final Logger log = LoggerFactory.getLogger(CdrIngest.class);
    private static final int NUMBER_CACHE = 100_000;
    // Different contexts and dispositions one file may name: a PBX has a handful of each.
    static final int MAX_LABELS = 10_000;
    private static final int CHUNK = 1 << 16;
    private static final String DEADLOCK = "40P01";
    // A call already stored, or two loaders that each wait for a call the other holds.
    private static final Set<String> CONFLICTS = Set.of("23505", DEADLOCK);
    // Batches loaded at once, each on a connection of its own: with parsing on the caller's thread, PostgreSQL's
    // loading of one batch no longer waits for the other's index maintenance, and both cores work.
    static final int LOADERS = 2;
    // Rows whose start is this far from today are typos (year 1970, 2099), not calls: no partition for them.
    private static final Duration MAX_PAST = Duration.ofDays(366 * 20);
    private static final Duration MAX_FUTURE = Duration.ofDays(366);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TrafficPartitions partitions;
    private final TrafficProperties properties;
    private final TrafficLabels labels;
    private final AuditTrail audit;
    private final Clock clock;

    CdrIngest(
            DataSource dataSource,
            JdbcClient jdbc,
            TrafficPartitions partitions,
            TrafficProperties properties,
            TrafficLabels labels,
            AuditTrail audit,
            Clock clock) {
        this.labels = labels;
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
        int importNo = jdbc.sql("INSERT INTO traffic_import (id, format, started_at) VALUES (?, ?, ?) RETURNING no")
                .params(importId, format.key, java.sql.Timestamp.from(clock.instant()))
                .query(Integer.class)
                .single();
        Run run = new Run(importId, importNo, format, parserFor(format), batchSize);
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
                    // Batches load two at a time: some after the first N may be stored too, and count as added.
                    "The import stopped: the first " + run.committedRead + " records are stored (" + run.added
                            + " calls added in all). Send the same file again: records already stored are skipped.");
        }
        return run.result(outcome);
    }

    /** One import's state: counters, the rejected lines and the batch being filled. */
    private final class Run {
        final UUID importId;
        final int importNo;
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
        // The labels this import uses; a file naming more is no PBX's and its further rows are rejected.
        final Map<String, Integer> labelIds = new HashMap<>();
        final Instant earliest;
        final Instant latest;
        long read;
        long rejected;
        // Written by the loader threads under the Run's lock; read after their futures completed.
        volatile long committedRead;
        volatile long committedRejected;
        volatile long added;
        volatile long duplicates;
        long sealed;
        long nextSequence;
        // Read and rejected counts of batches stored while one before them was still loading.
        final Map<Long, long[]> storedBatches = new HashMap<>();
        final int batchSize;

        Run(UUID importId, int importNo, CdrFormat format, CdrLineParser parser, int batchSize) {
            this.batchSize = batchSize;
            this.importId = importId;
            this.importNo = importNo;
            this.format = format;
            this.parser = parser;
            Instant now = clock.instant();
            this.earliest = now.minus(MAX_PAST);
            this.latest = now.plus(MAX_FUTURE);
        }

        /**
         * Parses and encodes batch after batch on the caller's thread while the batches before are written by {@link
         * #LOADERS} loader threads, each on a connection of its own: parsing in Java and loading in PostgreSQL run at
         * the same time on both cores. At most {@code LOADERS + 1} batches are held, so memory stays flat whatever the
         * file's size. An interrupted import keeps whole batches; what it reports as read is the longest run of stored
         * batches from the file's start.
         */
        void execute(InputStream in) {
            ExecutorService movers = Executors.newFixedThreadPool(LOADERS, r -> {
                Thread t = new Thread(r, "cdr-import-" + importId);
                t.setDaemon(true);
                return t;
            });
            Loader[] loaders = new Loader[LOADERS];
            // The batches handed over and not known to be stored yet, oldest first.
            java.util.ArrayDeque<Future<Void>> inFlight = new java.util.ArrayDeque<>();
            long handedOver = 0;
            try {
                for (int i = 0; i < LOADERS; i++) {
                    loaders[i] = new Loader(dataSource.getConnection());
                }
                Batch batch = new Batch();
                CdrReader reader = new CdrReader(in, format != CdrFormat.JSONL, parser, earliest, latest);
                while (reader.next()) {
                    read++;
                    CdrRow row = reader.row();
                    if (row == null) {
                        reject(reader.line(), reader.rejection());
                        continue;
                    }
                    Integer context = label(row.context());
                    Integer disposition = label(row.disposition());
                    if ((row.context() != null && context == null)
                            || (row.disposition() != null && disposition == null)) {
                        reject(
                                reader.line(),
                                "more than " + MAX_LABELS + " different contexts and dispositions in one file");
                        continue;
                    }
                    batch.add(
                            row,
                            importNo,
                            normalised(row.callingRaw()),
                            normalised(row.calledRaw()),
                            context,
                            disposition);
                    if (batch.rows >= batchSize) {
                        handOver(movers, loaders[(int) (handedOver++ % LOADERS)], inFlight, batch);
                        batch = new Batch();
                    }
                }
                handOver(movers, loaders[(int) (handedOver % LOADERS)], inFlight, batch);
                while (!inFlight.isEmpty()) {
                    await(inFlight.peek());
                    inFlight.poll();
                }
            } catch (SQLException | IOException e) {
                throw new IllegalStateException(e);
            } finally {
                // What was handed over finishes and stays (the batch being filled is dropped), and no connection is
                // closed under a loader still writing on it.
                inFlight.forEach(CdrIngest::awaitUninterruptibly);
                movers.shutdown();
                for (Loader loader : loaders) {
                    if (loader != null) {
                        loader.close();
                    }
                }
            }
        }

        /**
         * Hands the batch to a loader once the batch that loader had before is stored, so that at most {@link
         * #LOADERS} batches are loaded at once and one more is filled.
         */
        private void handOver(
                ExecutorService movers, Loader loader, java.util.ArrayDeque<Future<Void>> inFlight, Batch batch)
                throws SQLException {
            while (inFlight.size() >= LOADERS) {
                await(inFlight.peek());
                inFlight.poll();
            }
            batch.seal(sealed++, read, rejected);
            inFlight.add(movers.submit(() -> {
                store(loader, batch);
                return null;
            }));
        }

        /**
         * Writes the batch straight into each day's partition with COPY, as fast as PostgreSQL loads a table; a call
         * already stored (the file sent again, or a record twice in it) fails that COPY, and the batch then goes the
         * careful way: into a staging table and from there only the calls not yet stored. Two batches loading at once
         * that hold the same call may wait for each other: PostgreSQL then stops one, which goes the careful way too.
         */
        private void store(Loader loader, Batch batch) throws SQLException {
            long inserted = 0;
            if (batch.rows > 0) {
                partitions.ensure(
                        batch.days.keySet().stream().map(LocalDate::ofEpochDay).toList());
                try {
                    loader.asynchronous();
                    for (Map.Entry<Long, DayRows> day : batch.days.entrySet()) {
                        loader.copy(TrafficPartitions.name(LocalDate.ofEpochDay(day.getKey())), day.getValue());
                    }
                    loader.connection.commit();
                    inserted = batch.rows;
                } catch (SQLException e) {
                    loader.rollback();
                    if (!CONFLICTS.contains(e.getSQLState())) {
                        throw e;
                    }
                    inserted = loader.deduplicated(batch);
                }
            }
            stored(batch, inserted);
        }

        /** Counts a stored batch; what an interruption reports as kept is the longest run of stored batches. */
        private synchronized void stored(Batch batch, long inserted) {
            added += inserted;
            duplicates += batch.rows - inserted;
            storedBatches.put(batch.sequence, new long[] {batch.readSoFar, batch.rejectedSoFar});
            long[] next;
            while ((next = storedBatches.remove(nextSequence)) != null) {
                nextSequence++;
                committedRead = next[0];
                committedRejected = next[1];
            }
        }

        private Integer label(String raw) {
            if (raw == null) {
                return null;
            }
            // As CopyEncoder does with every text: PostgreSQL text cannot hold NUL, and a PBX never means it.
            String value = raw.indexOf('\0') < 0 ? raw : raw.replace("\0", "");
            Integer id = labelIds.get(value);
            if (id == null && labelIds.size() < MAX_LABELS) {
                id = labels.id(value);
                labelIds.put(value, id);
            }
            return id;
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
                // A number whose digits do not fit in a bigint (a nineteen-digit number libphonenumber calls
                // possible) is kept as written, like an extension, instead of failing the import.
                cached = Identifiers.phone(raw).filter(CdrForms::storable).orElse("");
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

    /** Waits for a loader to finish, also when this thread is interrupted (the interrupt is kept); ignores failures. */
    private static void awaitUninterruptibly(Future<Void> pending) {
        boolean interrupted = false;
        while (true) {
            try {
                pending.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                // The first failure is the one reported.
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(Future<Void> pending) throws SQLException {
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
        }
    }

    /** The calls of one batch, encoded for COPY and kept per (Amsterdam) day, the partition they go to. */
    private static final class Batch {
        final Map<Long, DayRows> days = new TreeMap<>();
        // The last row's day and its bounds: a file's rows come mostly in time order, so the zone is seldom asked.
        private long day;
        private long dayStart = Long.MAX_VALUE;
        private long dayEnd = Long.MIN_VALUE;
        long sequence;
        long rows;
        long readSoFar;
        long rejectedSoFar;

        void add(CdrRow row, int importNo, String calling, String called, Integer context, Integer disposition) {
            // Day bounds are whole seconds, so the start cut to microseconds (CopyEncoder) lies in the same day.
            long second = row.start().getEpochSecond();
            if (second < dayStart || second >= dayEnd) {
                LocalDate date = TrafficPartitions.dayOf(row.start());
                day = date.toEpochDay();
                dayStart = TrafficPartitions.startOf(date).getEpochSecond();
                dayEnd = TrafficPartitions.startOf(date.plusDays(1)).getEpochSecond();
            }
            DayRows rowsOfDay = days.computeIfAbsent(day, d -> new DayRows());
            CopyEncoder.row(rowsOfDay.text, row, importNo, calling, called, context, disposition);
            rowsOfDay.rows++;
            rows++;
            if (rowsOfDay.text.length() >= CHUNK) {
                rowsOfDay.flush();
            }
        }

        void seal(long sequence, long readSoFar, long rejectedSoFar) {
            this.sequence = sequence;
            this.readSoFar = readSoFar;
            this.rejectedSoFar = rejectedSoFar;
            days.values().forEach(DayRows::flush);
        }
    }

    /** One day's rows of a batch as UTF-8 chunks of about 64 KB. */
    private static final class DayRows {
        final List<byte[]> chunks = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        long rows;

        void flush() {
            if (text.length() > 0) {
                chunks.add(text.toString().getBytes(StandardCharsets.UTF_8));
                text.setLength(0);
            }
        }
    }

    /** The mover's connection: COPY into a day's partition, or the staging table when calls are already stored. */
    private static final class Loader {
        final Connection connection;
        final CopyManager copies;
        boolean staging;

        Loader(Connection connection) throws SQLException {
            this.connection = connection;
            connection.setAutoCommit(false);
            this.copies = connection.unwrap(PGConnection.class).getCopyAPI();
        }

        /**
         * A batch commits without waiting for its WAL to reach the disk: the wait stalled the loading after every
         * batch. The import's own row is updated afterwards with a commit that does wait, and WAL is written in order,
         * so when the import answers, every batch is on disk. A crash during an import may lose its last batches; the
         * import then never answered, and sending the file again adds what is missing.
         */
        void asynchronous() throws SQLException {
            try (Statement s = connection.createStatement()) {
                s.execute("SET LOCAL synchronous_commit TO OFF");
            }
        }

        void copy(String table, DayRows rows) throws SQLException {
            CopyIn copy = copies.copyIn("COPY " + table + " (" + CopyEncoder.COLUMNS + ") FROM STDIN");
            try {
                for (byte[] chunk : rows.chunks) {
                    copy.writeToCopy(chunk, 0, chunk.length);
                }
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        }

        /**
         * The batch through the staging table: only calls not stored yet are added; answers how many. Tried again when
         * PostgreSQL stops it to end a wait on the other loader.
         */
        long deduplicated(Batch batch) throws SQLException {
            for (int attempt = 1; ; attempt++) {
                try {
                    asynchronous();
                    long inserted = stageAndInsert(batch);
                    connection.commit();
                    return inserted;
                } catch (SQLException e) {
                    rollback();
                    if (!DEADLOCK.equals(e.getSQLState()) || attempt == 5) {
                        throw e;
                    }
                }
            }
        }

        private long stageAndInsert(Batch batch) throws SQLException {
            try (Statement s = connection.createStatement()) {
                // Temporary, so unlogged and private to this connection; emptied at every commit. Created in the
                // transaction that uses it: a rollback (a deadlock broken) takes a table created in it along.
                s.execute("CREATE TEMPORARY TABLE IF NOT EXISTS traffic_cdr_stage ON COMMIT DELETE ROWS AS" + " SELECT "
                        + CopyEncoder.COLUMNS + " FROM traffic_cdr WITH NO DATA");
            }
            staging = true;
            for (DayRows rows : batch.days.values()) {
                copy("traffic_cdr_stage", rows);
            }
            try (Statement insert = connection.createStatement()) {
                return insert.executeUpdate("INSERT INTO traffic_cdr (" + CopyEncoder.COLUMNS + ") SELECT "
                        + CopyEncoder.COLUMNS + " FROM traffic_cdr_stage ON CONFLICT DO NOTHING");
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
                rollback();
                connection.setAutoCommit(true);
                if (staging) {
                    try (Statement s = connection.createStatement()) {
                        // Pooled connections live on: leave no temporary table behind.
                        s.execute("DROP TABLE IF EXISTS traffic_cdr_stage");
                    }
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
