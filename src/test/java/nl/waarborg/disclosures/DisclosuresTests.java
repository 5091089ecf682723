package nl.waarborg.disclosures;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.requests.PersonWithData;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The log of disclosures to authorities against the real server: a demand about a registered person holds their data
 * until it is closed, a number of a registered person becomes that person, an unknown number is kept as a number
 * without a hold; only privacy officers and auditors see the log, every look is audited without the number; an access
 * answer names only the disclosures the person may know of by now.
 */
@WaarborgTest
class DisclosuresTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    javax.sql.DataSource dataSource;

    TestApi officer;
    TestApi staff;
    JdbcTemplate db;

    @BeforeEach
    void setUp() {
        TestRegisters.templateInForce(editor, registers);
        officer = TestApi.withScopes(port, tokens, "disclosures:read", "disclosures:write");
        staff = TestApi.withScopes(
                port, tokens, "subjects:read", "subjects:write", "requests:read", "requests:write", "retention:read");
        db = new JdbcTemplate(dataSource);
    }

    String demand(String whom, String tell) {
        return "{\"authority\":\"Politie Eenheid Amsterdam\",\"legalBasis\":\"SV_126N\",\"demandReference\":\"PL1300-"
                + UUID.randomUUID().toString().substring(0, 6) + "\",\"receivedAt\":\""
                + Instant.now().minusSeconds(3600)
                + "\"," + whom + ",\"categories\":[\"traffic-data\"],\"periodFrom\":\"2026-10-01\",\"periodTo\":"
                + "\"2026-10-31\"," + tell + "}";
    }

    @Test
    void aDemandHoldsThePersonsDataUntilItIsClosedAndEveryLookIsAudited() {
        PersonWithData p = PersonWithData.create(staff, 1, 2);
        long auditBefore = db.queryForObject("SELECT coalesce(max(id), 0) FROM audit_entry", Long.class);

        // The person's mobile number, written nationally: it is that registered person.
        TestApi.Response created =
                officer.post("/api/v1/disclosures", demand("\"phone\":\"" + p.mobile() + "\"", "\"tell\":\"NEVER\""));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode d = created.json();
        String ref = d.path("reference").asString();
        assertThat(ref).matches("VS-\\d{4}-\\d{4}");
        assertThat(d.path("subjectId").asString()).isEqualTo(p.subjectId());
        assertThat(d.path("phone").isNull()).isTrue();
        String hold = d.path("holdId").asString();
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM retention_hold WHERE id = ?::uuid AND scope = 'SUBJECT' AND target_id = ?::uuid"
                                + " AND lifted_at IS NULL",
                        Long.class,
                        hold,
                        p.subjectId()))
                .as("the person's data is held while the demand runs")
                .isEqualTo(1);

        // Closing needs the answer first; then the hold goes.
        TestApi.Response early = officer.post("/api/v1/disclosures/" + ref + "/close", "{\"note\":\"klaar\"}");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().path("field").asString()).isEqualTo("answeredAt");
        TestApi.Response answered = officer.post(
                "/api/v1/disclosures/" + ref + "/answer",
                "{\"provided\":\"Verkeersgegevens oktober 2026 van het nummer, 214 regels\"}");
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        assertThat(answered.json().path("answeredAt").isNull()).isFalse();
        TestApi.Response closed =
                officer.post("/api/v1/disclosures/" + ref + "/close", "{\"note\":\"Vordering afgehandeld\"}");
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        assertThat(db.queryForObject(
                        "SELECT lifted_at IS NOT NULL FROM retention_hold WHERE id = ?::uuid", Boolean.class, hold))
                .isTrue();
        assertThat(officer.post("/api/v1/disclosures/" + ref + "/answer", "{\"provided\":\"x\"}")
                        .status())
                .as("a closed demand changes no more")
                .isEqualTo(409);

        // A number no registered person has stays a number, without a hold.
        String stranger = "+3161" + (1_000_000 + (int) (Math.random() * 8_999_999));
        JsonNode unknown = officer.post(
                        "/api/v1/disclosures", demand("\"phone\":\"" + stranger + "\"", "\"tell\":\"YES\""))
                .json();
        assertThat(unknown.path("subjectId").isNull()).isTrue();
        assertThat(unknown.path("phone").asString()).isEqualTo(stranger);
        assertThat(unknown.path("holdId").isNull()).isTrue();

        // Reading the log is audited; the number and the authority's reference never reach the trail.
        assertThat(officer.get("/api/v1/disclosures").status()).isEqualTo(200);
        assertThat(officer.get("/api/v1/disclosures/" + ref).status()).isEqualTo(200);
        List<Map<String, Object>> entries = db.queryForList(
                "SELECT target_id, subject_id::text AS subject, details::text AS details FROM audit_entry"
                        + " WHERE id > ? AND target_type = 'authority_disclosure'",
                auditBefore);
        assertThat(entries).extracting(e -> e.get("target_id")).contains(ref, "list");
        assertThat(entries).anySatisfy(e -> assertThat(e.get("subject")).isEqualTo(p.subjectId()));
        assertThat(entries.toString())
                .doesNotContain(stranger.substring(4))
                .doesNotContain(p.mobileE164().substring(4))
                .doesNotContain("PL1300");
    }

    @Test
    void onlyPrivacyOfficersAndAuditorsSeeTheLogAndBadInputNamesTheField() {
        TestApi agent = TestApi.withScopes(port, tokens, "subjects:read", "requests:read", "requests:write");
        assertThat(agent.get("/api/v1/disclosures").status()).isEqualTo(403);
        TestApi auditor = TestApi.withScopes(port, tokens, "disclosures:read");
        assertThat(auditor.get("/api/v1/disclosures").status()).isEqualTo(200);
        assertThat(auditor.post("/api/v1/disclosures", demand("\"phone\":\"0612345678\"", "\"tell\":\"YES\""))
                        .status())
                .isEqualTo(403);

        long before = db.queryForObject("SELECT count(*) FROM authority_disclosure", Long.class);
        Map<String, String> bad = Map.of(
                "{}",
                "authority",
                "{\"authority\":\"Politie\",\"legalBasis\":\"126Z\"}",
                "legalBasis",
                "{\"authority\":\"Politie\",\"legalBasis\":\"OTHER\",\"demandReference\":\"x\"}",
                "basisNote",
                demand("\"phone\":\"geen nummer\"", "\"tell\":\"YES\""),
                "phone",
                demand("\"subjectId\":\"" + UUID.randomUUID() + "\"", "\"tell\":\"YES\""),
                "subjectId",
                demand("\"phone\":\"0612345678\"", "\"tell\":\"NOT_YET\""),
                "tellFrom",
                demand("\"phone\":\"0612345678\"", "\"tell\":\"YES\"").replace("traffic-data", "nope"),
                "categories[0]",
                demand("\"phone\":\"0612345678\"", "\"tell\":\"YES\"").replace("Politie Eenheid", "Politie\\u0000"),
                "authority");
        bad.forEach((body, field) -> {
            TestApi.Response r = officer.post("/api/v1/disclosures", body);
            assertThat(r.status()).as(body).isIn(400, 404);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().path("field").asString()).as(body).isEqualTo(field);
        });
        assertThat(officer.post("/api/v1/disclosures", "[1,2").status()).isEqualTo(400);
        assertThat(officer.post("/api/v1/disclosures", "x".repeat(2_000_000)).status())
                .isIn(400, 413);
        assertThat(db.queryForObject("SELECT count(*) FROM authority_disclosure", Long.class))
                .as("nothing stored from bad input")
                .isEqualTo(before);
        assertThat(officer.get("/api/v1/disclosures/VS-2026-9999").status()).isEqualTo(404);
        assertThat(officer.get("/api/v1/disclosures/%00").status()).isIn(400, 404);
    }

    @Test
    void anAccessAnswerNamesOnlyWhatThePersonMayKnowByNow() {
        PersonWithData p = PersonWithData.create(staff, 1, 1);
        String whom = "\"subjectId\":\"" + p.subjectId() + "\"";
        officer.post(
                "/api/v1/disclosures",
                demand(whom, "\"tell\":\"YES\"").replace("Politie Eenheid Amsterdam", "Rechtbank Den Haag"));
        officer.post(
                "/api/v1/disclosures",
                demand(
                                whom,
                                "\"tell\":\"NOT_YET\",\"tellFrom\":\""
                                        + LocalDate.now().plusYears(1) + "\"")
                        .replace("Politie Eenheid Amsterdam", "FIOD"));
        officer.post(
                "/api/v1/disclosures", demand(whom, "\"tell\":\"NEVER\"").replace("Politie Eenheid Amsterdam", "AIVD"));

        String reference = p.verifiedRequest(staff, "\"ACCESS\"", "nl");
        Map<String, byte[]> zip =
                PersonWithData.unzip(staff.getBytes("/api/v1/requests/" + reference + "/package", 200));
        String told = new String(zip.get("verstrekkingen-aan-autoriteiten.csv"), StandardCharsets.UTF_8);
        assertThat(told).contains("Rechtbank Den Haag").contains("SV_126N").contains("traffic-data");
        assertThat(told).doesNotContain("FIOD").doesNotContain("AIVD").doesNotContain("PL1300");
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM audit_entry WHERE target_type = 'authority_disclosure' AND target_id ="
                                + " 'subject' AND subject_id = ? AND details->>'withheld' = '2'",
                        Long.class,
                        p.subjectId()))
                .as("the access answer's look is audited with what it withheld")
                .isEqualTo(1);
    }

    @Test
    void theCommandLineRecordsAnswersClosesAndExports(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String token = officer.token();
        nl.waarborg.TestCli.Run recorded = nl.waarborg.TestCli.remote(
                port,
                token,
                "disclosures",
                "record",
                "--authority",
                "CIOT",
                "--basis",
                "CIOT",
                "--demand-reference",
                "CIOT-778",
                "--received-at",
                Instant.now().minusSeconds(60).toString(),
                "--phone",
                "+31612000777",
                "--category",
                "customer-contacts",
                "--tell",
                "YES");
        assertThat(recorded.exit()).as(recorded.err()).isZero();
        assertThat(recorded.out()).contains("Recorded VS-").contains("nothing held automatically");
        String ref = recorded.out().replaceAll("(?s).*Recorded (VS-\\d{4}-\\d{4}).*", "$1");
        assertThat(nl.waarborg.TestCli.remote(port, token, "disclosures", "list", "--open")
                        .out())
                .contains(ref)
                .contains("CIOT");
        assertThat(nl.waarborg.TestCli.remote(
                                port, token, "disclosures", "answer", ref, "--provided", "Naam en adres bij het nummer")
                        .exit())
                .isZero();
        assertThat(nl.waarborg.TestCli.remote(port, token, "disclosures", "close", ref, "--note", "klaar")
                        .out())
                .contains("Closed " + ref);
        java.nio.file.Path csv = dir.resolve("log.csv");
        nl.waarborg.TestCli.Run export =
                nl.waarborg.TestCli.remote(port, token, "disclosures", "export", "--out", csv.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(java.nio.file.Files.readString(csv))
                .startsWith("reference,authority")
                .contains(ref);
        java.nio.file.Path xlsx = dir.resolve("log.xlsx");
        assertThat(nl.waarborg.TestCli.remote(
                                port, token, "disclosures", "export", "--format", "xlsx", "--out", xlsx.toString())
                        .exit())
                .isZero();
        try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(java.nio.file.Files.newInputStream(xlsx))) {
            var sheet = book.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("reference");
            boolean found = false;
            for (var row : sheet) {
                found |= ref.equals(row.getCell(0).getStringCellValue());
            }
            assertThat(found).as("the workbook lists " + ref).isTrue();
        }
        assertThat(nl.waarborg.TestCli.remote(port, token, "disclosures", "export", "--format", "pdf")
                        .exit())
                .isEqualTo(2);
        nl.waarborg.TestCli.Run bad = nl.waarborg.TestCli.remote(
                port,
                token,
                "disclosures",
                "record",
                "--authority",
                "X",
                "--basis",
                "NOPE",
                "--demand-reference",
                "r",
                "--received-at",
                Instant.now().toString(),
                "--phone",
                "0612345678",
                "--category",
                "customer-contacts",
                "--tell",
                "YES");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("legalBasis");
    }

    @Test
    void aTransferToARecipientIsCheckedAgainstTheRegisterRecordedOnceAndNamedInTheAccessAnswer() {
        PersonWithData p = PersonWithData.create(staff, 1, 1);
        String body = "{\"subjectId\":\"" + p.subjectId() + "\",\"categories\":[\"invoices\"],\"reference\":\"INV-"
                + UUID.randomUUID().toString().substring(0, 8) + "\"}";
        TestApi.Response first = staff.post("/api/v1/recipients/billing/transfers", body);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        TestApi.Response again = staff.post("/api/v1/recipients/billing/transfers", body);
        assertThat(again.status()).as("the same reference is the same transfer").isEqualTo(200);
        assertThat(again.json().path("id").asString())
                .isEqualTo(first.json().path("id").asString());
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM recipient_transfer WHERE subject_id = ?::uuid",
                        Long.class,
                        p.subjectId()))
                .isEqualTo(1);

        // The register is the one truth: only what it sends to a recipient can have gone there.
        Map<String, Object[]> refused = new java.util.LinkedHashMap<>();
        refused.put("billing", new Object[] {body.replace("invoices", "customer-contacts"), 400, "categories[0]"});
        refused.put("nobody", new Object[] {body, 404, "recipient"});
        refused.put(
                "billing ",
                new Object[] {body.replace(p.subjectId(), UUID.randomUUID().toString()), 404, "subjectId"});
        refused.put(" billing", new Object[] {body.replace("INV-", "INV\\u0000"), 400, "reference"});
        refused.forEach((recipient, r) -> {
            TestApi.Response answer =
                    staff.post("/api/v1/recipients/" + recipient.strip() + "/transfers", (String) r[0]);
            assertThat(answer.status()).as(answer.body()).isEqualTo(r[1]);
            assertThat(answer.json().path("field").asString()).isEqualTo(r[2]);
        });
        TestApi reader = TestApi.withScopes(port, tokens, "subjects:read");
        assertThat(reader.post("/api/v1/recipients/billing/transfers", body).status())
                .isEqualTo(403);
        assertThat(reader.get("/api/v1/recipients/transfers?subjectId=" + p.subjectId())
                        .json()
                        .findValuesAsString("recipientKey"))
                .containsExactly("billing");

        String reference = p.verifiedRequest(staff, "\"ACCESS\"", "nl");
        Map<String, byte[]> zip =
                PersonWithData.unzip(staff.getBytes("/api/v1/requests/" + reference + "/package", 200));
        assertThat(new String(zip.get("ontvangers.csv"), StandardCharsets.UTF_8))
                .contains("Facturatieplatform")
                .contains("invoices");

        // Art. 19: a person whose invoices Waarborg does not keep, but which went to billing, gets billing told.
        PersonWithData q = PersonWithData.create(staff, 1, 0);
        staff.post(
                "/api/v1/recipients/billing/transfers",
                "{\"subjectId\":\"" + q.subjectId() + "\",\"categories\":[\"invoices\"],\"reference\":\"Q-1\"}");
        String erasure = q.verifiedRequest(staff, "\"ERASURE\"", "nl");
        assertThat(staff.post("/api/v1/requests/" + erasure + "/erasure", "").status())
                .isEqualTo(200);
        assertThat(staff.get("/api/v1/requests/" + erasure + "/recipient-notices")
                        .json()
                        .findValuesAsString("recipientKey"))
                .contains("billing");
        assertThat(staff.get("/api/v1/requests/" + erasure + "/recipient-notices")
                        .json()
                        .findValuesAsString("privacyContact"))
                .as("staff see where the register says to tell billing")
                .contains("privacy@facturatie.example");
    }

    @Test
    void theTransfersLogIsExportedPerRecipientAndPeriodAndBadFiltersNameTheField() {
        PersonWithData p = PersonWithData.create(staff, 1, 0);
        String marker = "EXP-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            TestApi.Response r = staff.post(
                    "/api/v1/recipients/billing/transfers",
                    "{\"subjectId\":\"" + p.subjectId() + "\",\"categories\":[\"invoices\"],\"reference\":\"" + marker
                            + "-" + i + "\",\"sentAt\":\"2026-03-" + (10 + i) + "T12:00:00Z\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        TestApi.Response march =
                officer.get("/api/v1/recipients/transfers/export.csv?recipient=billing&from=2026-03-11&to=2026-03-12");
        assertThat(march.status()).as(march.body()).isEqualTo(200);
        assertThat(march.body())
                .startsWith("recipient_key,recipient,via,subject_id,categories,sent_at,reference")
                .contains(marker + "-1")
                .contains(marker + "-2")
                .doesNotContain(marker + "-0")
                .contains(",API," + p.subjectId() + ",invoices,2026-03-12T12:00:00Z");
        byte[] workbook = officer.getBytes("/api/v1/recipients/transfers/export.xlsx?recipient=billing", 200);
        assertThat(new String(workbook, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("PK");
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM audit_entry WHERE target_type = 'recipient_transfer' AND action = 'READ'"
                                + " AND target_id = 'billing' AND purpose = 'transfers log exported'",
                        Long.class))
                .as("every export is audited")
                .isPositive();

        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("from=2026-13-01", "from");
        refused.put("to=gisteren", "to");
        refused.put("from=0001-01-01", "from");
        refused.put("to=%2B999999999-12-31", "to");
        refused.put("from=2026-03-12&to=2026-03-11", "to");
        refused.put("recipient=bill%00ing", "recipient");
        refused.put("recipient=" + "x".repeat(400), "recipient");
        nl.waarborg.TestCli.Run cli = nl.waarborg.TestCli.remote(
                port, officer.token(), "recipients", "transfers", "--recipient", "billing", "--from", "2026-03-12");
        assertThat(cli.exit()).as(cli.err()).isZero();
        assertThat(cli.out())
                .startsWith("recipient_key,recipient,via")
                .contains(marker + "-2")
                .doesNotContain(marker + "-1");
        nl.waarborg.TestCli.Run badDay =
                nl.waarborg.TestCli.remote(port, officer.token(), "recipients", "transfers", "--from", "morgen");
        assertThat(badDay.exit()).isNotZero();
        assertThat(badDay.err()).contains("from");
        refused.forEach((query, field) -> {
            TestApi.Response r = officer.get("/api/v1/recipients/transfers/export.csv?" + query);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().path("field").asString()).as(query).isEqualTo(field);
        });
        assertThat(staff.get("/api/v1/recipients/transfers/export.csv").status())
                .as("the whole log is for privacy officers and auditors")
                .isEqualTo(403);
    }
}
