package nl.waarborg.subjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditEntry;
import nl.waarborg.audit.AuditQuery;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Looking a person up by any identifier finds them and every record linked to them, and the lookup is audited. */
@WaarborgTest
class SubjectLookupTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    AuditTrail audit;

    @Autowired
    SubjectDirectory directory;

    TestApi api;
    SubjectFixtures fixtures;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @BeforeEach
    void setUp() {
        api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        TestRegisters.templateInForce(editor, registers);
        fixtures = new SubjectFixtures(api);
    }

    @Test
    void everySearchIsAuditedByReferenceEvenWithoutAHit() {
        String nobody = "niemand." + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
        TestApi.Response none =
                api.get("/api/v1/subjects?kind=EMAIL&identifier=" + encode(nobody) + "&purpose=ticket-77");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json().size()).isZero();
        String reference = DataHolder.unregistered(List.of(Identifiers.normalise(IdentifierKind.EMAIL, nobody)))
                .reference();
        List<AuditEntry> searches = audit.find(
                new AuditQuery(null, null, AuditAction.SEARCH, "data_holder", reference, null, null, null, null, 10));
        assertThat(searches).singleElement().satisfies(e -> {
            assertThat(e.purpose()).isEqualTo("ticket-77");
            assertThat(e.details()).containsEntry("results", "0").containsEntry("lookup", "EMAIL");
            assertThat(e.toString()).doesNotContain(nobody);
        });
        // The console's search box, which guesses the kind, is audited the same way.
        directory.findAny(nobody.toUpperCase(), "console search");
        assertThat(audit.find(new AuditQuery(
                        null, null, AuditAction.SEARCH, "data_holder", null, null, null, null, null, 50)))
                .anySatisfy(e -> assertThat(e.details()).containsEntry("lookup", "any"));
    }

    @Test
    void findsTheSubjectAndEveryLinkedRecordByAnyKindOfIdentifier() {
        String org = fixtures.organisation("Lookup B.V.", "C-" + UUID.randomUUID());
        String voip = fixtures.service(org, "voip", "2024-01-01", null);
        String subject = fixtures.subject("Eva Lookup", org, "CONTACT_PERSON", """
                {"kind":"EMAIL","value":"Eva.Lookup@Example.NL"},
                {"kind":"PHONE","value":"020 700 0123"},
                {"kind":"IP_ADDRESS","value":"2001:0db8:0000:0000:0000:0000:0000:0042"},
                {"kind":"MAC_ADDRESS","value":"00-1A-2B-3C-4D-5E"},
                {"kind":"IMEI","value":"490154203237518"},
                {"kind":"POSTCODE_HOUSE_NUMBER","value":"1011 ab 12a"}
                """);
        fixtures.record(subject, "user.contact.email", null, "{\"email\":\"eva.lookup@example.nl\"}");
        fixtures.record(
                subject,
                "user.contact.phone_number",
                "\"serviceDeliveredId\":\"" + voip + "\"",
                "{\"extension\":\"301\"}");
        fixtures.record(subject, "user.contact.phone_number", null, "{\"extension\":\"302\"}");

        for (String typed : List.of(
                "eva.lookup@example.nl",
                "+31207000123",
                "0031 20 700 01 23",
                "2001:db8::42",
                "00:1a:2b:3c:4d:5e",
                "490154203237518",
                "1011AB-12A")) {
            TestApi.Response found = api.get("/api/v1/subjects?identifier=" + encode(typed) + "&purpose=test-lookup");
            assertThat(found.status()).as(typed).isEqualTo(200);
            assertThat(found.json().size()).as(typed).isEqualTo(1);
            JsonNode hit = found.json().get(0);
            assertThat(hit.path("id").asString()).isEqualTo(subject);
            assertThat(holding(hit, "user.contact.phone_number")).isEqualTo(2);
            assertThat(holding(hit, "user.contact.email")).isEqualTo(1);
        }

        JsonNode detail =
                api.get("/api/v1/subjects/" + subject + "?purpose=ticket-42").json();
        assertThat(detail.path("groups").size()).isEqualTo(2); // the voip service, and records without a service
        assertThat(api.get("/api/v1/subjects/" + subject + "/records").json().size())
                .isEqualTo(3);

        List<AuditEntry> reads = audit.find(
                new AuditQuery(null, null, AuditAction.READ, "subject", subject, subject, null, null, null, 100));
        assertThat(reads).extracting(AuditEntry::purpose).contains("test-lookup", "ticket-42");
        assertThat(reads).allSatisfy(e -> assertThat(e.details().toString()).doesNotContain("eva.lookup"));
    }

    @Test
    void findsEveryoneWhoSharesAnIdentifierAndNobodyElse() {
        String org = fixtures.organisation("Household", "C-" + UUID.randomUUID());
        String a =
                fixtures.subject("A", org, "KEYHOLDER", "{\"kind\":\"POSTCODE_HOUSE_NUMBER\",\"value\":\"9999 ZZ 1\"}");
        String b =
                fixtures.subject("B", org, "KEYHOLDER", "{\"kind\":\"POSTCODE_HOUSE_NUMBER\",\"value\":\"9999ZZ-1\"}");
        fixtures.subject("C", org, "KEYHOLDER", "{\"kind\":\"POSTCODE_HOUSE_NUMBER\",\"value\":\"9999ZZ-2\"}");

        JsonNode found =
                api.get("/api/v1/subjects?identifier=" + encode("9999zz 1")).json();
        assertThat(found.findValuesAsString("id")).containsExactlyInAnyOrder(a, b);
        assertThat(api.get("/api/v1/subjects?identifier=nobody@example.nl")
                        .json()
                        .size())
                .isZero();
    }

    @Test
    void directoryFacadeFindsBySubjectIdentifierAndSummarises() {
        String org = fixtures.organisation("Facade", "C-" + UUID.randomUUID());
        String id = fixtures.subject("F", org, "END_USER", "{\"kind\":\"IMSI\",\"value\":\"204081234567890\"}");
        fixtures.record(id, "user.device.device_id", null, "{}");

        List<UUID> found = directory.find(new Identifier(IdentifierKind.IMSI, "204 08 1234567890"), "request:R-1");
        assertThat(found).containsExactly(UUID.fromString(id));
        SubjectSummary summary = directory.summary(found.get(0), "request:R-1").orElseThrow();
        assertThat(summary.holdings())
                .containsExactly(new SubjectSummary.Holding("user.device.device_id", "built-in", 1));
        assertThat(summary.roles()).containsExactly("END_USER");
    }

    private static long holding(JsonNode subject, String category) {
        for (JsonNode h : subject.path("holdings")) {
            if (h.path("category").asString().equals(category)) {
                return h.path("records").asLong();
            }
        }
        return 0;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
