package nl.waarborg.subjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditEntry;
import nl.waarborg.audit.AuditQuery;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.subjects.internal.Keyring;
import nl.waarborg.subjects.internal.SealedDataException;
import nl.waarborg.subjects.internal.Sealer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Sensitive records are AES-GCM ciphertext at rest; a dump reveals nothing; tampering and wrong keys are refused. */
@WaarborgTest
class SubjectEncryptionTests {

    static final String SECRET = "Correct-Horse-Battery-Staple-7391";

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    nl.waarborg.register.internal.RegisterEditor editor;

    @Autowired
    nl.waarborg.register.Registers registers;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AuditTrail audit;

    @Autowired
    SubjectsProperties properties;

    TestApi api;
    SubjectFixtures fixtures;

    @BeforeEach
    void setUp() {
        // Which records are sealed is the register's to say: these tests expect the template's.
        nl.waarborg.TestRegisters.templateInForce(editor, registers);
        api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        fixtures = new SubjectFixtures(api);
    }

    String credentialRecord() {
        String org = fixtures.organisation("Crypto B.V.", "C-" + UUID.randomUUID());
        String subject =
                fixtures.subject("Cris Crypto", org, "END_USER", "{\"kind\":\"EMAIL\",\"value\":\"cris@example.nl\"}");
        return fixtures.record(
                subject, "user.authorization.credentials", null, "{\"portalPassword\":\"" + SECRET + "\"}");
    }

    @Test
    void aDatabaseDumpRevealsNothingOfASensitiveRecord() {
        String id = credentialRecord();

        // What pg_dump would write: every column of the row in text form, the ciphertext as hex.
        String row = jdbc.queryForObject(
                "SELECT row_to_json(r)::text FROM store_record r WHERE id = ?::uuid", String.class, id);
        byte[] ciphertext =
                jdbc.queryForObject("SELECT ciphertext FROM store_record WHERE id = ?::uuid", byte[].class, id);
        assertThat(row).doesNotContain(SECRET).doesNotContain("portalPassword");
        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
        assertThat(jdbc.queryForObject(
                        "SELECT payload IS NULL FROM store_record WHERE id = ?::uuid", Boolean.class, id))
                .isTrue();
        String everything = String.join(
                "\n",
                jdbc.queryForList(
                        "SELECT coalesce(payload::text, '') || encode(coalesce(ciphertext, ''::bytea), 'escape') FROM store_record",
                        String.class));
        assertThat(everything).doesNotContain(SECRET);
    }

    @Test
    void readingASensitiveRecordNeedsAReasonAndIsAuditedWithIt() {
        String id = credentialRecord();

        TestApi.Response refused = api.get("/api/v1/subjects/records/" + id);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("field").asString()).isEqualTo("reason");

        TestApi.Response read = api.get("/api/v1/subjects/records/" + id + "?reason=ticket-4711");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("payload").path("portalPassword").asString())
                .isEqualTo(SECRET);

        List<AuditEntry> reads =
                audit.find(new AuditQuery(null, null, AuditAction.READ, "record", id, null, null, null, null, 10));
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).purpose()).isEqualTo("ticket-4711");
        assertThat(reads.get(0).details()).containsEntry("sensitive", "true");
        assertThat(reads.get(0).subjectId()).isNotNull();
    }

    @Test
    void aTamperedOrRelabelledCiphertextIsRefused() {
        String id = credentialRecord();
        jdbc.update(
                "UPDATE store_record SET ciphertext = set_byte(ciphertext, 20, get_byte(ciphertext, 20) # 1) WHERE id = ?::uuid",
                id);
        TestApi.Response tampered = api.get("/api/v1/subjects/records/" + id + "?reason=check");
        assertThat(tampered.status()).isEqualTo(500);
        assertThat(tampered.json().path("type").asString()).isEqualTo("urn:waarborg:problem:sealed-record");
        assertThat(tampered.body()).doesNotContain(SECRET);

        // A ciphertext moved onto another record does not open either: the record id is bound to it.
        String other = credentialRecord();
        String third = credentialRecord();
        jdbc.update(
                "UPDATE store_record SET ciphertext = (SELECT ciphertext FROM store_record WHERE id = ?::uuid) WHERE id = ?::uuid",
                third,
                other);
        assertThat(api.get("/api/v1/subjects/records/" + other + "?reason=check")
                        .status())
                .isEqualTo(500);
    }

    @Test
    void aWrongOrUnknownKeyIdIsRefused(@TempDir Path dir) {
        Keyring keyring = new Keyring(dir.resolve("keyring"), Clock.systemUTC());
        Sealer sealer = new Sealer(keyring);
        UUID record = UUID.randomUUID();
        Sealer.Sealed sealed = sealer.seal(record, "user.authorization.password", SECRET.getBytes());
        assertThat(new String(sealer.open(record, "user.authorization.password", sealed.keyId(), sealed.bytes())))
                .isEqualTo(SECRET);

        String newer = keyring.rotate();
        assertThatThrownBy(() -> sealer.open(record, "user.authorization.password", newer, sealed.bytes()))
                .isInstanceOf(SealedDataException.class)
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> sealer.open(record, "user.authorization.password", "k-unknown", sealed.bytes()))
                .isInstanceOf(SealedDataException.class)
                .hasMessageContaining("does not hold");
        assertThatThrownBy(() -> sealer.open(record, "user.contact.email", sealed.keyId(), sealed.bytes()))
                .isInstanceOf(SealedDataException.class);
        // The old key stays, so the record still opens after the rotation.
        assertThat(sealer.open(record, "user.authorization.password", sealed.keyId(), sealed.bytes()))
                .isEqualTo(SECRET.getBytes());
    }

    @Test
    void theKeyringLivesOutsideTheDatabaseReadableByTheOwnerOnly() throws Exception {
        Path file = properties.keyringPath();
        assertThat(file).exists();
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String keyId = jdbc.queryForObject(
                "SELECT key_id FROM store_record WHERE id = ?::uuid", String.class, credentialRecord());
        assertThat(Files.readString(file)).contains("key." + keyId + "=");
    }

    @Test
    void aFlaggedRecordOfAnOrdinaryCategoryIsEncryptedToo() {
        String org = fixtures.organisation("Flag B.V.", "C-" + UUID.randomUUID());
        String subject = fixtures.subject("Flo", org, "CALLER", "{\"kind\":\"PHONE\",\"value\":\"0612345999\"}");
        String id = fixtures.record(
                subject, "user.content.private", "\"sensitive\":true", "{\"recordingNote\":\"" + SECRET + "\"}");
        assertThat(jdbc.queryForObject("SELECT sensitive FROM store_record WHERE id = ?::uuid", Boolean.class, id))
                .isTrue();
        assertThat(jdbc.queryForObject(
                        "SELECT row_to_json(r)::text FROM store_record r WHERE id = ?::uuid", String.class, id))
                .doesNotContain(SECRET);
    }
}
