package nl.waarborg.consent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.audit.CurrentActor;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.LegalBasis;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.Identifiers;
import nl.waarborg.subjects.InvalidIdentifierException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The consent ledger: given and withdrawn events per person and register purpose that rests on consent, with the
 * time, the channel, the exact wording shown (stored once by its hash, with the register version) and the proof.
 * Append-only: the current state is the newest event, never an overwritten flag. Identifiers are kept as SHA-256 of
 * their kind and normalised value, so the ledger answers "may I mail this address?" without holding the address.
 *
 * <p>The register decides which purposes rest on consent: an event for a row on another legal basis is refused.
 */
@Service
public class ConsentLedger {

    static final int MAX_WORDING = 20_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Registers registers;
    private final AuditTrail audit;
    private final CurrentActor actor;
    private final nl.waarborg.consent.internal.Webhooks webhooks;
    private final Clock clock;

    ConsentLedger(
            JdbcClient jdbc,
            Registers registers,
            AuditTrail audit,
            CurrentActor actor,
            nl.waarborg.consent.internal.Webhooks webhooks,
            Clock clock) {
        this.webhooks = webhooks;
        this.jdbc = jdbc;
        this.registers = registers;
        this.audit = audit;
        this.actor = actor;
        this.clock = clock;
    }

    public enum Event {
        GIVEN,
        WITHDRAWN
    }

    /** How the event reached the provider. */
    public enum Channel {
        WEBSITE,
        PORTAL,
        APP,
        PAPER,
        PHONE,
        EMAIL,
        API
    }

    /**
     * One event as recorded.
     *
     * @param wordingSha256 the wording shown when consent was given; null for a withdrawal
     * @param tcf what the TC string sent with the event allowed, when one was
     */
    public record Recorded(
            String purpose,
            Event event,
            Instant at,
            Channel channel,
            String wordingSha256,
            Integer registerVersion,
            TcfConsent tcf) {}

    /**
     * A new event.
     *
     * @param identifiers the person's identifiers (any notation; normalised here), or empty with a {@code visitorId}
     * @param wording the exact text the person agreed to; required for {@link Event#GIVEN}
     * @param ipAddress the address the form was sent from; only its network part is kept (/24 for IPv4, /48 for IPv6)
     * @param requestId the data-subject request that carried a withdrawal, if any
     * @param tcString the IAB TCF v2 string the provider's own consent tool made, kept with the event as proof
     */
    public record NewEvent(
            List<Identifier> identifiers,
            String visitorId,
            String purpose,
            Event event,
            Channel channel,
            String wording,
            String submissionId,
            String ipAddress,
            UUID requestId,
            String tcString) {

        public NewEvent(
                List<Identifier> identifiers,
                String visitorId,
                String purpose,
                Event event,
                Channel channel,
                String wording,
                String submissionId,
                String ipAddress,
                UUID requestId) {
            this(identifiers, visitorId, purpose, event, channel, wording, submissionId, ipAddress, requestId, null);
        }
    }

    /** The current state of one purpose for a person: the newest event decides. */
    public record State(String purpose, boolean consented, Event last, Instant since, Channel channel) {}

    /** Records the event for every identifier of the person; answers what was recorded. Audited by reference. */
    @Transactional
    public Recorded record(NewEvent e) {
        if (e == null) {
            throw new ConsentException(
                    Kind.INVALID, "purpose", "a consent event needs at least a purpose and an event");
        }
        DataCategory row = consentRow(e.purpose());
        if (e.event() == null) {
            throw new ConsentException(Kind.INVALID, "event", "event is GIVEN or WITHDRAWN");
        }
        if (e.channel() == null) {
            throw new ConsentException(Kind.INVALID, "channel", "channel is one of " + List.of(Channel.values()));
        }
        List<String> subjects = new ArrayList<>(hashes(normalised(e.identifiers())));
        String visitor = text("visitorId", e.visitorId(), 200);
        if (visitor != null) {
            subjects.add(hash("VISITOR", visitor));
        }
        if (subjects.isEmpty()) {
            throw new ConsentException(
                    Kind.INVALID,
                    "identifiers",
                    "give the person's identifiers, or a visitor id for a website visitor");
        }
        Integer version = registers.current().map(RegisterVersion::number).orElse(null);
        String wording = null;
        if (e.event() == Event.GIVEN) {
            String text = text("wording", e.wording(), MAX_WORDING);
            if (text == null) {
                throw new ConsentException(
                        Kind.INVALID, "wording", "a given consent needs the exact wording the person agreed to");
            }
            wording = sha256(text);
            jdbc.sql("""
                            INSERT INTO consent_wording (sha256, wording, register_version, first_seen_at)
                            VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING
                            """)
                    .params(wording, text, version, Timestamp.from(clock.instant()))
                    .update();
        }
        String submission = text("submissionId", e.submissionId(), 200);
        TcfConsent tcf = e.tcString() == null ? null : TcfConsent.decode(e.tcString());
        String tcString = tcf == null ? null : e.tcString().strip();
        String ip = ipPrefix(e.ipAddress());
        Instant now = clock.instant();
        String by = actor.current().reference();
        for (String subject : subjects) {
            jdbc.sql("""
                            INSERT INTO consent_event (id, identifier_hash, category, event, at, channel, request_id,
                                                       recorded_by, wording_sha256, register_version, submission_id,
                                                       ip_prefix, visitor_id, tc_string)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """)
                    .params(
                            UUID.randomUUID(),
                            subject,
                            row.key(),
                            e.event().name(),
                            Timestamp.from(now),
                            e.channel().name(),
                            e.requestId(),
                            by,
                            wording,
                            version,
                            submission,
                            ip,
                            visitor == null ? null : subject,
                            tcString)
                    .update();
            if (e.event() == Event.WITHDRAWN) {
                // In this transaction: a withdrawal that commits cannot lose its notices to the subscribed systems.
                webhooks.queue(subject, row.key(), Event.WITHDRAWN.name(), now);
            }
        }
        audit.record(AuditRecord.of(
                        AuditAction.CREATE, "consent_event", subjects.get(0).substring(0, 32))
                .purpose("consent:" + row.key())
                .detail("event", e.event().name())
                .detail("channel", e.channel().name()));
        return new Recorded(row.key(), e.event(), now, e.channel(), wording, version, tcf);
    }

    /** The state of every consent purpose (or one) for the owner of an identifier, from the newest events. */
    @Transactional(readOnly = true)
    public List<State> state(String identifier, String kind, String purpose) {
        List<Identifier> candidates = candidates(identifier, kind);
        String only = purpose == null || purpose.isBlank()
                ? null
                : consentRow(purpose).key();
        return jdbc.sql(STATE)
                .params(hashes(candidates).toArray(String[]::new), only, only)
                .query((rs, i) -> {
                    Event last = Event.valueOf(rs.getString("event"));
                    return new State(
                            rs.getString("category"),
                            last == Event.GIVEN,
                            last,
                            rs.getTimestamp("at").toInstant(),
                            channel(rs.getString("channel")));
                })
                .list();
    }

    /**
     * A website visitor's newest event per purpose, with the wording of a consent given: what the cookie notice needs
     * to record only what changed.
     */
    @Transactional(readOnly = true)
    public java.util.Map<String, Recorded> visitorState(String visitorId) {
        String visitor = text("visitorId", visitorId, 200);
        if (visitor == null) {
            throw new ConsentException(Kind.INVALID, "visitorId", "visitorId is required");
        }
        java.util.Map<String, Recorded> out = new java.util.LinkedHashMap<>();
        jdbc.sql("""
                        SELECT DISTINCT ON (category) category, event, at, channel, wording_sha256, register_version
                          FROM consent_event WHERE identifier_hash = ? ORDER BY category, at DESC, id
                        """)
                .param(hash("VISITOR", visitor))
                .query((rs, i) -> new Recorded(
                        rs.getString("category"),
                        Event.valueOf(rs.getString("event")),
                        rs.getTimestamp("at").toInstant(),
                        channel(rs.getString("channel")),
                        rs.getString("wording_sha256"),
                        (Integer) rs.getObject("register_version"),
                        null))
                .list()
                .forEach(r -> out.put(r.purpose(), r));
        return out;
    }

    /** The purposes whose consent the owner of these identifiers withdrew last. */
    public List<String> withdrawn(Collection<Identifier> identifiers) {
        return jdbc.sql("""
                        SELECT category FROM (
                            SELECT DISTINCT ON (category) category, event FROM consent_event
                             WHERE identifier_hash = ANY (?) ORDER BY category, at DESC, id) newest
                         WHERE event = 'WITHDRAWN' ORDER BY category
                        """)
                .param(hashes(identifiers).toArray(String[]::new))
                .query(String.class)
                .list();
    }

    /** Every event of these identifiers, oldest first, each once: the person's consent history. */
    public List<Recorded> history(Collection<Identifier> identifiers) {
        return historyOf(hashes(identifiers));
    }

    /**
     * The identifier with this hash and every other recorded in the same event with it (an e-mail address and a
     * customer number given on one form): one person's identifiers as the ledger knows them. Empty when the ledger
     * has nothing under the hash.
     */
    public List<String> recordedTogether(String identifierHash) {
        return jdbc.sql(TOGETHER).param(identifierHash).query(String.class).list();
    }

    /** Every event of the identifiers with these hashes, oldest first, each once. */
    public List<Recorded> historyOf(List<String> identifierHashes) {
        return jdbc.sql("""
                        SELECT DISTINCT category, event, at, channel, wording_sha256, register_version, tc_string
                          FROM consent_event WHERE identifier_hash = ANY (?) ORDER BY at, category
                        """)
                .param(identifierHashes.toArray(String[]::new))
                .query((rs, i) -> new Recorded(
                        rs.getString("category"),
                        Event.valueOf(rs.getString("event")),
                        rs.getTimestamp("at").toInstant(),
                        channel(rs.getString("channel")),
                        rs.getString("wording_sha256"),
                        (Integer) rs.getObject("register_version"),
                        storedTcf(rs.getString("tc_string"))))
                .list();
    }

    /**
     * One purpose on consent as the console shows it: how many people (by identifier) have consented now, how many
     * withdrew, and the events per month of the last year. Counts only, never who.
     */
    public record PurposeCounts(String purpose, long consented, long withdrawn, List<Month> months) {}

    public record Month(String month, long given, long withdrawn) {}

    /** A wording a consent was given to. */
    public record Wording(String sha256, String wording, Integer registerVersion, Instant firstSeenAt, long events) {}

    /** The newest event per purpose of these identifier hashes (or of one purpose). */
    static final String STATE = """
            SELECT DISTINCT ON (category) category, event, at, channel FROM consent_event
             WHERE identifier_hash = ANY (?) AND (?::text IS NULL OR category = ?)
             ORDER BY category, at DESC, id
            """;

    /** The identifiers recorded in the same events as this one: same purpose, moment, event and recorder. */
    static final String TOGETHER = """
            SELECT DISTINCT other.identifier_hash FROM consent_event mine
              JOIN consent_event other ON other.category = mine.category AND other.at = mine.at
                                      AND other.event = mine.event
                                      AND other.recorded_by IS NOT DISTINCT FROM mine.recorded_by
                                      AND other.visitor_id IS NULL
             WHERE mine.identifier_hash = ?
            """;

    /** Per purpose, how many identifiers' newest event is a consent given, and how many a withdrawal. */
    static final String COUNTS = """
            SELECT category, count(*) FILTER (WHERE event = 'GIVEN'), count(*) FILTER (WHERE event = 'WITHDRAWN')
              FROM (SELECT DISTINCT ON (identifier_hash, category) category, event FROM consent_event
                     ORDER BY identifier_hash, category, at DESC) newest
             GROUP BY category
            """;

    @Transactional(readOnly = true)
    public List<PurposeCounts> counts() {
        List<String> purposes = registers
                .current()
                .map(v -> v.register()
                        .categories()
                        .filter(c -> c.legalBasis() == LegalBasis.CONSENT)
                        .map(DataCategory::key)
                        .distinct()
                        .toList())
                .orElse(List.of());
        // One pass over the lookup index (identifier, purpose, newest first) for every purpose at once.
        java.util.Map<String, long[]> now = new java.util.HashMap<>();
        jdbc.sql(COUNTS).query(rs -> {
            now.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
        });
        List<PurposeCounts> out = new ArrayList<>();
        for (String purpose : purposes) {
            long[] counted = now.getOrDefault(purpose, new long[2]);
            List<Month> months = jdbc.sql("""
                            SELECT to_char(date_trunc('month', at AT TIME ZONE 'Europe/Amsterdam'), 'YYYY-MM') AS month,
                                   count(DISTINCT (identifier_hash, at)) FILTER (WHERE event = 'GIVEN') AS given,
                                   count(DISTINCT (identifier_hash, at)) FILTER (WHERE event = 'WITHDRAWN') AS withdrawn
                              FROM consent_event WHERE category = ? AND at >= ?
                             GROUP BY 1 ORDER BY 1 DESC
                            """)
                    .params(purpose, Timestamp.from(clock.instant().minus(java.time.Duration.ofDays(366))))
                    .query((rs, i) -> new Month(rs.getString("month"), rs.getLong("given"), rs.getLong("withdrawn")))
                    .list();
            out.add(new PurposeCounts(purpose, counted[0], counted[1], months));
        }
        return out;
    }

    /** The wordings consents were given to, newest first, with how many events refer to each. */
    @Transactional(readOnly = true)
    public List<Wording> wordings() {
        return jdbc.sql("""
                        SELECT w.sha256, w.wording, w.register_version, w.first_seen_at, count(e.id) AS events
                          FROM consent_wording w LEFT JOIN consent_event e ON e.wording_sha256 = w.sha256
                         GROUP BY w.sha256 ORDER BY w.first_seen_at DESC LIMIT 200
                        """)
                .query((rs, i) -> new Wording(
                        rs.getString("sha256"),
                        rs.getString("wording"),
                        (Integer) rs.getObject("register_version"),
                        rs.getTimestamp("first_seen_at").toInstant(),
                        rs.getLong("events")))
                .list();
    }

    /** The text a consent was given to, by its hash. */
    public Optional<String> wording(String sha256) {
        return jdbc.sql("SELECT wording FROM consent_wording WHERE sha256 = ?")
                .param(sha256)
                .query(String.class)
                .optional();
    }

    /**
     * The token of a one-click unsubscribe link (RFC 8058) for this person and purpose: the identifier's hash, the
     * purpose and an HMAC over both. Nothing is stored; the link works as long as the key.
     */
    public String unsubscribeToken(String identifier, String kind, String purpose) {
        DataCategory row = consentRow(purpose);
        List<Identifier> candidates = candidates(identifier, kind);
        if (candidates.size() != 1) {
            throw new ConsentException(
                    Kind.INVALID, "kind", "say which kind of identifier this is: it can stand for several");
        }
        String subject = hash(candidates.get(0));
        String payload = subject + "." + row.key();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.US_ASCII)) + "."
                + mac(payload);
    }

    /** What a token stands for, when it is one Waarborg made: the identifier's hash and the purpose. */
    public Optional<String[]> unsubscribeTarget(String token) {
        if (token == null || token.length() > 600 || !token.matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$")) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.");
        String payload;
        try {
            payload = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(
                mac(payload).getBytes(StandardCharsets.US_ASCII), parts[1].getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        int dot = payload.indexOf('.');
        return dot < 0
                ? Optional.empty()
                : Optional.of(new String[] {payload.substring(0, dot), payload.substring(dot + 1)});
    }

    /**
     * Withdraws the consent an unsubscribe link stands for, at once (channel e-mail); a second click records nothing
     * new. Answers the purpose, or empty for a link Waarborg did not make.
     */
    @Transactional
    public Optional<String> unsubscribe(String token) {
        Optional<String[]> target = unsubscribeTarget(token);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        withdraw(target.get()[0], target.get()[1], Channel.EMAIL, "SYSTEM:unsubscribe-link");
        return Optional.of(target.get()[1]);
    }

    /**
     * Withdraws one purpose for the identifier with this hash (an unsubscribe link, the portal) when its newest event
     * is a consent given: a second click, or a purpose never consented to, records nothing. Answers whether an event
     * was recorded.
     */
    @Transactional
    public boolean withdraw(String identifierHash, String purpose, Channel channel, String recordedBy) {
        String last = jdbc.sql("SELECT event FROM consent_event WHERE identifier_hash = ? AND category = ?"
                        + " ORDER BY at DESC, id LIMIT 1")
                .params(identifierHash, purpose)
                .query(String.class)
                .optional()
                .orElse(null);
        if (!"GIVEN".equals(last)) {
            // Nothing stands: a withdrawal would record a consent that was never there.
            return false;
        }
        Instant now = clock.instant();
        jdbc.sql("""
                        INSERT INTO consent_event (id, identifier_hash, category, event, at, channel, recorded_by,
                                                   register_version)
                        VALUES (?, ?, ?, 'WITHDRAWN', ?, ?, ?, ?)
                        """)
                .params(
                        UUID.randomUUID(),
                        identifierHash,
                        purpose,
                        Timestamp.from(now),
                        channel.name(),
                        recordedBy,
                        registers.current().map(RegisterVersion::number).orElse(null))
                .update();
        webhooks.queue(identifierHash, purpose, Event.WITHDRAWN.name(), now);
        audit.record(AuditRecord.of(AuditAction.CREATE, "consent_event", identifierHash.substring(0, 32))
                .purpose("consent:" + purpose)
                .detail("event", "WITHDRAWN")
                .detail("channel", channel.name()));
        return true;
    }

    /** A stored TC string decoded again; it decoded when it was stored, so this only fails on a damaged row. */
    private static TcfConsent storedTcf(String tcString) {
        if (tcString == null) {
            return null;
        }
        try {
            return TcfConsent.decode(tcString);
        } catch (ConsentException e) {
            return null;
        }
    }

    /** The key of the register row the purpose names, refused (naming {@code field}) unless it rests on consent. */
    public String purposeOnConsent(String purpose) {
        return consentRow(purpose).key();
    }

    /** The register row the purpose names; it must rest on consent. */
    DataCategory consentRow(String purpose) {
        if (purpose == null || purpose.isBlank()) {
            throw new ConsentException(Kind.INVALID, "purpose", "purpose is the key of a register row on consent");
        }
        DataCategory row = registers
                .current()
                .flatMap(v -> v.register().category(purpose.strip()))
                .orElseThrow(() -> new ConsentException(
                        Kind.INVALID, "purpose", "purpose names no category of the register in force"));
        if (row.legalBasis() != LegalBasis.CONSENT) {
            throw new ConsentException(
                    Kind.INVALID,
                    "purpose",
                    row.key() + " rests on " + row.legalBasis().key()
                            + ", not on consent: there is no consent to record");
        }
        return row;
    }

    private static List<Identifier> candidates(String identifier, String kind) {
        if (identifier == null || identifier.isBlank()) {
            throw new ConsentException(Kind.INVALID, "identifier", "identifier is required");
        }
        if (identifier.length() > 320 || identifier.chars().anyMatch(c -> c < 0x20)) {
            throw new ConsentException(
                    Kind.INVALID, "identifier", "identifier is longer than 320 characters or has control characters");
        }
        if (kind != null && !kind.isBlank()) {
            try {
                return List.of(Identifiers.normalise(
                        IdentifierKind.valueOf(kind.strip().toUpperCase(Locale.ROOT)), identifier));
            } catch (IllegalArgumentException e) {
                if (e instanceof InvalidIdentifierException invalid) {
                    throw new ConsentException(Kind.INVALID, "identifier", invalid.getMessage());
                }
                throw new ConsentException(
                        Kind.INVALID, "kind", "kind must be one of " + List.of(IdentifierKind.values()));
            }
        }
        List<Identifier> found = Identifiers.candidates(identifier);
        if (found.isEmpty()) {
            throw new ConsentException(Kind.INVALID, "identifier", "identifier is of no known kind");
        }
        return found;
    }

    private static List<Identifier> normalised(List<Identifier> given) {
        List<Identifier> out = new ArrayList<>();
        if (given == null) {
            return out;
        }
        for (int i = 0; i < given.size(); i++) {
            Identifier id = given.get(i);
            if (id == null || id.kind() == null) {
                throw new ConsentException(Kind.INVALID, "identifiers[" + i + "]", "each identifier has a kind");
            }
            try {
                out.add(Identifiers.normalise(id.kind(), id.value()));
            } catch (InvalidIdentifierException e) {
                throw new ConsentException(Kind.INVALID, "identifiers[" + i + "]", e.getMessage());
            }
        }
        return out;
    }

    /** The hashes the ledger keeps identifiers as: SHA-256 of "KIND:normalised value". */
    public static List<String> hashes(Collection<Identifier> identifiers) {
        Set<String> out = new LinkedHashSet<>();
        identifiers.forEach(i -> out.add(hash(i)));
        return new ArrayList<>(out);
    }

    public static String hash(Identifier identifier) {
        return hash(identifier.kind().name(), identifier.value());
    }

    private static String hash(String kind, String value) {
        return sha256(kind + ":" + value);
    }

    /** Only the network part of an address: /24 of IPv4, /48 of IPv6; the field is refused when it is no address. */
    static String ipPrefix(String ip) {
        if (ip == null || ip.isBlank()) {
            return null;
        }
        String v = ip.strip();
        if (v.matches("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$")) {
            String[] p = v.split("\\.");
            for (String octet : p) {
                if (Integer.parseInt(octet) > 255) {
                    throw new ConsentException(Kind.INVALID, "ipAddress", "ipAddress is no IPv4 or IPv6 address");
                }
            }
            return p[0] + "." + p[1] + "." + p[2] + ".0/24";
        }
        if (v.length() <= 45 && v.matches("^[0-9A-Fa-f:]+$") && v.contains(":")) {
            try {
                byte[] a = java.net.InetAddress.getByName(v).getAddress();
                if (a.length == 16) {
                    byte[] prefix = new byte[16];
                    System.arraycopy(a, 0, prefix, 0, 6);
                    return java.net.InetAddress.getByAddress(prefix).getHostAddress() + "/48";
                }
            } catch (java.net.UnknownHostException e) {
                // Falls through to the refusal.
            }
        }
        throw new ConsentException(Kind.INVALID, "ipAddress", "ipAddress is no IPv4 or IPv6 address");
    }

    private String mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private volatile byte[] key;

    private byte[] key() {
        if (key != null) {
            return key;
        }
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        jdbc.sql("INSERT INTO consent_key (id, secret, created_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING")
                .params(fresh, Timestamp.from(clock.instant()))
                .update();
        key = jdbc.sql("SELECT secret FROM consent_key WHERE id = 1")
                .query(byte[].class)
                .single();
        return key;
    }

    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > max || value.indexOf('\0') >= 0) {
            throw new ConsentException(
                    Kind.INVALID, field, field + " is longer than " + max + " characters or has a NUL character");
        }
        return value.strip();
    }

    private static Channel channel(String stored) {
        return switch (stored) {
            case "LETTER", "IN_PERSON" -> Channel.PAPER;
            default -> Channel.valueOf(stored);
        };
    }

    /** SHA-256 of the text's UTF-8 bytes, in hex: how wordings and identifiers are kept. */
    public static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
