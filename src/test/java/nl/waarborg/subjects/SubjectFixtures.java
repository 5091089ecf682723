package nl.waarborg.subjects;

import static org.assertj.core.api.Assertions.assertThat;

import nl.waarborg.TestApi;
import tools.jackson.databind.JsonNode;

/** Creates organisations, services, subjects and records through the real API. */
final class SubjectFixtures {

    private final TestApi api;

    SubjectFixtures(TestApi api) {
        this.api = api;
    }

    String organisation(String name, String customerNumber) {
        return created(api.post(
                        "/api/v1/organisations",
                        "{\"kind\":\"BUSINESS\",\"name\":\"" + name + "\",\"customerNumber\":\"" + customerNumber
                                + "\"}"))
                .path("id")
                .asString();
    }

    String service(String organisationId, String key, String startedOn, String endedOn) {
        return created(api.post(
                        "/api/v1/organisations/" + organisationId + "/services",
                        "{\"serviceKey\":\"" + key + "\",\"startedOn\":\"" + startedOn + "\""
                                + (endedOn == null ? "" : ",\"endedOn\":\"" + endedOn + "\"") + "}"))
                .path("id")
                .asString();
    }

    /** identifiersJson: e.g. {"kind":"EMAIL","value":"a@example.nl"},{...} */
    String subject(String name, String organisationId, String role, String identifiersJson) {
        return created(api.post(
                        "/api/v1/subjects",
                        "{\"displayName\":\"" + name + "\",\"identifiers\":[" + identifiersJson + "],\"roles\":[{"
                                + "\"role\":\"" + role + "\",\"organisationId\":\"" + organisationId + "\"}]}"))
                .path("id")
                .asString();
    }

    String record(String subjectId, String category, String extraJson, String payloadJson) {
        return created(api.post(
                        "/api/v1/subjects/records",
                        "{\"category\":\"" + category + "\",\"subjectIds\":[\"" + subjectId + "\"]"
                                + (extraJson == null ? "" : "," + extraJson) + ",\"payload\":" + payloadJson + "}"))
                .path("id")
                .asString();
    }

    static JsonNode created(TestApi.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }
}
