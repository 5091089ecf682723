package nl.waarborg.disclosures;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.audit.CurrentActor;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.Register;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import nl.waarborg.subjects.Vault;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The signed processing agreement of a recipient or client organisation of the register, as a PDF sealed with the
 * keyring (a contract names people and is kept from whoever reads the database). Every upload is kept; the newest is
 * the one in force. Storing and reading are audited by the party's key.
 */
@Service
public class AgreementDocuments {

    static final String PURPOSE = "agreement-document";
    public static final int MAX_BYTES = 20 * 1024 * 1024;

    private final JdbcClient jdbc;
    private final Registers registers;
    private final Vault vault;
    private final AuditTrail audit;
    private final CurrentActor actor;
    private final Clock clock;

    AgreementDocuments(
            JdbcClient jdbc, Registers registers, Vault vault, AuditTrail audit, CurrentActor actor, Clock clock) {
        this.jdbc = jdbc;
        this.registers = registers;
        this.vault = vault;
        this.audit = audit;
        this.actor = actor;
        this.clock = clock;
    }

    /** What is kept of the document in force, without the document. */
    public record Stored(UUID id, String party, String fileName, long sizeBytes, String sha256, Instant uploadedAt) {}

    /** The document itself, opened. */
    public record Document(Stored stored, byte[] pdf) {}

    @Transactional
    public Stored store(String party, String fileName, byte[] pdf) {
        requireParty(party);
        if (pdf == null || pdf.length == 0) {
            throw new DisclosuresException(Kind.INVALID, "document", "send the signed agreement as a PDF");
        }
        if (pdf.length > MAX_BYTES) {
            throw new DisclosuresException(Kind.INVALID, "document", "the document is larger than 20 MB");
        }
        if (pdf.length < 5 || !new String(pdf, 0, 5, StandardCharsets.US_ASCII).equals("%PDF-")) {
            throw new DisclosuresException(
                    Kind.UNSUPPORTED_MEDIA_TYPE,
                    "document",
                    "the document is not a PDF (it does not start with %PDF-)");
        }
        String name = fileName == null || fileName.isBlank()
                ? party + ".pdf"
                : fileName.strip().replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.length() > 200) {
            name = name.substring(name.length() - 200);
        }
        UUID id = UUID.randomUUID();
        Vault.Sealed sealed = vault.seal(id, PURPOSE, pdf);
        String sha = sha256(pdf);
        jdbc.sql("""
                        INSERT INTO agreement_document (id, party_key, file_name, size_bytes, sha256, key_id, sealed,
                                                        uploaded_by, uploaded_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        id,
                        party,
                        name,
                        pdf.length,
                        sha,
                        sealed.keyId(),
                        sealed.bytes(),
                        actor.current().reference(),
                        Timestamp.from(clock.instant()))
                .update();
        audit.record(AuditRecord.of(AuditAction.CREATE, "agreement_document", party)
                .detail("sha256", sha)
                .detail("sizeBytes", Integer.toString(pdf.length)));
        return new Stored(id, party, name, pdf.length, sha, clock.instant());
    }

    /** The document in force for the party, opened; audited as a read. */
    @Transactional
    public Optional<Document> open(String party) {
        Optional<Document> d = jdbc.sql("""
                        SELECT * FROM agreement_document WHERE party_key = ? ORDER BY uploaded_at DESC, id LIMIT 1
                        """)
                .param(party)
                .query((rs, i) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    byte[] pdf =
                            vault.open(id, PURPOSE, new Vault.Sealed(rs.getString("key_id"), rs.getBytes("sealed")));
                    return new Document(
                            new Stored(
                                    id,
                                    party,
                                    rs.getString("file_name"),
                                    rs.getLong("size_bytes"),
                                    rs.getString("sha256"),
                                    rs.getTimestamp("uploaded_at").toInstant()),
                            pdf);
                })
                .optional();
        d.ifPresent(x -> audit.record(AuditRecord.of(AuditAction.READ, "agreement_document", party)
                .detail("sha256", x.stored().sha256())));
        return d;
    }

    /** Per party the document in force, without opening it: what the console lists (no contents, so no audit). */
    public java.util.Map<String, Stored> inForce() {
        java.util.Map<String, Stored> byParty = new java.util.TreeMap<>();
        jdbc.sql("""
                        SELECT DISTINCT ON (party_key) id, party_key, file_name, size_bytes, sha256, uploaded_at
                          FROM agreement_document ORDER BY party_key, uploaded_at DESC, id
                        """)
                .query((rs, i) -> new Stored(
                        rs.getObject("id", UUID.class),
                        rs.getString("party_key"),
                        rs.getString("file_name"),
                        rs.getLong("size_bytes"),
                        rs.getString("sha256"),
                        rs.getTimestamp("uploaded_at").toInstant()))
                .list()
                .forEach(d -> byParty.put(d.party(), d));
        return byParty;
    }

    private void requireParty(String party) {
        Register register = registers
                .current()
                .map(RegisterVersion::register)
                .orElseThrow(() -> new DisclosuresException(Kind.CONFLICT, "party", "no register is in force yet"));
        boolean known = party != null
                && (register.recipient(party).isPresent()
                        || register.clients().stream().anyMatch(c -> c.key().equals(party)));
        if (!known) {
            throw new DisclosuresException(
                    Kind.NOT_FOUND, "party", "the register has no recipient or client organisation with this key");
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
