package nl.waarborg.connectors.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.badRequest;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.waarborg.connectors.internal.SystemResult.Status;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.StoreResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP connector against WireMock playing the external system, on localhost, including its failures. */
class HttpConnectorTests {

    WireMockServer crm;

    static final Set<Identifier> JAN = Set.of(
            new Identifier(IdentifierKind.PHONE, "+31201234567"),
            new Identifier(IdentifierKind.EMAIL, "jan@example.nl"));

    @BeforeEach
    void start() {
        crm = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        crm.start();
    }

    @AfterEach
    void stop() {
        crm.stop();
    }

    HttpConnector connector(Duration timeout, int attempts) {
        return new HttpConnector(
                "crm",
                new ConnectorSettings(
                        "http",
                        null,
                        null,
                        null,
                        null,
                        Map.of(),
                        URI.create(crm.baseUrl() + "/privacy"),
                        "s3cret",
                        timeout,
                        attempts,
                        Duration.ofMillis(20),
                        "anonymise",
                        Duration.ofDays(7),
                        List.of("crm-contact")));
    }

    List<LoggedRequest> requests(String path) {
        return crm.findAll(postRequestedFor(urlEqualTo(path)));
    }

    @Test
    void findsAndExportsFollowingTheContract() {
        crm.stubFor(post("/privacy/find").willReturn(okJson("""
                        {"records": [{"id": "c-17", "category": "crm-contact", "location": "contacts",
                                      "timestamp": "2024-05-01T10:00:00Z"}]}
                        """)));
        crm.stubFor(post("/privacy/export").willReturn(okJson("""
                        {"records": [{"id": "c-17", "category": "crm-contact", "location": "contacts",
                                      "timestamp": "2024-05-01T10:00:00Z",
                                      "data": {"name": "Jan Jansen", "visits": 3, "vip": true}}]}
                        """)));
        SystemResult found = connector(Duration.ofSeconds(2), 3).find(JAN);
        assertThat(found.status()).isEqualTo(Status.DONE);
        assertThat(found.records()).hasSize(1);
        assertThat(found.records().get(0).key()).isEqualTo("c-17");
        assertThat(found.records().get(0).location()).isEqualTo("crm:contacts");
        assertThat(found.records().get(0).timestamp()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(found.records().get(0).data()).isEmpty();

        SystemResult exported = connector(Duration.ofSeconds(2), 3).export(JAN);
        assertThat(exported.records().get(0).data())
                .containsEntry("name", "Jan Jansen")
                .containsEntry("visits", 3)
                .containsEntry("vip", true);

        LoggedRequest request = requests("/privacy/find").get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(request.getHeader("Idempotency-Key")).isNotBlank();
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        crm.verify(postRequestedFor(urlEqualTo("/privacy/find"))
                .withRequestBody(
                        matchingJsonPath("$.identifiers[?(@.kind == 'PHONE')].value", equalTo("+31201234567"))));
    }

    @Test
    void retriesA500WithTheSameIdempotencyKey() {
        crm.stubFor(post("/privacy/erase")
                .inScenario("flaky")
                .whenScenarioStateIs(STARTED)
                .willReturn(serverError())
                .willSetStateTo("second"));
        crm.stubFor(post("/privacy/erase")
                .inScenario("flaky")
                .whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("up"));
        crm.stubFor(post("/privacy/erase")
                .inScenario("flaky")
                .whenScenarioStateIs("up")
                .willReturn(okJson("{\"affected\": 2}")));

        SystemResult result = connector(Duration.ofSeconds(2), 3).erase(JAN, Set.of(), "R-9/erase");
        assertThat(result.status()).isEqualTo(Status.DONE);
        assertThat(result.affected()).isEqualTo(2);

        List<LoggedRequest> attempts = requests("/privacy/erase");
        assertThat(attempts).hasSize(3);
        assertThat(attempts.stream().map(r -> r.getHeader("Idempotency-Key")).distinct())
                .hasSize(1);
        crm.verify(postRequestedFor(urlEqualTo("/privacy/erase"))
                .withRequestBody(matchingJsonPath("$.mode", equalTo("anonymise")))
                .withRequestBody(matchingJsonPath("$.operationId", equalTo("R-9/erase"))));

        // The same operation again sends the same key, so the system can answer without doing it twice.
        crm.resetRequests();
        connector(Duration.ofSeconds(2), 3).erase(JAN, Set.of(), "R-9/erase");
        assertThat(requests("/privacy/erase").get(0).getHeader("Idempotency-Key"))
                .isEqualTo(attempts.get(0).getHeader("Idempotency-Key"));
    }

    @Test
    void givesUpAfterTheLastAttemptOnPersistent500s() {
        crm.stubFor(post("/privacy/expire").willReturn(serverError()));
        assertThatThrownBy(() -> connector(Duration.ofSeconds(2), 3)
                        .expire("crm-contact", Instant.parse("2020-01-01T00:00:00Z"), Set.of(), "run-1", false))
                .isInstanceOf(ConnectorFailure.class)
                .hasMessage("crm: expire failed after 3 attempt(s), last: HTTP 500");
        assertThat(requests("/privacy/expire")).hasSize(3);
    }

    @Test
    void timesOutAndRetriesThenFails() {
        crm.stubFor(post("/privacy/find").willReturn(okJson("{\"records\": []}").withFixedDelay(1500)));
        long started = System.nanoTime();
        assertThatThrownBy(() -> connector(Duration.ofMillis(300), 2).find(JAN))
                .isInstanceOf(ConnectorFailure.class)
                .hasMessageContaining("no answer within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1400));
        assertThat(requests("/privacy/find")).hasSize(2);
    }

    @Test
    void aTimeoutFollowedByAnAnswerSucceeds() {
        crm.stubFor(post("/privacy/find")
                .inScenario("slow")
                .whenScenarioStateIs(STARTED)
                .willReturn(okJson("{\"records\": []}").withFixedDelay(1500))
                .willSetStateTo("fast"));
        crm.stubFor(post("/privacy/find")
                .inScenario("slow")
                .whenScenarioStateIs("fast")
                .willReturn(okJson("{\"records\": [{\"id\": \"1\", \"category\": \"crm-contact\"}]}")));
        SystemResult result = connector(Duration.ofMillis(300), 3).find(JAN);
        assertThat(result.records()).hasSize(1);
    }

    @Test
    void doesNotRetryARefusal() {
        crm.stubFor(post("/privacy/erase").willReturn(badRequest()));
        assertThatThrownBy(() -> connector(Duration.ofSeconds(2), 3).erase(JAN, Set.of(), "op"))
                .hasMessage("crm: erase refused with HTTP 400");
        assertThat(requests("/privacy/erase")).hasSize(1);
    }

    @Test
    void anAcceptedErasureIsPending() {
        crm.stubFor(post("/privacy/erase")
                .willReturn(aResponse()
                        .withStatus(202)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"reference\": \"job-77\"}")));
        SystemResult result = connector(Duration.ofSeconds(2), 1).erase(JAN, Set.of(), "op-2");
        assertThat(result.status()).isEqualTo(Status.PENDING);
        assertThat(result.reference()).isEqualTo("job-77");
    }

    @Test
    void aFailingSystemIsAFailedResultWithItsReasonAndIdentifiersGoNormalised() {
        crm.stubFor(post("/privacy/find").willReturn(okJson("{\"records\": []}")));
        WireMockServer other = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        other.start();
        try {
            other.stubFor(post("/privacy/find").willReturn(serverError()));
            HttpConnector broken = new HttpConnector(
                    "tickets",
                    new ConnectorSettings(
                            "http",
                            null,
                            null,
                            null,
                            null,
                            Map.of(),
                            URI.create(other.baseUrl() + "/privacy/"),
                            null,
                            Duration.ofSeconds(1),
                            2,
                            Duration.ofMillis(10),
                            "delete",
                            Duration.ofDays(7),
                            List.of()));
            DataHolder holder = DataHolder.unregistered(List.of(new Identifier(IdentifierKind.PHONE, "020 123 45 67")));
            StoreResult failed = ConnectorStore.of(broken).find(holder);
            StoreResult done =
                    ConnectorStore.of(connector(Duration.ofSeconds(2), 1)).find(holder);
            assertThat(failed.status()).isEqualTo(StoreResult.Status.FAILED);
            assertThat(failed.detail()).isEqualTo("tickets: find failed after 2 attempt(s), last: HTTP 500");
            assertThat(done.status()).isEqualTo(StoreResult.Status.DONE);
            crm.verify(postRequestedFor(urlEqualTo("/privacy/find"))
                    .withRequestBody(matchingJsonPath("$.identifiers[0].value", equalTo("+31201234567"))));
        } finally {
            other.stop();
        }
    }

    @Test
    void sendsWhatAnErasureKeepsAndWhatAnExpiryMustLeaveAlone() {
        crm.stubFor(post("/privacy/erase").willReturn(okJson("{\"affected\": 1}")));
        crm.stubFor(post("/privacy/expire").willReturn(okJson("{\"affected\": 4}")));
        HttpConnector c = connector(Duration.ofSeconds(2), 1);
        c.erase(JAN, Set.of("invoices"), "R-1/erase");
        crm.verify(postRequestedFor(urlEqualTo("/privacy/erase"))
                .withRequestBody(matchingJsonPath("$.keep[0]", equalTo("invoices"))));

        SystemResult dry = c.expire(
                "crm-contact",
                Instant.parse("2024-01-01T00:00:00Z"),
                Set.of(new Identifier(IdentifierKind.EMAIL, "held@example.nl")),
                "run-7",
                true);
        assertThat(dry.affected()).isEqualTo(4);
        crm.verify(postRequestedFor(urlEqualTo("/privacy/expire"))
                .withRequestBody(matchingJsonPath("$.dryRun", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.exclude[0].value", equalTo("held@example.nl")))
                .withRequestBody(matchingJsonPath("$.before", equalTo("2024-01-01T00:00:00Z"))));
    }

    @Test
    void restrictsAndLiftsFollowingTheContract() {
        crm.stubFor(post("/privacy/restrict").willReturn(okJson("{\"affected\": 3}")));
        crm.stubFor(post("/privacy/lift").willReturn(okJson("{\"affected\": 3}")));
        ConnectorStore store = ConnectorStore.of(connector(Duration.ofSeconds(2), 1));
        assertThat(store).isInstanceOf(nl.waarborg.subjects.DataStore.Restrictor.class);
        DataHolder holder = DataHolder.unregistered(JAN);
        var restricted = ((nl.waarborg.subjects.DataStore.Restrictor) store).restrict(holder, "R-4/restrict");
        var lifted = ((nl.waarborg.subjects.DataStore.Restrictor) store).lift(holder, "R-4/lift");
        assertThat(restricted.affected()).isEqualTo(3);
        assertThat(lifted.affected()).isEqualTo(3);
        crm.verify(postRequestedFor(urlEqualTo("/privacy/restrict"))
                .withRequestBody(matchingJsonPath("$.operationId", equalTo("R-4/restrict"))));
        String restrictKey = requests("/privacy/restrict").get(0).getHeader("Idempotency-Key");
        assertThat(requests("/privacy/lift").get(0).getHeader("Idempotency-Key"))
                .isNotEqualTo(restrictKey);
    }
}
