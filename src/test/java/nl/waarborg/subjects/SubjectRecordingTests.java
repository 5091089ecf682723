package nl.waarborg.subjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditEntry;
import nl.waarborg.audit.AuditQuery;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Call recordings live as files in the file store, indexed in the database, linked to the callers, audited. */
@WaarborgTest
class SubjectRecordingTests {

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

    @Test
    void storesTheAudioOnDiskNotInTheDatabaseAndLinksTheCallers() throws Exception {
        TestApi api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        SubjectFixtures fixtures = new SubjectFixtures(api);
        String org = fixtures.organisation("Call B.V.", "C-" + UUID.randomUUID());
        String caller =
                fixtures.subject("Carla Caller", org, "CALLER", "{\"kind\":\"PHONE\",\"value\":\"06 12345 678\"}");

        byte[] samples = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(samples);
        byte[] audio = nl.waarborg.TestAudio.wav(samples);
        String callId = "call-" + UUID.randomUUID();
        TestApi.Response stored = api.post(
                "/api/v1/subjects/recordings?callId=" + callId
                        + "&caller=0031612345678&callee=%2B31207000100&startedAt=2026-03-29T01:30:00Z"
                        + "&durationSeconds=95&service=voip",
                "audio/wav",
                audio);
        assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        JsonNode recording = stored.json();
        String id = recording.path("id").asString();
        assertThat(recording.path("caller").asString()).isEqualTo("+31612345678");
        assertThat(recording.path("subjectIds").get(0).asString()).isEqualTo(caller);
        assertThat(recording.path("sizeBytes").asLong()).isEqualTo(audio.length);

        // The file is in the store, named by a random id; its bytes are nowhere in the database.
        Path file;
        try (Stream<Path> files = Files.walk(properties.recordingsPath())) {
            file = files.filter(p -> p.getFileName().toString().startsWith(id))
                    .findFirst()
                    .orElseThrow();
        }
        // Encrypted at rest: the file is not the audio, and only the wrapped data key is in the database.
        assertThat(Files.readAllBytes(file)).isNotEqualTo(audio);
        assertThat(recording.path("encrypted").asBoolean()).isTrue();
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(file.toString()).doesNotContain("612345678").doesNotContain(callId);
        assertThat(recording.path("sha256").asString())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(audio)));
        List<String> byteaColumns = jdbc.queryForList(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'call_recording' AND data_type = 'bytea'",
                String.class);
        assertThat(byteaColumns).containsExactly("wrapped_key");
        assertThat(jdbc.queryForObject(
                        "SELECT octet_length(wrapped_key) FROM call_recording WHERE id = ?::uuid", Integer.class, id))
                .isLessThan(100);
        assertThat(jdbc.queryForObject("SELECT pg_total_relation_size('call_recording')", Long.class))
                .isLessThan(audio.length);

        // Found through the caller's subject page, and by number.
        assertThat(api.get("/api/v1/subjects/" + caller)
                        .json()
                        .path("recordings")
                        .size())
                .isEqualTo(1);
        assertThat(api.get("/api/v1/subjects/recordings?number=0612345678")
                        .json()
                        .size())
                .isEqualTo(1);

        // Listening needs a reason, and is audited as an export with it.
        TestApi.Response noReason = api.get("/api/v1/subjects/recordings/" + id + "/audio");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().path("field").asString()).isEqualTo("reason");
        HttpResponse<byte[]> download = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/v1/subjects/recordings/" + id
                                        + "/audio?reason=complaint-77"))
                                .header("Authorization", "Bearer " + api.token())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("audio/wav");
        assertThat(download.body()).isEqualTo(audio);
        List<AuditEntry> exports = audit.find(
                new AuditQuery(null, null, AuditAction.EXPORT, "call_recording", id, caller, null, null, null, 10));
        assertThat(exports).extracting(AuditEntry::purpose).containsExactly("complaint-77");

        // Deleting removes the index entry and the file.
        assertThat(api.delete("/api/v1/subjects/recordings/" + id + "?purpose=retention")
                        .status())
                .isEqualTo(204);
        assertThat(file).doesNotExist();
    }

    @Test
    void refusesWhatIsNotAudioAndDuplicateCalls() throws IOException {
        TestApi api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        String query = "/api/v1/subjects/recordings?callId=dup-" + UUID.randomUUID()
                + "&caller=0207000111&startedAt=2026-10-25T01:30:00Z";
        TestApi.Response text = api.post(query, "text/plain", "hello".getBytes());
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.json().path("field").asString()).isEqualTo("contentType");

        assertThat(api.post(query, "audio/mpeg", nl.waarborg.TestAudio.MP3_FRAME)
                        .status())
                .isEqualTo(201);
        TestApi.Response again = api.post(query, "audio/mpeg", nl.waarborg.TestAudio.MP3_FRAME);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("field").asString()).isEqualTo("callId");

        TestApi.Response badNumber = api.post(
                "/api/v1/subjects/recordings?callId=x-" + UUID.randomUUID()
                        + "&caller=12&startedAt=2026-01-01T00:00:00Z",
                "audio/wav",
                nl.waarborg.TestAudio.WAV_HEADER);
        assertThat(badNumber.status()).isEqualTo(400);
        assertThat(badNumber.json().path("field").asString()).isEqualTo("caller");
        assertThat(badNumber.body()).doesNotContain("\"12\"");
    }

    @Test
    void anUploadMustBeTheAudioItClaimsToBe() {
        TestApi api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        String query = "/api/v1/subjects/recordings?callId=sniff-" + UUID.randomUUID()
                + "&caller=0207000111&startedAt=2026-10-25T01:30:00Z";
        byte[] noise = new byte[20_000];
        new Random(7).nextBytes(noise);
        TestApi.Response random = api.post(query, "audio/wav", noise);
        assertThat(random.status()).isEqualTo(415);
        assertThat(random.contentType()).startsWith("application/problem+json");
        assertThat(random.json().path("detail").asString()).contains("not audio", "application/octet-stream");
        TestApi.Response html = api.post(query, "audio/wav", "<html><body>hi</body></html>".getBytes());
        assertThat(html.status()).isEqualTo(415);
        assertThat(html.json().path("detail").asString()).contains("text/html");
        TestApi.Response mismatch = api.post(query, "audio/wav", nl.waarborg.TestAudio.MP3_FRAME);
        assertThat(mismatch.status()).isEqualTo(415);
        assertThat(mismatch.json().path("field").asString()).isEqualTo("contentType");
        assertThat(mismatch.json().path("detail").asString()).contains("audio/mpeg", "audio/wav");
        TestApi.Response empty = api.post(query, "audio/wav", new byte[0]);
        assertThat(empty.status()).isEqualTo(400);
        // Nothing of the refused uploads was kept.
        assertThat(api.get("/api/v1/subjects/recordings?number=%2B31207000111")
                        .json()
                        .toString())
                .doesNotContain("sniff-");
    }
}
