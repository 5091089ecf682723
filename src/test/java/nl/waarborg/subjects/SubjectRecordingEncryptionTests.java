package nl.waarborg.subjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditEntry;
import nl.waarborg.audit.AuditQuery;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.subjects.internal.KeyRotation;
import nl.waarborg.subjects.internal.Keyring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Call-recording audio is encrypted at rest (a data key per file, wrapped by the keyring): the file store holds no
 * audio, downloads stream through decryption, damage is refused and reported without personal data, a rotation
 * re-wraps the data keys only, and recordings stored before encryption get encrypted.
 */
@WaarborgTest
@ExtendWith(OutputCaptureExtension.class)
class SubjectRecordingEncryptionTests {

    static final byte[] MARKER = "WAARBORG-PLAINTEXT-MARKER-7f3a9c".getBytes(StandardCharsets.US_ASCII);
    static final String PHONE = "+31612349876";
    static final int HEADER = 15;
    static final int SEALED_CHUNK = 64 * 1024 + 16;

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AuditTrail audit;

    @Autowired
    SubjectsProperties properties;

    @Autowired
    Keyring keyring;

    @Autowired
    KeyRotation rotation;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aLargeRecordingIsStreamedEncryptedToDiskAndBackAndRangesAreServed() throws Exception {
        TestApi api = api();
        long size = 24L * 1024 * 1024 + 123;
        String callId = "large-" + UUID.randomUUID();
        // Generated on the fly on both sides: neither the test nor the server holds the recording whole.
        HttpResponse<String> stored = http.send(
                HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/v1/subjects/recordings?callId=" + callId
                                + "&caller=" + PHONE.replace("+", "%2B") + "&startedAt=2026-02-28T23:30:00Z"))
                        .header("Authorization", "Bearer " + api.token())
                        .header("Content-Type", "audio/wav")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Audio(size)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
        String id = TestApi.JSON.readTree(stored.body()).path("id").asString();
        String expected = sha256(new Audio(size));
        assertThat(TestApi.JSON.readTree(stored.body()).path("sha256").asString())
                .isEqualTo(expected);

        Path file = fileOf(id);
        assertThat(file.getFileName().toString()).isEqualTo(id + ".enc");
        assertThat(Files.size(file)).isGreaterThan(size);
        assertThat(contains(file, MARKER)).isFalse();
        assertThat(contains(new Audio(size), MARKER)).isTrue(); // the search would have found it

        HttpResponse<InputStream> download = http.send(audioRequest(api, id, "large-check"), ofInputStream());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(size);
        assertThat(sha256(download.body())).isEqualTo(expected);

        // A range far into the file, as an audio player seeking: decrypted from the chunk that holds it.
        long from = 20L * 1024 * 1024 - 7;
        HttpResponse<byte[]> range = http.send(
                HttpRequest.newBuilder(
                                URI.create(api.baseUrl() + "/api/v1/subjects/recordings/" + id + "/audio?reason=seek"))
                        .header("Authorization", "Bearer " + api.token())
                        .header("Range", "bytes=" + from + "-" + (from + 99))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Range"))
                .hasValue("bytes " + from + "-" + (from + 99) + "/" + size);
        Audio source = new Audio(size);
        source.skipNBytes(from);
        assertThat(range.body()).isEqualTo(source.readNBytes(100));
    }

    @Test
    void oneAlteredByteIsRefusedClearlyAndReportedWithoutPersonalData(CapturedOutput output) throws Exception {
        TestApi api = api();
        String id = upload(api, 300 * 1024);
        Path file = fileOf(id);
        String subject = subjectOf(id);

        // In the first chunk: refused before any audio is sent, with a problem naming no data.
        AudioCipherTests.flip(file, HEADER + 100);
        TestApi.Response refused = api.get("/api/v1/subjects/recordings/" + id + "/audio?reason=tamper-check");
        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("type").asString()).isEqualTo("urn:waarborg:problem:sealed-record");
        assertThat(refused.body()).contains("altered").doesNotContain(PHONE);
        assertThat(output.getAll()).contains("Recording " + id + " failed its integrity check (chunk 0)");
        assertThat(integrityFailures(id, subject))
                .extracting(e -> e.details().get("at"))
                .containsExactly("chunk 0");
        // The listening attempt itself stays on the record too.
        assertThat(audit.find(new AuditQuery(
                        null, null, AuditAction.EXPORT, "call_recording", id, subject, null, null, null, 10)))
                .extracting(AuditEntry::purpose)
                .contains("tamper-check");

        // Further on: the download breaks off at the damaged chunk instead of delivering altered audio.
        AudioCipherTests.flip(file, HEADER + 100);
        AudioCipherTests.flip(file, HEADER + 3L * SEALED_CHUNK + 10);
        assertThatThrownBy(() ->
                        http.send(audioRequest(api, id, "tamper-check-2"), HttpResponse.BodyHandlers.ofByteArray()))
                .isInstanceOf(IOException.class);
        awaitLog(output, "Recording " + id + " failed its integrity check (chunk 3)");
        assertThat(integrityFailures(id, subject))
                .extracting(e -> e.details().get("at"))
                .contains("chunk 3");
        assertThat(output.getAll()).doesNotContain(PHONE).doesNotContain(PHONE.substring(3));
    }

    @Test
    void aTruncatedFileIsRefused(CapturedOutput output) throws Exception {
        TestApi api = api();
        String id = upload(api, 4 * 64 * 1024);
        Path file = fileOf(id);
        // Cut at a chunk boundary: every remaining chunk is intact, only the length betrays it.
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(HEADER + 2L * SEALED_CHUNK);
        }
        TestApi.Response refused = api.get("/api/v1/subjects/recordings/" + id + "/audio?reason=cut-check");
        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.json().path("type").asString()).isEqualTo("urn:waarborg:problem:sealed-record");
        assertThat(output.getAll()).contains("Recording " + id + " failed its integrity check (length)");
        assertThat(integrityFailures(id, subjectOf(id))).isNotEmpty();
    }

    @Test
    void rotationRewrapsTheDataKeysOnlyAndTheOldKeyCanThenBeRemoved() throws Exception {
        TestApi api = api();
        byte[] audio = audio(200 * 1024);
        String id = upload(api, audio);
        Path file = fileOf(id);
        byte[] ciphertext = Files.readAllBytes(file);
        String before = jdbc.queryForObject("SELECT key_id FROM call_recording WHERE id = ?::uuid", String.class, id);
        byte[] wrappedBefore =
                jdbc.queryForObject("SELECT wrapped_key FROM call_recording WHERE id = ?::uuid", byte[].class, id);

        String after = keyring.rotate();
        assertThat(rotation.status().pendingRecordings()).isPositive();
        KeyRotation.Status status = runPending();
        assertThat(status.pending()).isZero();

        assertThat(jdbc.queryForObject("SELECT key_id FROM call_recording WHERE id = ?::uuid", String.class, id))
                .isEqualTo(after);
        assertThat(jdbc.queryForObject("SELECT wrapped_key FROM call_recording WHERE id = ?::uuid", byte[].class, id))
                .isNotEqualTo(wrappedBefore);
        // The audio was not re-encrypted: same file, same bytes.
        assertThat(fileOf(id)).isEqualTo(file);
        assertThat(Files.readAllBytes(file)).isEqualTo(ciphertext);
        assertThat(status.keys())
                .filteredOn(k -> k.id().equals(before))
                .singleElement()
                .satisfies(k -> assertThat(k.recordings()).isZero());
        // Records other tests damaged on purpose keep their old key id (they are set aside, unreadable anyway).
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM store_record WHERE key_id = ? AND seal_failed_at IS NULL",
                        Long.class,
                        before))
                .isZero();

        // Nothing is left under the old key, so it can leave the keyring; the recording still plays.
        removeKey(before);
        assertThat(keyring.keys()).extracting(Keyring.KeyInfo::id).doesNotContain(before);
        HttpResponse<byte[]> download =
                http.send(audioRequest(api, id, "after-rotation"), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(audio);
    }

    @Test
    void aPlainRecordingFromBeforeEncryptionIsServedAndThenEncrypted() throws Exception {
        TestApi api = api();
        byte[] audio = audio(150 * 1024);
        // As a data folder from before this version holds it: a plain file and a row without a data key.
        UUID id = UUID.randomUUID();
        String relative = "2025/12/" + id + ".wav";
        Path plain = properties.recordingsPath().resolve(relative);
        Files.createDirectories(plain.getParent());
        Files.write(plain, audio);
        jdbc.update(
                """
                INSERT INTO call_recording (id, call_id, caller, started_at, file_name, content_type, size_bytes, sha256,
                                            created_at)
                VALUES (?, ?, ?, ?, ?, 'audio/wav', ?, ?, ?)
                """,
                id,
                "legacy-" + id,
                PHONE,
                Timestamp.from(Instant.parse("2025-12-31T23:00:00Z")),
                relative,
                audio.length,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(audio)),
                Timestamp.from(Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(rotation.status().pendingRecordings()).isPositive();

        HttpResponse<byte[]> before =
                http.send(audioRequest(api, id.toString(), "legacy"), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(before.body()).isEqualTo(audio);

        assertThat(runPending().pendingRecordings()).isZero(); // what the recurring job does
        assertThat(jdbc.queryForObject(
                        "SELECT encrypted AND key_id = ? FROM call_recording WHERE id = ?",
                        Boolean.class,
                        keyring.currentKeyId(),
                        id))
                .isTrue();
        assertThat(plain).doesNotExist();
        Path encrypted = fileOf(id.toString());
        assertThat(encrypted.getFileName().toString()).isEqualTo(id + ".enc");
        assertThat(contains(encrypted, MARKER)).isFalse();
        assertThat(audit.find(new AuditQuery(
                        null, null, AuditAction.UPDATE, "call_recording", id.toString(), null, null, null, null, 10)))
                .extracting(e -> e.details().get("fields"))
                .containsExactly("encryption");

        HttpResponse<byte[]> after =
                http.send(audioRequest(api, id.toString(), "legacy"), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).isEqualTo(audio);
    }

    // ---------------------------------------------------------------- helpers

    private TestApi api() {
        TestApi api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        SubjectFixtures fixtures = new SubjectFixtures(api);
        String org = fixtures.organisation("Opname B.V.", "C-" + UUID.randomUUID());
        if (jdbc.queryForObject(
                        "SELECT count(*) FROM subject_identifier WHERE kind = 'PHONE' AND value = ?", Long.class, PHONE)
                == 0) {
            fixtures.subject("Olga Opname", org, "CALLER", "{\"kind\":\"PHONE\",\"value\":\"" + PHONE + "\"}");
        }
        return api;
    }

    /** Runs the rotation's pending work; if the recurring job is already at it, waits for that run to finish. */
    private KeyRotation.Status runPending() throws InterruptedException {
        rotation.runPending();
        KeyRotation.Status status = rotation.status();
        for (int i = 0; i < 300 && status.pending() > 0; i++) {
            Thread.sleep(100);
            status = rotation.status();
        }
        return status;
    }

    private String upload(TestApi api, int size) {
        return upload(api, audio(size));
    }

    private String upload(TestApi api, byte[] audio) {
        TestApi.Response stored = api.post(
                "/api/v1/subjects/recordings?callId=c-" + UUID.randomUUID() + "&caller=" + PHONE.replace("+", "%2B")
                        + "&startedAt=2026-10-25T01:30:00Z",
                "audio/wav",
                audio);
        assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        return stored.json().path("id").asString();
    }

    private String subjectOf(String recordingId) {
        return jdbc.queryForObject(
                "SELECT subject_id::text FROM call_recording_subject WHERE recording_id = ?::uuid LIMIT 1",
                String.class,
                recordingId);
    }

    private List<AuditEntry> integrityFailures(String id, String subject) {
        return audit
                .find(new AuditQuery(null, null, AuditAction.READ, "call_recording", id, subject, null, null, null, 10))
                .stream()
                .filter(e -> "failed".equals(e.details().get("integrity")))
                .toList();
    }

    private static HttpRequest audioRequest(TestApi api, String id, String reason) {
        return HttpRequest.newBuilder(
                        URI.create(api.baseUrl() + "/api/v1/subjects/recordings/" + id + "/audio?reason=" + reason))
                .header("Authorization", "Bearer " + api.token())
                .build();
    }

    private static HttpResponse.BodyHandler<InputStream> ofInputStream() {
        return HttpResponse.BodyHandlers.ofInputStream();
    }

    private Path fileOf(String id) throws IOException {
        String name = jdbc.queryForObject("SELECT file_name FROM call_recording WHERE id = ?::uuid", String.class, id);
        return properties.recordingsPath().resolve(name);
    }

    private void removeKey(String keyId) throws IOException {
        Path file = properties.keyringPath();
        Properties content = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            content.load(in);
        }
        content.remove("key." + keyId);
        content.remove("created." + keyId);
        Path tmp = Files.createTempFile(file.getParent(), ".keyring", ".tmp");
        try (var out = Files.newBufferedWriter(tmp)) {
            content.store(out, null);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void awaitLog(CapturedOutput output, String text) throws InterruptedException {
        // The server logs from its own thread, possibly just after the client saw the connection close.
        for (int i = 0; i < 50 && !output.getAll().contains(text); i++) {
            Thread.sleep(100);
        }
        assertThat(output.getAll()).contains(text);
    }

    private static byte[] audio(int size) {
        try (Audio in = new Audio(size)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static boolean contains(Path file, byte[] needle) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return contains(in, needle);
        }
    }

    /** Streams through, keeping the last needle-length bytes, so a match across buffer edges is found. */
    private static boolean contains(InputStream in, byte[] needle) throws IOException {
        byte[] window = new byte[64 * 1024 + needle.length];
        int kept = 0;
        int n;
        while ((n = in.read(window, kept, window.length - kept)) > 0) {
            int filled = kept + n;
            for (int i = 0; i + needle.length <= filled; i++) {
                if (java.util.Arrays.equals(window, i, i + needle.length, needle, 0, needle.length)) {
                    return true;
                }
            }
            kept = Math.min(needle.length - 1, filled);
            System.arraycopy(window, filled - kept, window, 0, kept);
        }
        return false;
    }

    /** Deterministic "audio" of any size, made while read: a marker at the start of every 64 KiB, noise between. */
    static final class Audio extends InputStream {
        private final long size;
        private long position;

        Audio(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (position >= size) {
                return -1;
            }
            return at(position++) & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = at(position++);
            }
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.min(n, size - position);
            position += skipped;
            return skipped;
        }

        /** A WAV header first (the upload must be audio), then the marker at the start of every 64 KiB block. */
        static byte at(long p) {
            if (p < nl.waarborg.TestAudio.WAV_HEADER.length) {
                return nl.waarborg.TestAudio.WAV_HEADER[(int) p];
            }
            int inBlock = (int) (p % (64 * 1024));
            return inBlock < MARKER.length ? MARKER[inBlock] : (byte) ((p * 2654435761L) >>> 13);
        }
    }
}
