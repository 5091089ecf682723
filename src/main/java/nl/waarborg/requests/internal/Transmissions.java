package nl.waarborg.requests.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.requests.RequestType;
import nl.waarborg.requests.RequestsException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Portability straight to another provider (Art. 20(2) GDPR): the portable part of the person's data, as the ZIP of
 * JSON and CSV, sent by HTTPS POST to the address the person gave. Written down before it is sent and sent with an
 * idempotency key, so a send cut off mid-way is repeated with the same key and a finished one is never repeated.
 */
@Component
public class Transmissions {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final RequestDesk desk;
    private final AccessPackages packages;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final nl.waarborg.disclosures.Transfers transfers;
    private final nl.waarborg.register.Registers registers;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final Clock clock;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    Transmissions(
            RequestDesk desk,
            AccessPackages packages,
            JdbcClient jdbc,
            AuditTrail audit,
            nl.waarborg.disclosures.Transfers transfers,
            nl.waarborg.register.Registers registers,
            org.springframework.transaction.support.TransactionTemplate tx,
            Clock clock) {
        this.registers = registers;
        this.desk = desk;
        this.packages = packages;
        this.jdbc = jdbc;
        this.audit = audit;
        this.transfers = transfers;
        this.tx = tx;
        this.clock = clock;
    }

    /** Whether the register in force offers it (and the statement promises it only then). */
    public boolean offered() {
        return registers
                .current()
                .map(v -> v.register().rights().portabilityTransmission())
                .orElse(false);
    }

    /** One send: where to, its state, the other side's answer. */
    public record Sent(String destination, String status, int attempts, Instant sentAt, Integer responseStatus) {}

    public Sent transmit(String reference, String url) {
        DataSubjectRequest r = desk.show(reference).requireOpenFor(RequestType.PORTABILITY);
        if (!offered()) {
            throw new RequestsException(
                    Kind.CONFLICT,
                    "url",
                    "the register does not offer sending the data straight to another provider"
                            + " (rights.portabilityTransmission); give the person the package instead");
        }
        URI destination = destination(url);
        String key = destination.toString();
        jdbc.sql("""
                        INSERT INTO request_transmission (id, request_id, destination, idempotency_key, status, created_at)
                        VALUES (?, ?, ?, ?, 'SENDING', ?) ON CONFLICT (request_id, destination) DO NOTHING
                        """)
                .params(
                        UUID.randomUUID(),
                        r.id(),
                        key,
                        "waarborg:" + UUID.randomUUID(),
                        Timestamp.from(clock.instant()))
                .update();
        Sent before = row(r.id(), key);
        if ("SENT".equals(before.status())) {
            return before;
        }
        String idempotencyKey = jdbc.sql(
                        "SELECT idempotency_key FROM request_transmission WHERE request_id = ? AND destination = ?")
                .params(r.id(), key)
                .query(String.class)
                .single();
        AccessPackages.Built built = packages.build(r, true);
        int status;
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(destination)
                            .timeout(TIMEOUT)
                            .header("Content-Type", "application/zip")
                            .header("Idempotency-Key", idempotencyKey)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(built.zip()))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
        } catch (IOException e) {
            failed(r, key, null);
            throw new RequestsException(
                    Kind.FAILED,
                    "url",
                    "the other provider could not be reached (" + e.getClass().getSimpleName()
                            + "); try again: the same send is repeated, never doubled");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (status < 200 || status > 299) {
            failed(r, key, status);
            throw new RequestsException(
                    Kind.FAILED,
                    "url",
                    "the other provider answered HTTP " + status + "; nothing was recorded as sent");
        }
        Instant now = clock.instant();
        int answered = status;
        // Marked sent and written in the recipients log together: a later access answer names the provider the data
        // went to, and a crash between the two cannot leave a send that the log does not know.
        tx.executeWithoutResult(t -> {
            jdbc.sql("""
                            UPDATE request_transmission SET status = 'SENT', attempts = attempts + 1, sent_at = ?,
                                   response_status = ?, sha256 = ?
                             WHERE request_id = ? AND destination = ?
                            """)
                    .params(Timestamp.from(now), answered, PackageStore.sha256(built.zip()), r.id(), key)
                    .update();
            transfers.transmitted(r.subjects(), destination.getHost(), built.categories(), now, Letters.reference(r));
            audit.record(AuditRecord.of(AuditAction.EXPORT, "request_transmission", r.id())
                    .purpose(Letters.reference(r))
                    .detail("destination", destination.getHost())
                    .detail("items", String.valueOf(built.items())));
        });
        boolean en = "en".equals(r.intake().language());
        desk.carriedOut(
                reference,
                RequestType.PORTABILITY,
                (en
                                ? "Your data (" + built.items() + " items, JSON and CSV) was sent to "
                                : "Uw gegevens (" + built.items() + " gegevens, JSON en CSV) zijn verstuurd naar ")
                        + destination.getHost() + (en ? " on " : " op ") + AccessPackages.day(now) + ".");
        return row(r.id(), key);
    }

    private void failed(DataSubjectRequest r, String key, Integer status) {
        jdbc.sql("UPDATE request_transmission SET status = 'FAILED', attempts = attempts + 1, response_status = ?"
                        + " WHERE request_id = ? AND destination = ? AND status <> 'SENT'")
                .params(status, r.id(), key)
                .update();
    }

    private Sent row(UUID request, String key) {
        return jdbc.sql("SELECT destination, status, attempts, sent_at, response_status FROM request_transmission"
                        + " WHERE request_id = ? AND destination = ?")
                .params(request, key)
                .query((rs, i) -> new Sent(
                        rs.getString("destination"),
                        rs.getString("status"),
                        rs.getInt("attempts"),
                        rs.getTimestamp("sent_at") == null
                                ? null
                                : rs.getTimestamp("sent_at").toInstant(),
                        (Integer) rs.getObject("response_status")))
                .single();
    }

    /** HTTPS to anywhere; plain HTTP only to this machine (a local gateway, a test). */
    static URI destination(String url) {
        if (url == null || url.isBlank()) {
            throw new RequestsException(Kind.INVALID, "url", "give the other provider's address (https://…)");
        }
        if (url.length() > 2000 || url.chars().anyMatch(c -> c < 0x20)) {
            throw new RequestsException(
                    Kind.INVALID, "url", "url is longer than 2000 characters or has control characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new RequestsException(Kind.INVALID, "url", "url is not an address: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        boolean local = "localhost".equals(host) || "127.0.0.1".equals(host);
        if (host == null || !("https".equals(scheme) || ("http".equals(scheme) && local))) {
            throw new RequestsException(
                    Kind.INVALID, "url", "the data goes only over HTTPS (https://…); plain HTTP only to this machine");
        }
        if (uri.getUserInfo() != null) {
            throw new RequestsException(Kind.INVALID, "url", "url must not hold a user name or password");
        }
        // Another provider is never a cloud metadata service or an unspecified address: those addresses only lead to
        // the machine's own secrets.
        try {
            for (java.net.InetAddress address : java.net.InetAddress.getAllByName(host)) {
                if (address.isLinkLocalAddress() || address.isAnyLocalAddress() || address.isMulticastAddress()) {
                    throw new RequestsException(
                            Kind.INVALID, "url", "url points at a link-local, unspecified or multicast address");
                }
            }
        } catch (java.net.UnknownHostException e) {
            throw new RequestsException(Kind.INVALID, "url", "the host of url cannot be found");
        }
        return uri;
    }
}
