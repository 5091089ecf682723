package nl.waarborg.web;

import static org.assertj.core.api.Assertions.assertThat;

import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The REST API is described by OpenAPI, publicly, so integrators can generate clients. */
@WaarborgTest
class OpenApiTests {

    @LocalServerPort
    int port;

    @Test
    void describesTheApi() {
        TestApi.Response docs = new TestApi(port, null).get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        var paths = docs.json().path("paths");
        assertThat(paths.has("/api/v1/admin/users")).isTrue();
        assertThat(paths.has("/api/v1/audit/verify")).isTrue();
        assertThat(paths.has("/console")).as("only the API is described").isFalse();
        assertThat(docs.json()
                        .path("components")
                        .path("securitySchemes")
                        .path("token")
                        .path("scheme")
                        .asString())
                .isEqualTo("bearer");
    }
}
