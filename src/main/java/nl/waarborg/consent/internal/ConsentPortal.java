package nl.waarborg.consent.internal;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.consent.ConsentException;
import nl.waarborg.consent.ConsentLedger;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.mail.Letter;
import nl.waarborg.mail.Outbox;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.Identifiers;
import nl.waarborg.subjects.InvalidIdentifierException;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The portal's consent page: a person asks for a link at their e-mail address, and the link (valid a day) shows every
 * consent they gave under it with a button to withdraw each. Receiving the link proves the address is theirs; nothing
 * tells the asker whether the address is known, so the form cannot be used to learn who is on a mailing list.
 */
@Service
public class ConsentPortal {

    static final Duration LINK_VALIDITY = Duration.ofHours(24);
    static final int LINKS_PER_ADDRESS_PER_HOUR = 3;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One thread sends the links, so that asking answers at once whether or not a mail is sent. */
    private final java.util.concurrent.ExecutorService mailer =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "consent-portal-mail");
                t.setDaemon(true);
                return t;
            });

    private volatile int port = 8080;
    private final String publicUrl;

    private final JdbcClient jdbc;
    private final ConsentLedger ledger;
    private final Outbox outbox;
    private final MessageSource messages;
    private final AuditTrail audit;
    private final Clock clock;

    ConsentPortal(
            JdbcClient jdbc,
            ConsentLedger ledger,
            Outbox outbox,
            MessageSource messages,
            AuditTrail audit,
            Clock clock,
            @org.springframework.beans.factory.annotation.Value("${waarborg.security.public-url:}") String publicUrl) {
        this.publicUrl = publicUrl;
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.outbox = outbox;
        this.messages = messages;
        this.audit = audit;
        this.clock = clock;
    }

    /** Where links point: the configured public address, else this machine (never the asker's Host header). */
    private String base() {
        String base = publicUrl == null || publicUrl.isBlank() ? "http://localhost:" + port : publicUrl.strip();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    @org.springframework.context.event.EventListener
    void onStarted(org.springframework.boot.web.server.context.WebServerInitializedEvent event) {
        port = event.getWebServer().getPort();
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        mailer.shutdown();
    }

    /**
     * Sends a link to the address when consents were recorded under it, at most three an hour; answers the same in
     * every case but a malformed address, which is refused naming the field. The mail goes out after the answer, from
     * another thread, so a known address does not answer slower than an unknown one.
     */
    public void sendLink(String email, Locale locale) {
        Identifier address;
        if (email != null && email.length() > 320) {
            throw new ConsentException(Kind.INVALID, "email", "an e-mail address is at most 320 characters");
        }
        try {
            address = Identifiers.normalise(IdentifierKind.EMAIL, email == null ? "" : email);
        } catch (InvalidIdentifierException e) {
            throw new ConsentException(Kind.INVALID, "email", e.getMessage());
        }
        Locale language = "en".equals(locale.getLanguage()) ? Locale.ENGLISH : Locale.forLanguageTag("nl");
        mailer.execute(() -> send(address, language));
    }

    private void send(Identifier address, Locale locale) {
        String subject = ConsentLedger.hash(address);
        List<String> together = ledger.recordedTogether(subject);
        if (together.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        long recent = jdbc.sql("SELECT count(*) FROM consent_portal_link WHERE identifier_hash = ? AND created_at > ?")
                .params(subject, Timestamp.from(now.minus(Duration.ofHours(1))))
                .query(Long.class)
                .single();
        if (recent >= LINKS_PER_ADDRESS_PER_HOUR) {
            // Said the same way as a sent link: a limit reached would otherwise tell that the address is known.
            return;
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("INSERT INTO consent_portal_link (token_sha256, identifier_hash, identifier_hashes, created_at,"
                        + " expires_at) VALUES (?, ?, ?, ?, ?)")
                .params(
                        ConsentLedger.sha256(token),
                        subject,
                        together.toArray(String[]::new),
                        Timestamp.from(now),
                        Timestamp.from(now.plus(LINK_VALIDITY)))
                .update();
        String link = base() + "/portal/consents/" + token + "?lang=" + locale.getLanguage();
        Object[] args = {link, Long.toString(LINK_VALIDITY.toHours())};
        // Sent now and not stored, like a one-time code; only without a mail server does it wait in the outbox, where
        // staff see it as they see codes (serve --demo).
        outbox.sendNow(new Letter(
                "consent:portal-link:" + UUID.randomUUID(),
                "consent",
                address.value(),
                messages.getMessage("consent.portal.mail.subject", args, locale),
                messages.getMessage("consent.portal.mail.body", args, locale),
                locale.getLanguage()));
        audit.record(AuditRecord.of(AuditAction.CREATE, "consent_portal_link", subject.substring(0, 32))
                .purpose("consent:portal"));
    }

    /** The identifier hashes a link opens, while it is valid; empty for anything else. */
    public Optional<List<String>> open(String token) {
        if (token == null || !token.matches("^[A-Za-z0-9_-]{43}$")) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT identifier_hashes FROM consent_portal_link WHERE token_sha256 = ? AND expires_at > ?")
                .params(ConsentLedger.sha256(token), Timestamp.from(clock.instant()))
                .query((rs, i) -> List.of((String[]) rs.getArray(1).getArray()))
                .optional();
    }

    /** The person's consent history behind a link, oldest first; audited as a read by reference. */
    public List<ConsentLedger.Recorded> history(List<String> identifierHashes) {
        audit.record(AuditRecord.of(
                        AuditAction.READ,
                        "consent_event",
                        identifierHashes.get(0).substring(0, 32))
                .purpose("consent:portal"));
        return ledger.historyOf(identifierHashes);
    }

    /**
     * Withdraws one purpose under every identifier behind the link, as the person asked on the page; a purpose not on
     * consent is refused. Answers whether anything was withdrawn (false when nothing stood).
     */
    @Transactional
    public boolean withdraw(List<String> identifierHashes, String purpose) {
        String key = ledger.purposeOnConsent(purpose);
        boolean any = false;
        for (String hash : identifierHashes) {
            any |= ledger.withdraw(hash, key, ConsentLedger.Channel.PORTAL, "SUBJECT:portal");
        }
        return any;
    }

    /** Links past their day are worth nothing; the daily clean-up removes them. */
    @Transactional
    public int deleteExpired() {
        return jdbc.sql("DELETE FROM consent_portal_link WHERE expires_at < ?")
                .param(Timestamp.from(clock.instant()))
                .update();
    }
}
