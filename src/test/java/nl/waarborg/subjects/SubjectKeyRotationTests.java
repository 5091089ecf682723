package nl.waarborg.subjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.subjects.internal.KeyRotation;
import nl.waarborg.subjects.internal.Keyring;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** A rotation makes a new key current and re-encrypts every sensitive record in the background; nothing is lost. */
@WaarborgTest
class SubjectKeyRotationTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    nl.waarborg.register.internal.RegisterEditor editor;

    @Autowired
    nl.waarborg.register.Registers registers;

    /** Which records are sealed is the register's to say: these tests expect the template's. */
    @org.junit.jupiter.api.BeforeEach
    void templateInForce() {
        nl.waarborg.TestRegisters.templateInForce(editor, registers);
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Keyring keyring;

    @Autowired
    KeyRotation rotation;

    @Test
    void rotationReencryptsEverythingAndOldDataStaysReadable() throws Exception {
        TestApi agent = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        SubjectFixtures fixtures = new SubjectFixtures(agent);
        String org = fixtures.organisation("Rotate B.V.", "C-" + UUID.randomUUID());
        String subject =
                fixtures.subject("Rob Rotate", org, "END_USER", "{\"kind\":\"EMAIL\",\"value\":\"rob@example.nl\"}");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            ids.add(fixtures.record(subject, "user.authorization.password", null, "{\"code\":\"secret-" + i + "\"}"));
        }
        String before =
                agent.get("/api/v1/subjects/keys").json().path("currentKeyId").asString();

        // Rotating touches every sensitive record: an administrator's act, not an agent's.
        assertThat(agent.post("/api/v1/subjects/keys/rotate", "{}").status()).isEqualTo(403);

        TestApi admin = TestApi.withScopes(port, tokens, "subjects:read", "admin:write");
        TestApi.Response rotated = admin.post("/api/v1/subjects/keys/rotate", "{}");
        assertThat(rotated.status()).isEqualTo(202);
        String after = rotated.json().path("currentKeyId").asString();
        assertThat(after).isNotEqualTo(before);

        JsonNode status = waitUntilDone(admin);
        assertThat(status.path("pending").asLong()).isZero();
        assertThat(status.path("lastRotation").path("finishedAt").isNull()).isFalse();
        assertThat(status.path("keys").findValuesAsString("id")).contains(before, after);

        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM store_record WHERE sensitive AND key_id <> ? AND seal_failed_at IS NULL",
                        Long.class,
                        after))
                .isZero();
        for (int i : new int[] {0, 599, 1099}) {
            assertThat(agent.get("/api/v1/subjects/records/" + ids.get(i) + "?reason=rotation-check")
                            .json()
                            .path("payload")
                            .path("code")
                            .asString())
                    .isEqualTo("secret-" + i);
        }
        // New records go straight under the new key.
        String fresh = fixtures.record(subject, "user.authorization.password", null, "{\"code\":\"new\"}");
        assertThat(jdbc.queryForObject("SELECT key_id FROM store_record WHERE id = ?::uuid", String.class, fresh))
                .isEqualTo(after);
    }

    @Test
    void anInterruptedRotationIsPickedUpByTheRecurringJob() throws Exception {
        TestApi agent = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        SubjectFixtures fixtures = new SubjectFixtures(agent);
        String org = fixtures.organisation("Resume B.V.", "C-" + UUID.randomUUID());
        String subject = fixtures.subject("Res", org, "END_USER", "{\"kind\":\"EMAIL\",\"value\":\"res@example.nl\"}");
        String id = fixtures.record(subject, "user.authorization.password", null, "{\"n\":\"X1\"}");

        // As if the server stopped right after the new key became current, before any record was re-encrypted.
        String next = keyring.rotate();
        assertThat(rotation.status().pending()).isPositive();

        rotation.runPending(); // what the recurring job does after a restart
        assertThat(rotation.status().pending()).isZero();
        assertThat(jdbc.queryForObject("SELECT key_id FROM store_record WHERE id = ?::uuid", String.class, id))
                .isEqualTo(next);
        assertThat(agent.get("/api/v1/subjects/records/" + id + "?reason=check")
                        .json()
                        .path("payload")
                        .path("n")
                        .asString())
                .isEqualTo("X1");
    }

    @Test
    void aDamagedRecordIsSetAsideWithoutStoppingTheRotation() {
        TestApi agent = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        SubjectFixtures fixtures = new SubjectFixtures(agent);
        String org = fixtures.organisation("Damage B.V.", "C-" + UUID.randomUUID());
        String subject = fixtures.subject("Dam", org, "END_USER", "{\"kind\":\"EMAIL\",\"value\":\"dam@example.nl\"}");
        String damaged = fixtures.record(subject, "user.authorization.password", null, "{\"c\":\"1\"}");
        String intact = fixtures.record(subject, "user.authorization.password", null, "{\"c\":\"2\"}");
        jdbc.update(
                "UPDATE store_record SET ciphertext = set_byte(ciphertext, 14, get_byte(ciphertext, 14) # 1) WHERE id = ?::uuid",
                damaged);
        long unreadableBefore = rotation.status().unreadable();

        String next = keyring.rotate();
        rotation.runPending();

        KeyRotation.Status status = rotation.status();
        assertThat(status.pending()).isZero();
        // Other tests in this shared database may have left damaged records too; they are set aside alike.
        assertThat(status.unreadable()).isGreaterThan(unreadableBefore);
        assertThat(jdbc.queryForObject("SELECT key_id FROM store_record WHERE id = ?::uuid", String.class, intact))
                .isEqualTo(next);
        assertThat(jdbc.queryForObject(
                        "SELECT seal_failed_at IS NOT NULL FROM store_record WHERE id = ?::uuid",
                        Boolean.class,
                        damaged))
                .isTrue();
    }

    private static JsonNode waitUntilDone(TestApi api) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonNode status = api.get("/api/v1/subjects/keys").json();
        while (status.path("pending").asLong() > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            status = api.get("/api/v1/subjects/keys").json();
        }
        return status;
    }
}
