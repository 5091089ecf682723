package nl.waarborg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import nl.waarborg.TestApi;
import nl.waarborg.TestCli;
import nl.waarborg.TestCli.Run;
import nl.waarborg.WaarborgTest;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code ./waarborg subject find} and {@code ./waarborg keys rotate} against a real server. */
@WaarborgTest
class SubjectCommandTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    Run run(String token, String... args) {
        return TestCli.remote(port, token, args);
    }

    @Test
    void subjectFindPrintsRecordsPerCategoryAndWhereTheyLive() {
        TestApi api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        String customer = "C-" + UUID.randomUUID();
        String org = api.post(
                        "/api/v1/organisations",
                        "{\"kind\":\"CONSUMER\",\"name\":\"Familie Cli\",\"customerNumber\":\"" + customer + "\"}")
                .json()
                .path("id")
                .asString();
        String subject = api.post(
                        "/api/v1/subjects",
                        "{\"displayName\":\"Cees Cli\",\"identifiers\":[{\"kind\":\"PHONE\",\"value\":\"06 12345 444\"}],"
                                + "\"roles\":[{\"role\":\"KEYHOLDER\",\"organisationId\":\"" + org + "\"}]}")
                .json()
                .path("id")
                .asString();
        for (String category :
                new String[] {"user.contact.phone_number", "user.contact.phone_number", "user.authorization.password"
                }) {
            api.post(
                    "/api/v1/subjects/records",
                    "{\"category\":\"" + category + "\",\"subjectIds\":[\"" + subject + "\"],\"payload\":{}}");
        }

        Run text = run(api.token(), "subject", "find", "+31612345444");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out())
                .contains("1 subject found.", "Cees Cli", subject, "KEYHOLDER")
                .containsPattern("user\\.contact\\.phone_number\\s+2\\s+built-in")
                .containsPattern("user\\.authorization\\.password\\s+1\\s+built-in");

        Run json = run(api.token(), "subject", "find", "0612345444", "--json");
        assertThat(json.exit()).isZero();
        assertThat(TestApi.JSON.readTree(json.out()).get(0).path("id").asString())
                .isEqualTo(subject);

        Run none = run(api.token(), "subject", "find", "nobody-" + UUID.randomUUID() + "@example.nl");
        assertThat(none.exit()).isEqualTo(WaarborgCli.FAILED);
        assertThat(none.out()).contains("No subject found, and nothing is kept under this identifier.");

        Run bad = run(api.token(), "subject", "find", "not-a-number", "--kind", "PHONE");
        assertThat(bad.exit()).as("the server's 400: a usage error").isEqualTo(WaarborgCli.USAGE);
        assertThat(bad.err()).contains("[field: identifier]");
    }

    @Test
    void keysRotateWaitsAndReportsProgress() {
        String admin =
                TestApi.withScopes(port, tokens, "subjects:read", "admin:write").token();
        Run rotate = run(admin, "keys", "rotate");
        assertThat(rotate.exit()).as(rotate.err()).isZero();
        assertThat(rotate.out())
                .contains("is now current")
                .contains("Done: every sensitive record and every recording is encrypted");

        Run status = run(admin, "keys", "status", "--json");
        assertThat(status.exit()).isZero();
        assertThat(TestApi.JSON.readTree(status.out()).path("pending").asLong()).isZero();
    }
}
