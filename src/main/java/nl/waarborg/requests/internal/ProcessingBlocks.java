package nl.waarborg.requests.internal;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.consent.ConsentLedger;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.requests.RequestsException;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.Identifiers;
import nl.waarborg.subjects.InvalidIdentifierException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The index other systems ask before they process someone's data: restrictions (Art. 18), objections (Art. 21, the
 * one to direct marketing for good), withdrawn consents (Art. 7(3)). One row per identifier, kept as a SHA-256 of its
 * kind and normalised value, so a lookup is one index probe and the index holds nobody's details in the clear.
 */
@Component
public class ProcessingBlocks {

    /** What blocks processing. */
    public enum BlockKind {
        RESTRICTION,
        OBJECTION,
        /** Objection to direct marketing: the suppression list, for good. */
        MARKETING,
        CONSENT_WITHDRAWN
    }

    /** One block as staff see it (per request, one line per kind and categories). */
    public record Block(
            UUID id,
            BlockKind kind,
            List<String> categories,
            Instant since,
            Instant liftNoticeAt,
            Instant liftedAt,
            int identifiers) {}

    /**
     * What an identifier's owner allows now.
     *
     * @param restricted all of the person's data is storage-only
     * @param restrictedCategories categories restricted on their own (empty when none or when all are)
     * @param marketingOptOut on the suppression list: no direct marketing, by any channel, for good
     * @param objected categories (legitimate interest) the person objected to without compelling grounds recorded
     * @param consentWithdrawn categories resting on consent whose consent was withdrawn
     */
    public record Status(
            boolean restricted,
            List<String> restrictedCategories,
            boolean marketingOptOut,
            List<String> objected,
            List<String> consentWithdrawn,
            Instant since) {
        /** No restriction at all: the one flag a system that only stores and uses data needs. */
        @com.fasterxml.jackson.annotation.JsonProperty("mayProcess")
        public boolean mayProcess() {
            return !restricted && restrictedCategories.isEmpty();
        }

        /** Whether anything limits processing for this person. */
        boolean blocked() {
            return restricted
                    || !restrictedCategories.isEmpty()
                    || marketingOptOut
                    || !objected.isEmpty()
                    || !consentWithdrawn.isEmpty();
        }
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProcessingBlocks.class);

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final ConsentLedger consents;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final Clock clock;
    private final java.util.Queue<AuditRecord> pendingAudit = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.ScheduledExecutorService flusher =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "status-lookup-audit");
                t.setDaemon(true);
                return t;
            });

    ProcessingBlocks(
            JdbcClient jdbc,
            AuditTrail audit,
            org.springframework.transaction.support.TransactionTemplate tx,
            ConsentLedger consents,
            Clock clock) {
        this.consents = consents;
        this.jdbc = jdbc;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /** Blocks processing under every identifier; {@code categories} null or empty: all of the person's data. */
    UUID add(Collection<Identifier> identifiers, BlockKind kind, Collection<String> categories, UUID requestId) {
        UUID group = UUID.randomUUID();
        Timestamp now = Timestamp.from(clock.instant());
        String[] cats = categories == null || categories.isEmpty() ? null : categories.toArray(String[]::new);
        boolean first = true;
        for (String hash : hashes(identifiers)) {
            // The first row carries the group's id, so that staff address the block by one id.
            jdbc.sql("""
                            INSERT INTO processing_block (id, identifier_hash, kind, categories, request_id, since)
                            VALUES (?, ?, ?, ?, ?, ?)
                            """)
                    .params(first ? group : UUID.randomUUID(), hash, kind.name(), cats, requestId, now)
                    .update();
            first = false;
        }
        return group;
    }

    /** Whether the request already placed a block of this kind that is still in force (a repeat does nothing). */
    boolean active(UUID requestId, BlockKind kind) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM processing_block WHERE request_id = ? AND kind = ?"
                        + " AND lifted_at IS NULL)")
                .params(requestId, kind.name())
                .query(Boolean.class)
                .single();
    }

    /** As {@link #active(UUID, BlockKind)}, for the same categories (empty: all of the person's data). */
    boolean active(UUID requestId, BlockKind kind, List<String> categories) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM processing_block WHERE request_id = ? AND kind = ?"
                        + " AND lifted_at IS NULL AND categories IS NOT DISTINCT FROM ?::text[])")
                .params(requestId, kind.name(), categories.isEmpty() ? null : categories.toArray(String[]::new))
                .query(Boolean.class)
                .single();
    }

    /** Records that the person was told the request's restriction will be lifted. */
    int noticeLift(UUID requestId) {
        return jdbc.sql("UPDATE processing_block SET lift_notice_at = ? WHERE request_id = ? AND kind = 'RESTRICTION'"
                        + " AND lifted_at IS NULL AND lift_notice_at IS NULL")
                .params(Timestamp.from(clock.instant()), requestId)
                .update();
    }

    /** Ties the notice's letter to the request's announced restriction, so that lifting can see whether it went. */
    void noticeMail(UUID requestId, UUID mailId) {
        jdbc.sql("UPDATE processing_block SET lift_notice_mail_id = ? WHERE request_id = ? AND kind = 'RESTRICTION'"
                        + " AND lifted_at IS NULL AND lift_notice_at IS NOT NULL AND lift_notice_mail_id IS NULL")
                .params(mailId, requestId)
                .update();
    }

    /** The letters that announced the request's restriction in force; none for a notice from before they were kept. */
    List<UUID> noticeMails(UUID requestId) {
        return jdbc.sql("SELECT DISTINCT lift_notice_mail_id FROM processing_block WHERE request_id = ?"
                        + " AND kind = 'RESTRICTION' AND lifted_at IS NULL AND lift_notice_mail_id IS NOT NULL")
                .param(requestId)
                .query(UUID.class)
                .list();
    }

    /** The day staff posted the notice that had no e-mail address. */
    void noticePosted(UUID requestId, java.time.LocalDate on) {
        jdbc.sql("UPDATE processing_block SET lift_notice_posted_on = ? WHERE request_id = ? AND kind = 'RESTRICTION'"
                        + " AND lifted_at IS NULL")
                .params(on, requestId)
                .update();
    }

    /** Lifts the request's restriction; refused when the person was not told first. */
    int lift(UUID requestId, String by) {
        boolean told = jdbc.sql("SELECT bool_and(lift_notice_at IS NOT NULL) FROM processing_block"
                        + " WHERE request_id = ? AND kind = 'RESTRICTION' AND lifted_at IS NULL")
                .param(requestId)
                .query(Boolean.class)
                .optional()
                .map(Boolean.TRUE::equals)
                .orElse(false);
        if (!told) {
            throw new RequestsException(
                    Kind.CONFLICT,
                    "lift-not-announced",
                    "state",
                    "the person must be told before a restriction is lifted (Art. 18(3) GDPR): send the notice first");
        }
        return jdbc.sql("UPDATE processing_block SET lifted_at = ?, lifted_by = ? WHERE request_id = ?"
                        + " AND kind = 'RESTRICTION' AND lifted_at IS NULL")
                .params(Timestamp.from(clock.instant()), by, requestId)
                .update();
    }

    /** The request's blocks, one line per kind and categories. */
    public List<Block> of(UUID requestId) {
        return jdbc.sql("""
                        SELECT (array_agg(id ORDER BY id))[1] AS id, kind, categories, min(since) AS since,
                               min(lift_notice_at) AS notice, min(lifted_at) AS lifted, count(*) AS n
                          FROM processing_block WHERE request_id = ?
                         GROUP BY kind, categories, since ORDER BY since, kind
                        """)
                .param(requestId)
                .query((rs, i) -> new Block(
                        rs.getObject("id", UUID.class),
                        BlockKind.valueOf(rs.getString("kind")),
                        list(rs.getArray("categories")),
                        rs.getTimestamp("since").toInstant(),
                        instant(rs.getTimestamp("notice")),
                        instant(rs.getTimestamp("lifted")),
                        rs.getInt("n")))
                .list();
    }

    /**
     * What the owner of an identifier allows now. {@code kind} may be left out: then every kind the value can stand
     * for is asked (a number may be a phone number and a customer number).
     */
    public Status status(String identifier, String kind) {
        Set<Identifier> candidates = new LinkedHashSet<>();
        if (identifier == null || identifier.isBlank()) {
            throw new RequestsException(Kind.INVALID, "identifier", "identifier is required");
        }
        if (identifier.length() > 320 || identifier.indexOf('\0') >= 0) {
            throw new RequestsException(
                    Kind.INVALID, "identifier", "identifier is longer than 320 characters or contains a NUL character");
        }
        if (kind != null && !kind.isBlank()) {
            IdentifierKind k;
            try {
                k = IdentifierKind.valueOf(kind.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new RequestsException(
                        Kind.INVALID, "kind", "kind must be one of " + Arrays.toString(IdentifierKind.values()));
            }
            try {
                candidates.add(Identifiers.normalise(k, identifier));
            } catch (InvalidIdentifierException e) {
                throw new RequestsException(Kind.INVALID, "identifier", e.getMessage());
            }
        } else {
            candidates.addAll(Identifiers.candidates(identifier));
            if (candidates.isEmpty()) {
                throw new RequestsException(Kind.INVALID, "identifier", "identifier is of no known kind");
            }
        }
        String[] hashes = hashes(candidates).toArray(String[]::new);
        boolean[] all = {false};
        boolean[] marketing = {false};
        Set<String> restrictedCategories = new TreeSet<>();
        Set<String> objected = new TreeSet<>();
        Instant[] since = {null};
        jdbc.sql("SELECT kind, categories, since FROM processing_block WHERE identifier_hash = ANY (?)"
                        + " AND lifted_at IS NULL")
                .param(hashes)
                .query(rs -> {
                    BlockKind k = BlockKind.valueOf(rs.getString("kind"));
                    List<String> cats = list(rs.getArray("categories"));
                    Instant at = rs.getTimestamp("since").toInstant();
                    since[0] = since[0] == null || at.isBefore(since[0]) ? at : since[0];
                    switch (k) {
                        case RESTRICTION -> {
                            if (cats.isEmpty()) {
                                all[0] = true;
                            } else {
                                restrictedCategories.addAll(cats);
                            }
                        }
                        case MARKETING -> marketing[0] = true;
                        case OBJECTION -> objected.addAll(cats);
                        case CONSENT_WITHDRAWN -> {
                            // Answered from the consent ledger below.
                        }
                    }
                });
        List<String> withdrawn = consents.withdrawn(candidates);
        Status status = new Status(
                all[0],
                all[0] ? List.of() : List.copyOf(restrictedCategories),
                marketing[0],
                List.copyOf(objected),
                withdrawn,
                since[0]);
        if (status.blocked()) {
            pendingAudit.add(AuditRecord.of(AuditAction.READ, "processing_status", hashes[0].substring(0, 32))
                    .purpose("processing-status")
                    .detail("askedAt", clock.instant().toString()));
        }
        return status;
    }

    /**
     * Writes the lookups' audit entries waiting since the last flush, in one transaction that does not wait for its
     * own disk flush. The lookup is asked before every mailing: an entry per lookup in the lookup's own transaction
     * made each answer wait for the trail's lock and a commit. A crash can lose the last half second of lookup
     * entries, never make the trail inconsistent; entries of changes are written as before. Runs every half second
     * and at shutdown; public for tests. One flush at a time: a caller that flushes while the scheduled flush is
     * writing waits until those entries are committed, rather than finding the queue empty and returning early.
     */
    public synchronized int flushAudit() {
        List<AuditRecord> batch = new ArrayList<>();
        AuditRecord next;
        while (batch.size() < 1000 && (next = pendingAudit.poll()) != null) {
            batch.add(next);
        }
        if (!batch.isEmpty()) {
            tx.executeWithoutResult(status -> {
                jdbc.sql("SET LOCAL synchronous_commit TO OFF").update();
                batch.forEach(audit::record);
            });
        }
        return batch.size();
    }

    @jakarta.annotation.PostConstruct
    void startFlushing() {
        flusher.scheduleWithFixedDelay(
                () -> {
                    try {
                        while (flushAudit() == 1000) {
                            // More waiting: go on at once.
                        }
                    } catch (RuntimeException e) {
                        log.warn(
                                "Lookup audit entries could not be written yet; trying again ({})",
                                e.getClass().getSimpleName());
                    }
                },
                500,
                500,
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @jakarta.annotation.PreDestroy
    void stopFlushing() {
        flusher.shutdown();
        try {
            while (flushAudit() > 0) {
                // Everything waiting goes before the process ends.
            }
        } catch (RuntimeException e) {
            log.warn("Lookup audit entries lost at shutdown ({})", e.getClass().getSimpleName());
        }
    }

    /** The same hashes as the consent ledger's, so that one identifier is one key in both. */
    static List<String> hashes(Collection<Identifier> identifiers) {
        return ConsentLedger.hashes(identifiers);
    }

    private static List<String> list(Array array) throws java.sql.SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
