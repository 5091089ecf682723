package nl.waarborg.requests.internal;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.requests.RequestsException;
import nl.waarborg.subjects.Vault;
import org.apache.tika.Tika;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Identity documents, only where staff recorded a reasonable doubt: asked for with a letter carrying an upload link,
 * taken in through the portal as a JPEG, PNG or PDF of at most 10 MB, stamped with a visible watermark (purpose,
 * reference, date), sealed with the keyring, shown to staff with an audit entry, and deleted as soon as the
 * verification is decided or the request ends (see {@link RequestDesk}); the history keeps only the fact.
 */
@Service
public class IdentityDocuments {

    static final String PURPOSE = "identity-document";
    static final int MAX_BYTES = 10 * 1024 * 1024;
    static final Set<String> TYPES = Set.of("image/jpeg", "image/png", "application/pdf");
    private static final Tika TIKA = new Tika();

    private final RequestDesk desk;
    private final RequestRepository repository;
    private final PortalLinks links;
    private final Vault vault;
    private final AuditTrail audit;
    private final JdbcClient jdbc;
    private final Clock clock;

    IdentityDocuments(
            RequestDesk desk,
            RequestRepository repository,
            PortalLinks links,
            Vault vault,
            AuditTrail audit,
            JdbcClient jdbc,
            Clock clock) {
        this.desk = desk;
        this.repository = repository;
        this.links = links;
        this.vault = vault;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Asks the requester for a document because of the recorded doubt; the letter carries a fresh upload link. */
    @Transactional
    public DataSubjectRequest ask(String reference, String doubt) {
        DataSubjectRequest r = repository
                .byReference(reference == null ? "" : reference)
                .orElseThrow(() -> new RequestsException(Kind.NOT_FOUND, "reference", "no request has this reference"));
        String link = links.url("/portal/requests/" + links.create(r.id(), PortalLinks.Purpose.DOCUMENT) + "/document");
        return desk.requestDocument(reference, doubt, link);
    }

    /** Whether the link leads to a request that waits for a document. */
    public Optional<DataSubjectRequest> waiting(String token) {
        return links.request(token, PortalLinks.Purpose.DOCUMENT)
                .flatMap(repository::byId)
                .filter(DataSubjectRequest::documentRequested);
    }

    /** Takes a document in through the portal: checked by its content, stamped, sealed, stored; one per request. */
    @Transactional
    public void upload(String token, byte[] file) {
        DataSubjectRequest r = waiting(token)
                .orElseThrow(
                        () -> new RequestsException(Kind.NOT_FOUND, "link", "this link does not lead to a request"));
        if (file == null || file.length == 0) {
            throw new RequestsException(
                    Kind.INVALID, "file", "choose the file with the copy of your identity document");
        }
        if (file.length > MAX_BYTES) {
            throw new RequestsException(Kind.TOO_LARGE, "file", "the file is larger than 10 MB");
        }
        // By content, not by name or the browser's word: a renamed file is what it is.
        String type = TIKA.detect(file);
        if (!TYPES.contains(type)) {
            throw new RequestsException(
                    Kind.UNSUPPORTED_MEDIA_TYPE,
                    "file",
                    "send a photo (JPEG or PNG) or a PDF of your identity document");
        }
        byte[] stamped;
        try {
            stamped = Watermark.stamp(
                    file,
                    type,
                    "Only for verification - request " + r.reference() + " - "
                            + LocalDate.now(clock.withZone(RequestDesk.AMSTERDAM)));
        } catch (IOException | RuntimeException e) {
            throw new RequestsException(Kind.INVALID, "file", "the file cannot be read as an image or PDF");
        }
        UUID id = UUID.randomUUID();
        Vault.Sealed sealed = vault.seal(id, PURPOSE, stamped);
        jdbc.sql("""
                        INSERT INTO request_document (request_id, id, media_type, key_id, sealed, uploaded_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (request_id) DO UPDATE SET id = excluded.id, media_type = excluded.media_type,
                               key_id = excluded.key_id, sealed = excluded.sealed, uploaded_at = excluded.uploaded_at
                        """)
                .params(r.id(), id, type, sealed.keyId(), sealed.bytes(), Timestamp.from(clock.instant()))
                .update();
        audit.record(
                AuditRecord.of(AuditAction.CREATE, "request_document", r.id()).purpose("request " + r.reference()));
        desk.documentReceived(r.reference());
    }

    /** The stamped document for staff to look at; audited. */
    public record Document(String mediaType, byte[] bytes) {}

    @Transactional
    public Optional<Document> view(String reference) {
        DataSubjectRequest r = desk.show(reference);
        return jdbc.sql("SELECT id, media_type, key_id, sealed FROM request_document WHERE request_id = ?")
                .param(r.id())
                .query((rs, i) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    byte[] open =
                            vault.open(id, PURPOSE, new Vault.Sealed(rs.getString("key_id"), rs.getBytes("sealed")));
                    return new Document(rs.getString("media_type"), open);
                })
                .optional()
                .map(d -> {
                    audit.record(AuditRecord.of(AuditAction.READ, "request_document", r.id())
                            .purpose("request " + r.reference()));
                    return d;
                });
    }

    /** Whether the request holds a document now. */
    public boolean held(DataSubjectRequest r) {
        return jdbc.sql("SELECT count(*) FROM request_document WHERE request_id = ?")
                        .param(r.id())
                        .query(Long.class)
                        .single()
                > 0;
    }
}
