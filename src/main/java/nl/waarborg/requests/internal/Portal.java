package nl.waarborg.requests.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.mail.Letter;
import nl.waarborg.mail.Outbox;
import nl.waarborg.requests.RequestState;
import nl.waarborg.requests.RequestsException;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.SubjectDirectory;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The self-service portal's side of a request: receiving it from the public form, the unguessable link to its status
 * page, and the one-time code that proves the person controls an e-mail address on file. The code is six digits,
 * valid fifteen minutes, five tries; at most three codes per address and ten forms per client address an hour.
 * Codes and links are stored only as hashes.
 */
@Service
public class Portal {

    static final Duration CODE_VALIDITY = Duration.ofMinutes(15);
    static final int CODE_TRIES = 5;
    static final int CODES_PER_ADDRESS_PER_HOUR = 3;
    static final int FORMS_PER_CLIENT_PER_HOUR = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RequestDesk desk;
    private final RequestRepository repository;
    private final SubjectDirectory directory;
    private final Outbox outbox;
    private final MessageSource messages;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final PortalLinks links;

    Portal(
            RequestDesk desk,
            RequestRepository repository,
            SubjectDirectory directory,
            Outbox outbox,
            MessageSource messages,
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            Clock clock,
            PortalLinks links) {
        this.desk = desk;
        this.repository = repository;
        this.directory = directory;
        this.outbox = outbox;
        this.messages = messages;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.links = links;
    }

    /**
     * What the public form sends.
     *
     * @param codeBy {@code email} (the default) or {@code sms}: where the one-time code goes
     */
    public record Form(
            List<String> rights,
            String name,
            String email,
            String phone,
            String codeBy,
            String description,
            String language) {

        boolean bySms() {
            return "sms".equals(codeBy);
        }
    }

    /** A request received through the portal: its reference and the secret link to its status page. */
    public record Received(String reference, String token) {}

    /** Receives the form, issues the status link and sends the code; throws with the field at fault. */
    public Received submit(Form form, String clientAddress) {
        if (form == null || form.email() == null || form.email().isBlank()) {
            throw new RequestsException(Kind.INVALID, "email", "the portal answers by e-mail: give your address");
        }
        if (form.bySms()
                && (form.phone() == null
                        || nl.waarborg.subjects.Identifiers.phone(form.phone()).isEmpty())) {
            throw new RequestsException(
                    Kind.INVALID, "phone", "a code by text message needs a mobile number we can send it to");
        }
        throttle("client:" + sha256(clientAddress == null ? "-" : clientAddress), FORMS_PER_CLIENT_PER_HOUR);
        Received received = tx.execute(status -> {
            DataSubjectRequest r = desk.submit(new RequestDesk.NewRequest(
                    "PORTAL",
                    null,
                    form.rights(),
                    form.language(),
                    form.name(),
                    form.email(),
                    form.phone(),
                    null,
                    form.description(),
                    List.of()));
            return new Received(r.reference(), link(r.id()));
        });
        try {
            sendCode(request(received.token()).orElseThrow(Portal::unknown), form.bySms() ? "SMS" : "EMAIL");
        } catch (RequestsException notSent) {
            // The request stands; the code page offers a new code.
        }
        return received;
    }

    private String link(UUID requestId) {
        return links.create(requestId, PortalLinks.Purpose.STATUS);
    }

    /** The request behind a status link, or empty: a wrong, expired or malformed link tells nothing more. */
    public Optional<DataSubjectRequest> request(String token) {
        return links.request(token, PortalLinks.Purpose.STATUS).flatMap(repository::byId);
    }

    /** Sends a new code the way the last one went (by e-mail unless the person chose a text message). */
    public void sendCode(String token) {
        sendCode(request(token).orElseThrow(Portal::unknown));
    }

    /**
     * The request behind an access package's download link, or empty. The download also needs a code confirmed in
     * this browser session: a forwarded letter alone does not open someone's data.
     */
    public Optional<DataSubjectRequest> packageRequest(String token) {
        return links.request(token, PortalLinks.Purpose.PACKAGE).flatMap(repository::byId);
    }

    /** Sends a code for opening the package behind a download link. */
    public void sendPackageCode(String token) {
        sendCode(packageRequest(token).orElseThrow(Portal::unknown));
    }

    /** Checks a code for the package behind a download link. */
    public Check confirmPackage(String token, String code) {
        return confirm(packageRequest(token).orElseThrow(Portal::unknown), code);
    }

    private void sendCode(DataSubjectRequest r) {
        String channel = jdbc.sql(
                        "SELECT channel FROM request_code WHERE request_id = ? ORDER BY created_at DESC LIMIT 1")
                .param(r.id())
                .query(String.class)
                .optional()
                .orElse("EMAIL");
        sendCode(r, channel);
    }

    /**
     * Sends a code to the request's e-mail address or mobile number (a code proves the person controls it). Refused
     * beyond three codes an hour for one address or number.
     */
    private void sendCode(DataSubjectRequest r, String channel) {
        boolean sms = "SMS".equals(channel);
        String to = sms
                ? nl.waarborg.subjects.Identifiers.phone(r.intake().contactPhone())
                        .orElse(null)
                : r.intake().contactEmail();
        if (to == null) {
            throw new RequestsException(
                    Kind.FAILED, "code-not-sent", "code", "there is no address or number to send a code to");
        }
        String destination = sha256(to.toLowerCase(Locale.ROOT));
        long recent = jdbc.sql("SELECT count(*) FROM request_code WHERE destination = ? AND created_at > ?")
                .params(destination, Timestamp.from(clock.instant().minus(Duration.ofHours(1))))
                .query(Long.class)
                .single();
        if (recent >= CODES_PER_ADDRESS_PER_HOUR) {
            throw new RequestsException(
                    Kind.REFUSED, "too-many-codes", "code", "three codes were sent this hour: wait and try again");
        }
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Instant now = clock.instant();
        jdbc.sql("""
                        INSERT INTO request_code (id, request_id, destination, code_hash, salt, created_at, expires_at,
                                                  channel)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        UUID.randomUUID(),
                        r.id(),
                        destination,
                        pbkdf2(code, salt),
                        HexFormat.of().formatHex(salt),
                        Timestamp.from(now),
                        Timestamp.from(now.plus(CODE_VALIDITY)),
                        sms ? "SMS" : "EMAIL")
                .update();
        Locale locale = Locale.forLanguageTag(r.intake().language());
        Object[] args = {r.reference(), code, Long.toString(CODE_VALIDITY.toMinutes())};
        String key = "request:" + r.id() + ":code:" + UUID.randomUUID();
        boolean sent;
        if (sms) {
            sent = outbox.sendNow(new nl.waarborg.mail.TextMessage(
                    key,
                    Letters.reference(r),
                    to,
                    messages.getMessage("letter.code.sms", args, locale),
                    r.intake().language()));
        } else {
            sent = outbox.sendNow(new Letter(
                    key,
                    Letters.reference(r),
                    to,
                    messages.getMessage("letter.code.subject", args, locale),
                    messages.getMessage("letter.code.body", args, locale),
                    r.intake().language()));
        }
        if (!sent) {
            throw new RequestsException(
                    Kind.FAILED, "code-not-sent", "code", "the code could not be sent just now: ask for a new one");
        }
    }

    /** How a code check ended. */
    public enum Check {
        CONFIRMED,
        WRONG,
        EXPIRED,
        TOO_MANY_TRIES
    }

    /**
     * Checks a code against the newest one sent for the request. Confirmed, the request is verified when the
     * address is on file for the person it was matched to (a known contact, EDPB 01/2022 §76); otherwise the
     * confirmation is noted and staff decide.
     */
    public Check confirm(String token, String code) {
        return confirm(request(token).orElseThrow(Portal::unknown), code);
    }

    private Check confirm(DataSubjectRequest r, String code) {
        var row = jdbc.sql("SELECT id, code_hash, salt, expires_at, attempts, used_at, channel FROM request_code"
                        + " WHERE request_id = ? ORDER BY created_at DESC LIMIT 1")
                .param(r.id())
                .query((rs, i) -> new Object[] {
                    rs.getObject("id", UUID.class),
                    rs.getString("code_hash"),
                    rs.getString("salt"),
                    rs.getTimestamp("expires_at").toInstant(),
                    rs.getInt("attempts"),
                    rs.getTimestamp("used_at"),
                    rs.getString("channel")
                })
                .optional();
        if (row.isEmpty() || row.get()[5] != null) {
            return Check.EXPIRED;
        }
        Object[] c = row.get();
        if (((Instant) c[3]).isBefore(clock.instant())) {
            return Check.EXPIRED;
        }
        // One statement counts the try and checks the limit: parallel guesses cannot all read "no tries yet".
        Optional<Integer> tries = jdbc.sql("UPDATE request_code SET attempts = attempts + 1"
                        + " WHERE id = ? AND attempts < ? AND used_at IS NULL RETURNING attempts")
                .params(c[0], CODE_TRIES)
                .query(Integer.class)
                .optional();
        if (tries.isEmpty()) {
            return Check.TOO_MANY_TRIES;
        }
        String given = code == null ? "" : code.strip();
        if (!given.matches("^[0-9]{6}$")
                || !MessageDigest.isEqual(
                        pbkdf2(given, HexFormat.of().parseHex((String) c[2])).getBytes(StandardCharsets.US_ASCII),
                        ((String) c[1]).getBytes(StandardCharsets.US_ASCII))) {
            return tries.get() >= CODE_TRIES ? Check.TOO_MANY_TRIES : Check.WRONG;
        }
        if (jdbc.sql("UPDATE request_code SET used_at = ? WHERE id = ? AND used_at IS NULL")
                        .params(Timestamp.from(clock.instant()), c[0])
                        .update()
                == 0) {
            return Check.EXPIRED;
        }
        if (r.state() == RequestState.RECEIVED || r.state() == RequestState.AWAITING_VERIFICATION) {
            boolean sms = "SMS".equals(c[6]);
            Identifier confirmed = sms
                    ? new Identifier(
                            IdentifierKind.PHONE,
                            nl.waarborg.subjects.Identifiers.phone(r.intake().contactPhone())
                                    .orElseThrow())
                    : new Identifier(
                            IdentifierKind.EMAIL, r.intake().contactEmail().toLowerCase(Locale.ROOT));
            // Every person the request was matched to must have this address or number on file: a request that also
            // named someone else's details is not theirs to open. And a doubt staff recorded stands.
            boolean onFile = !r.subjects().isEmpty()
                    && directory.find(confirmed, "request " + r.reference()).containsAll(r.subjects());
            if (onFile && !r.documentRequested()) {
                desk.verify(r.reference(), "ONE_TIME_CODE", null);
            } else {
                desk.note(
                        r.reference(),
                        "The requester confirmed the " + (sms ? "mobile number" : "e-mail address")
                                + " with a one-time code; "
                                + (r.documentRequested()
                                        ? "an identity document was asked for a doubt, so staff decide."
                                        : "it is not on file for every person the request was matched to, so the"
                                                + " identity is not established."));
            }
        }
        return Check.CONFIRMED;
    }

    /** Counts one use of a rate-limited action and refuses it beyond {@code perHour}. */
    private void throttle(String key, int perHour) {
        Instant now = clock.instant();
        long used = jdbc.sql("SELECT count(*) FROM portal_rate WHERE key = ? AND at > ?")
                .params(key, Timestamp.from(now.minus(Duration.ofHours(1))))
                .query(Long.class)
                .single();
        if (used >= perHour) {
            throw new RequestsException(
                    Kind.REFUSED, "too-many-requests", "form", "too many requests from here this hour: try later");
        }
        jdbc.sql("INSERT INTO portal_rate (key, at) VALUES (?, ?)")
                .params(key, Timestamp.from(now))
                .update();
        jdbc.sql("DELETE FROM portal_rate WHERE at < ?")
                .param(Timestamp.from(now.minus(Duration.ofHours(2))))
                .update();
    }

    private static RequestsException unknown() {
        return new RequestsException(Kind.NOT_FOUND, "link", "this link does not lead to a request");
    }

    static String sha256(String value) {
        return PortalLinks.sha256(value);
    }

    /** Slow on purpose: each guess at a stolen hash costs as much as a check, and a code lives fifteen minutes. */
    static String pbkdf2(String code, byte[] salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(code.toCharArray(), salt, 200_000, 256);
            return HexFormat.of()
                    .formatHex(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                            .generateSecret(spec)
                            .getEncoded());
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(e);
        }
    }
}
