package nl.waarborg.requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import nl.waarborg.TestApi;

/**
 * A customer with data in every place Waarborg keeps it (records in the built-in store, a call recording, calls in
 * the traffic data), and a second customer whose data must never show up in the first one's answer. Values are fresh
 * per test, so tests sharing the database do not see each other's data.
 */
public record PersonWithData(
        String subjectId,
        String email,
        String mobile,
        String mobileE164,
        String otherNumber,
        String recordingId,
        byte[] audio,
        String ownMarker,
        String otherMarker,
        String otherSubjectId) {

    /** Creates the person with {@code records} records, one recording and {@code calls} calls. */
    public static PersonWithData create(TestApi api, int records, int calls) {
        String org = created(api.post(
                        "/api/v1/organisations",
                        "{\"kind\":\"BUSINESS\",\"name\":\"Bakkerij Test\",\"customerNumber\":\"AP-" + UUID.randomUUID()
                                + "\"}"))
                .path("id")
                .asString();
        String digits = String.valueOf(10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        String mobile = "06" + digits;
        String e164 = "+316" + digits;
        String otherDigits =
                String.valueOf(1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
        String otherNumber = "+3120" + otherDigits;
        String email = "access-" + UUID.randomUUID() + "@example.nl";
        String subject = created(api.post(
                        "/api/v1/subjects",
                        "{\"displayName\":\"Anna Access\",\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"" + email
                                + "\"},{\"kind\":\"PHONE\",\"value\":\"" + mobile + "\"}],\"roles\":[{\"role\":"
                                + "\"CONTACT_PERSON\",\"organisationId\":\"" + org + "\"}]}"))
                .path("id")
                .asString();
        String ownMarker = "own-" + UUID.randomUUID();
        for (int i = 0; i < records; i++) {
            created(api.post(
                    "/api/v1/subjects/records",
                    "{\"category\":\"" + (i % 2 == 0 ? "customer-contacts" : "invoices") + "\",\"subjectIds\":[\""
                            + subject + "\"],\"organisationId\":\"" + org + "\""
                            + (i % 2 == 0 ? "" : ",\"invoiceDate\":\"2026-10-01\"")
                            + ",\"payload\":{\"note\":\"" + ownMarker
                            + "\",\"n\":" + i + "}}"));
        }
        String otherMarker = "other-" + UUID.randomUUID();
        String other = created(api.post(
                        "/api/v1/subjects",
                        "{\"displayName\":\"Bert Buur\",\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"other-"
                                + UUID.randomUUID() + "@example.nl\"}]}"))
                .path("id")
                .asString();
        created(api.post(
                "/api/v1/subjects/records",
                "{\"category\":\"customer-contacts\",\"subjectIds\":[\"" + other + "\"],\"payload\":{\"note\":\""
                        + otherMarker + "\"}}"));
        byte[] samples = new byte[8000];
        new Random(7).nextBytes(samples);
        byte[] audio = nl.waarborg.TestAudio.wav(samples);
        String recording = created(api.post(
                        "/api/v1/subjects/recordings?callId=acc-" + UUID.randomUUID() + "&caller=" + mobile
                                + "&callee=" + otherNumber.replace("+", "%2B")
                                + "&startedAt=2026-11-20T09:30:00Z&durationSeconds=12&service=voip",
                        "audio/wav",
                        audio))
                .path("id")
                .asString();
        if (calls > 0) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < calls; i++) {
                lines.append("{\"id\":\"acc-")
                        .append(digits)
                        .append('-')
                        .append(i)
                        .append("\",\"start\":\"2026-11-")
                        .append(10 + i % 15)
                        .append("T10:")
                        .append(String.format("%02d:%02d", (i / 60) % 60, i % 60))
                        .append("+01:00\",\"calling\":\"")
                        .append(i % 2 == 0 ? mobile : otherNumber)
                        .append("\",\"called\":\"")
                        .append(i % 2 == 0 ? otherNumber : mobile)
                        .append("\",\"duration\":")
                        .append(i % 300)
                        .append("}\n");
            }
            TestApi.Response r = api.post(
                    "/api/v1/traffic/cdr?format=jsonl",
                    "text/csv",
                    lines.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().path("added").asLong()).isEqualTo(calls);
        }
        return new PersonWithData(
                subject, email, mobile, e164, otherNumber, recording, audio, ownMarker, otherMarker, other);
    }

    /** A verified request of this person for the given rights; answers its reference. */
    public String verifiedRequest(TestApi api, String rights, String language) {
        TestApi.Response submitted = api.post(
                "/api/v1/requests",
                "{\"channel\":\"API\",\"rights\":[" + rights + "],\"language\":\"" + language
                        + "\",\"requesterName\":\"Anna Access\",\"email\":\"" + email + "\"}");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String reference = submitted.json().path("reference").asString();
        TestApi.Response verified =
                api.post("/api/v1/requests/" + reference + "/verification", "{\"method\":\"KNOWN_CONTACT\"}");
        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        return reference;
    }

    /** The entries of a ZIP by name. */
    public static Map<String, byte[]> unzip(byte[] zip) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.put(e.getName(), in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static tools.jackson.databind.JsonNode created(TestApi.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }
}
