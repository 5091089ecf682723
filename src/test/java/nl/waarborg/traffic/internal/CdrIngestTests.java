package nl.waarborg.traffic.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditEntry;
import nl.waarborg.audit.AuditQuery;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.security.Permission;
import nl.waarborg.security.Role;
import nl.waarborg.traffic.TrafficData;
import nl.waarborg.traffic.TrafficException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** CDR ingest end to end: real HTTP, real COPY into the real partitioned table. */
@WaarborgTest
@ExtendWith(OutputCaptureExtension.class)
class CdrIngestTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    CdrIngest ingest;

    @Autowired
    TrafficPartitions partitions;

    @Autowired
    TrafficData traffic;

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    TestApi api;

    @BeforeEach
    void setUp() {
        api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
    }

    static byte[] resource(String name) throws IOException {
        return new ClassPathResource("cdr/" + name).getContentAsByteArray();
    }

    JsonNode upload(String format, byte[] body) {
        TestApi.Response r = api.post("/api/v1/traffic/cdr?format=" + format, "text/csv", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    JsonNode calls(String number) {
        TestApi.Response r = api.get("/api/v1/traffic/cdr?number="
                + java.net.URLEncoder.encode(number, StandardCharsets.UTF_8) + "&from=2026-01-01T00:00:00Z");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** A fresh, never-seen number so that tests sharing the database do not see each other's calls. */
    /** How many calls from the number are stored, and how many distinct record ids they have. */
    private List<Long> storedAndDistinct(String number) {
        return jdbc.sql("SELECT count(*), count(DISTINCT record_id) FROM traffic_cdr"
                        + " WHERE calling_number = traffic_number(?)")
                .param(nl.waarborg.subjects.Identifiers.phone(number).orElseThrow())
                .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2)))
                .single();
    }

    static String freshMobile() {
        return "06" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    }

    static byte[] jsonLines(String number, int count, String idPrefix) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append("{\"id\":\"")
                    .append(idPrefix)
                    .append(i)
                    .append("\",\"start\":\"2026-11-1")
                    .append(i % 3)
                    .append("T10:00:")
                    .append(String.format("%02d", i % 60))
                    .append("+01:00\",\"calling\":\"")
                    .append(number)
                    .append("\",\"called\":\"0201234000\",\"duration\":")
                    .append(i)
                    .append("}\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAsteriskCdrCsvWithOptionalColumnsAndQuotedLineBreaks() throws IOException {
        JsonNode result = upload("asterisk", resource("asterisk-cdr_csv.csv"));
        assertThat(result.path("variant").asString()).isEqualTo("asterisk-cdr_csv");
        assertThat(result.path("read").asLong()).isEqualTo(4);
        assertThat(result.path("rejected").asLong()).isZero();
        assertThat(result.path("added").asLong() + result.path("duplicates").asLong())
                .isEqualTo(4);

        // 020 1234567 written three ways (national, 0031, +31) is one number: three calls.
        JsonNode calls = calls("+31201234567");
        assertThat(calls.path("count").asInt()).isEqualTo(4);
        JsonNode first = calls.path("calls").get(0);
        assertThat(first.path("callingNumber").asString()).isEqualTo("+31201234567");
        assertThat(first.path("calledNumber").asString()).isEqualTo("+31612345678");
        assertThat(first.path("start").asString()).isEqualTo("2026-11-20T09:00:00Z");
        assertThat(first.path("durationSeconds").asInt()).isEqualTo(65);
        assertThat(first.path("uniqueId").asString()).isEqualTo("1763629200.1");
        // The extension 201 is kept as written, but is not a phone number.
        assertThat(calls.path("calls").get(1).path("callingRaw").asString()).isEqualTo("201");
        assertThat(calls.path("calls").get(1).path("callingNumber").isNull()).isTrue();
    }

    @Test
    void detectsAsteriskCdrCustom() throws IOException {
        JsonNode result = upload("asterisk", resource("asterisk-cdr_custom.csv"));
        assertThat(result.path("variant").asString()).isEqualTo("asterisk-cdr_custom");
        assertThat(result.path("read").asLong()).isEqualTo(2);
        assertThat(result.path("rejected").asLong()).isZero();
        JsonNode calls = calls("0201112233");
        assertThat(calls.path("count").asInt()).isEqualTo(2);
        assertThat(calls.path("calls").get(0).path("billableSeconds").asInt()).isEqualTo(180);
        assertThat(calls.path("calls").get(1).path("disposition").asString()).isEqualTo("BUSY");
    }

    @Test
    void readsFreeSwitchDefaultTemplate() throws IOException {
        JsonNode result = upload("freeswitch", resource("freeswitch-cdr.csv"));
        assertThat(result.path("read").asLong()).isEqualTo(2);
        assertThat(result.path("rejected").asLong()).isZero();
        JsonNode calls = calls("+31201112244");
        assertThat(calls.path("count").asInt()).isEqualTo(2);
        assertThat(calls.path("calls").get(0).path("uniqueId").asString())
                .isEqualTo("a1b2c3d4-0000-4000-8000-000000000001");
        assertThat(calls.path("calls").get(0).path("disposition").asString()).isEqualTo("NORMAL_CLEARING");
        assertThat(calls.path("calls").get(1).path("callingNumber").asString()).isEqualTo("+31612341234");
    }

    @Test
    void readsThreeCxWithTheConfiguredFieldOrder() throws IOException {
        JsonNode result = upload("3cx", resource("3cx-cdr.csv"));
        assertThat(result.path("read").asLong()).isEqualTo(2);
        assertThat(result.path("rejected").asLong()).isZero();
        JsonNode calls = calls("0201112255");
        assertThat(calls.path("count").asInt()).isEqualTo(2);
        JsonNode first = calls.path("calls").get(0);
        // 3CX writes UTC.
        assertThat(first.path("start").asString()).isEqualTo("2026-11-20T09:30:00Z");
        assertThat(first.path("durationSeconds").asInt()).isEqualTo(60);
        assertThat(first.path("calledNumber").asString()).isEqualTo("+31612349999");
        assertThat(first.path("uniqueId").asString()).isEqualTo("Call 1001");
    }

    @Test
    void readsJsonLines() throws IOException {
        JsonNode result = upload("jsonl", resource("calls.jsonl"));
        assertThat(result.path("read").asLong()).isEqualTo(2);
        assertThat(result.path("rejected").asLong()).isZero();
        JsonNode calls = calls("+31201112266");
        assertThat(calls.path("count").asInt()).isEqualTo(2);
        assertThat(calls.path("calls").get(0).path("billableSeconds").asInt()).isEqualTo(25);
        // Without an offset the PBX zone (Europe/Amsterdam) applies.
        assertThat(calls.path("calls").get(1).path("start").asString()).isEqualTo("2026-11-20T12:00:00Z");
    }

    @Test
    void importingTheSameFileTwiceAddsNothing() {
        String number = freshMobile();
        byte[] file = jsonLines(number, 50, UUID.randomUUID() + "-");
        JsonNode first = upload("jsonl", file);
        assertThat(first.path("added").asLong()).isEqualTo(50);
        JsonNode second = upload("jsonl", file);
        assertThat(second.path("read").asLong()).isEqualTo(50);
        assertThat(second.path("added").asLong()).isZero();
        assertThat(second.path("duplicates").asLong()).isEqualTo(50);
        assertThat(calls(number).path("count").asInt()).isEqualTo(50);
    }

    @Test
    void everyValueComesBackAsThePbxWroteItThoughTheLayoutLeavesOutWhatFollows() {
        String mobile = freshMobile();
        String national = "0" + mobile.substring(1);
        String e164 = "+31" + mobile.substring(1);
        String id = UUID.randomUUID().toString();
        // One call whose raw numbers and times follow from the rest, one whose do not (a raw number in another form,
        // an end one second off its duration, an answer with milliseconds).
        String file = "{\"id\":\"" + id + "-a\",\"start\":\"2026-11-15T10:00:00Z\",\"answer\":\"2026-11-15T10:00:05Z\","
                + "\"end\":\"2026-11-15T10:01:00Z\",\"duration\":60,\"billsec\":55,\"calling\":\"" + mobile
                + "\",\"called\":\"0031201234000\",\"disposition\":\"ANSWERED\",\"context\":\"from-internal\","
                + "\"callerId\":\"\\\"Klant\\\" <" + mobile + ">\",\"accountCode\":\"k-1\"}\n"
                + "{\"id\":\"" + id + "-b\",\"start\":\"2026-11-15T11:00:00Z\",\"answer\":\"2026-11-15T11:00:04.250Z\","
                + "\"end\":\"2026-11-15T11:01:01Z\",\"duration\":60,\"billsec\":50,\"calling\":\"" + national
                + "\",\"called\":\"+31 20 123 4000\",\"disposition\":\"NO ANSWER\"}\n";
        assertThat(upload("jsonl", file.getBytes(StandardCharsets.UTF_8))
                        .path("added")
                        .asLong())
                .isEqualTo(2);
        List<nl.waarborg.traffic.TrafficData.CallRecord> calls =
                traffic.callsOf(List.of(mobile), null, null, 10, null, "test");
        assertThat(calls).hasSize(2);
        var a = calls.get(0);
        assertThat(a.callingRaw()).isEqualTo(mobile);
        assertThat(a.callingNumber()).isEqualTo(e164);
        assertThat(a.calledRaw()).isEqualTo("0031201234000");
        assertThat(a.calledNumber()).isEqualTo("+31201234000");
        assertThat(a.answer()).isEqualTo(Instant.parse("2026-11-15T10:00:05Z"));
        assertThat(a.end()).isEqualTo(Instant.parse("2026-11-15T10:01:00Z"));
        assertThat(a.disposition()).isEqualTo("ANSWERED");
        assertThat(a.sourceFormat()).isEqualTo("jsonl");
        assertThat(a.callerId()).isEqualTo("\"Klant\" <" + mobile + ">");
        assertThat(a.accountCode()).isEqualTo("k-1");
        assertThat(a.recordId()).matches("[0-9a-f]{16}");
        var b = calls.get(1);
        assertThat(b.callingRaw()).isEqualTo(national);
        assertThat(b.calledRaw()).isEqualTo("+31 20 123 4000");
        assertThat(b.answer()).isEqualTo(Instant.parse("2026-11-15T11:00:04.250Z"));
        assertThat(b.end()).isEqualTo(Instant.parse("2026-11-15T11:01:01Z"));
        assertThat(b.durationSeconds()).isEqualTo(60);
        assertThat(b.disposition()).isEqualTo("NO ANSWER");
        // Stored once each, referenced by number; the raw numbers that follow from E.164 are not stored.
        assertThat(jdbc.sql("SELECT count(*) FROM traffic_label WHERE label IN ('ANSWERED', 'NO ANSWER')")
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        assertThat(jdbc.sql(
                                "SELECT calling_raw, end_at, caller_id FROM traffic_cdr WHERE calling_number = traffic_number(?)"
                                        + " ORDER BY call_start")
                        .param(e164)
                        .query((rs, n) -> java.util.Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3)))
                        .list())
                .containsExactly(
                        java.util.Arrays.asList(null, null, "Klant"),
                        java.util.Arrays.asList(null, "2026-11-15 11:01:01+00", null));
    }

    @Test
    void aNulInAContextOrDispositionIsDroppedAsInEveryOtherField() {
        String number = freshMobile();
        String id = UUID.randomUUID().toString();
        String file = "{\"id\":\"" + id + "\",\"start\":\"2026-11-15T12:00:00Z\",\"calling\":\"" + number
                + "\",\"called\":\"0201234000\",\"context\":\"from\\u0000-nul\",\"disposition\":\"NO\\u0000 ANSWER\"}\n";
        IngestResult result =
                ingest.ingest(CdrFormat.JSONL, new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)));
        assertThat(result.added()).as(result.message()).isEqualTo(1);
        assertThat(traffic.callsOf(List.of(number), null, null, 10, null, "test"))
                .singleElement()
                .extracting(TrafficData.CallRecord::disposition)
                .isEqualTo("NO ANSWER");
    }

    @Test
    void aCallStartingInTheLastMicrosecondOfADayStaysInThatDay() {
        String number = freshMobile();
        // 23:59:59.9999996 on 15 November in Amsterdam (CET), the day of its partition.
        String file = "{\"id\":\"" + UUID.randomUUID() + "\",\"start\":\"2026-11-15T22:59:59.9999996Z\","
                + "\"end\":\"2026-11-15T23:01:00.9999996Z\",\"calling\":\"" + number
                + "\",\"called\":\"0201234000\"}\n";
        IngestResult result =
                ingest.ingest(CdrFormat.JSONL, new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)));
        assertThat(result.added()).as(result.message()).isEqualTo(1);
        var call =
                traffic.callsOf(List.of(number), null, null, 10, null, "test").get(0);
        assertThat(call.start()).isEqualTo(Instant.parse("2026-11-15T22:59:59.999999Z"));
        assertThat(call.end()).isEqualTo(Instant.parse("2026-11-15T23:01:00.999999Z"));
        assertThat(jdbc.sql("SELECT count(*) FROM traffic_cdr_p20261115 WHERE calling_number = traffic_number(?)")
                        .param(nl.waarborg.subjects.Identifiers.phone(number).orElseThrow())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aFileNamingMoreContextsThanAnyPbxHasIsRejectedBeyondTheLimit() {
        String number = freshMobile();
        String run = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder file = new StringBuilder();
        int rows = CdrIngest.MAX_LABELS + 5;
        for (int i = 0; i < rows; i++) {
            file.append("{\"id\":\"")
                    .append(run)
                    .append(i)
                    .append("\",\"start\":\"2026-11-16T10:00:00Z\",\"calling\":\"")
                    .append(number)
                    .append("\",\"called\":\"0201234000\",\"context\":\"ctx-")
                    .append(run)
                    .append('-')
                    .append(i)
                    .append("\"}\n");
        }
        IngestResult result = ingest.ingest(
                CdrFormat.JSONL, new ByteArrayInputStream(file.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(result.added()).isEqualTo(CdrIngest.MAX_LABELS);
        assertThat(result.rejected()).isEqualTo(5);
        assertThat(result.rejections().get(0).reason()).contains("different contexts and dispositions");
        assertThat(result.rejections().get(0).line()).isEqualTo(CdrIngest.MAX_LABELS + 1);
    }

    @Test
    void contentHashDeduplicatesRecordsWithoutAnId() {
        String number = freshMobile();
        String line = "{\"start\":\"2026-11-15T10:00:00Z\",\"calling\":\"" + number + "\",\"called\":\"0201234000\"}\n";
        byte[] file = (line + line + line.replace("10:00:00", "10:00:01")).getBytes(StandardCharsets.UTF_8);
        JsonNode result = upload("jsonl", file);
        assertThat(result.path("added").asLong()).isEqualTo(2);
        assertThat(result.path("duplicates").asLong()).isEqualTo(1);
    }

    @Test
    void aCallWithoutAnyNumberIsRejectedNotStoredWhereNobodyCanFindIt() {
        String number = freshMobile();
        String lines = "{\"start\":\"2026-11-15T10:00:00Z\",\"callingNumber\":\"" + number + "\"}\n"
                + "{\"start\":\"2026-11-15T10:05:00Z\",\"disposition\":\"ANSWERED\"}\n"
                + "{\"start\":\"2026-11-15T10:10:00Z\",\"calling\":\"" + number + "\"}\n";
        JsonNode result = upload("jsonl", lines.getBytes(StandardCharsets.UTF_8));
        assertThat(result.path("added").asLong()).isEqualTo(1);
        assertThat(result.path("rejected").asLong()).isEqualTo(2);
        assertThat(result.path("rejections").get(0).path("reason").asString())
                .contains("calling and called are both missing")
                .doesNotContain(number);
    }

    @Test
    void reportsMalformedRowsWithLineNumbersAndKeepsTheValidOnes() throws IOException {
        JsonNode result = upload("asterisk", resource("asterisk-malformed.csv"));
        assertThat(result.path("read").asLong()).isEqualTo(6);
        assertThat(result.path("rejected").asLong()).isEqualTo(3);
        assertThat(result.path("added").asLong() + result.path("duplicates").asLong())
                .isEqualTo(3);
        List<String> rejections = new ArrayList<>();
        result.path("rejections")
                .forEach(r -> rejections.add(
                        r.path("line").asLong() + ": " + r.path("reason").asString()));
        assertThat(rejections)
                .containsExactly(
                        "2: expected 16 to 21 fields, found 3",
                        "4: start is not a date and time",
                        "6: duration is not a whole number of seconds");
        assertThat(calls("0201119900").path("count").asInt()).isEqualTo(3);
    }

    /** One Asterisk cdr_csv line (21 fields) from {@code src} to a fixed number, with its own uniqueid. */
    static String asteriskLine(String src, String start) {
        String id = UUID.randomUUID().toString();
        return "\"\",\"" + src + "\",\"0612000099\",\"from-internal\",\"\"\"Jan\"\" <" + src + ">\",\"SIP/1\","
                + "\"SIP/2\",\"Dial\",\"SIP/trunk,60\",\"" + start + "\",\"\",\"" + start.replace(":00:", ":01:")
                + "\",60,0,\"NO ANSWER\",\"DOCUMENTATION\",\"" + id + "\",\"\",\"\",\"" + id + "\",1";
    }

    static List<String> rejections(JsonNode result) {
        List<String> rejections = new ArrayList<>();
        result.path("rejections")
                .forEach(r -> rejections.add(
                        r.path("line").asLong() + ": " + r.path("reason").asString()));
        return rejections;
    }

    @Test
    void anUnterminatedQuoteCostsExactlyItsOwnLine() {
        String number = freshMobile();
        String valid = asteriskLine(number, "2026-11-18 10:00:00");
        // Line 2 lost its closing quote; before, it took line 3 (and every line up to the next odd quote) with it.
        String broken = asteriskLine(number, "2026-11-18 11:00:00");
        broken = broken.substring(0, broken.length() - 3);
        String multiLine = asteriskLine(number, "2026-11-18 13:00:00").replace("SIP/trunk,60", "welcome\nmessage");
        String file = valid + "\n" + broken + "\n" + asteriskLine(number, "2026-11-18 12:00:00") + "\n" + multiLine
                + "\n" + broken + "\n";
        JsonNode result = upload("asterisk", file.getBytes(StandardCharsets.UTF_8));
        assertThat(rejections(result))
                .containsExactly("2: a quoted field is not closed", "6: a quoted field is not closed");
        assertThat(result.path("read").asLong()).isEqualTo(5);
        assertThat(result.path("added").asLong()).isEqualTo(3);
        // The record with a line break in lastdata (lines 4 and 5) is still one record.
        assertThat(starts(api.get("/api/v1/traffic/cdr?number=" + number)))
                .containsExactly("2026-11-18T09:00:00Z", "2026-11-18T11:00:00Z", "2026-11-18T12:00:00Z");
    }

    @Test
    void linesWithBytesThatAreNotUtf8OrAbsurdFieldsAreRejectedByFieldAndTheRestIsImported() {
        String number = freshMobile();
        byte[] notUtf8 = asteriskLine(number, "2026-11-18 11:00:00")
                .replace("Jan", "J\u00e4n")
                .getBytes(StandardCharsets.ISO_8859_1);
        String longDst = asteriskLine(number, "2026-11-18 12:00:00").replace("0612000099", "0".repeat(300));
        String longLine = asteriskLine(number, "2026-11-18 13:00:00").replace("SIP/trunk,60", "x".repeat(70_000));
        String longData = asteriskLine(number, "2026-11-18 14:00:00").replace("SIP/trunk,60", "x".repeat(5_000));
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        file.writeBytes((asteriskLine(number, "2026-11-18 10:00:00") + "\n").getBytes(StandardCharsets.UTF_8));
        file.writeBytes(notUtf8);
        file.writeBytes(("\n" + longDst + "\n" + longLine + "\n" + longData + "\n"
                        + asteriskLine(number, "2026-11-18 15:00:00") + "\n")
                .getBytes(StandardCharsets.UTF_8));
        JsonNode result = upload("asterisk", file.toByteArray());
        assertThat(rejections(result))
                .containsExactly(
                        "2: clid is not valid UTF-8",
                        "3: dst is longer than 256 characters (300)",
                        "4: the line is longer than 65536 bytes",
                        "5: lastdata is longer than 4096 characters (5000)");
        assertThat(result.path("read").asLong()).isEqualTo(6);
        assertThat(result.path("added").asLong()).isEqualTo(2);
        assertThat(starts(api.get("/api/v1/traffic/cdr?number=" + number)))
                .containsExactly("2026-11-18T09:00:00Z", "2026-11-18T14:00:00Z");

        // JSON lines alike: the field is named; a name Waarborg does not read is not repeated.
        java.io.ByteArrayOutputStream json = new java.io.ByteArrayOutputStream();
        json.writeBytes(jsonLines(number, 1, UUID.randomUUID() + "-"));
        json.writeBytes(("{\"start\":\"2026-11-18T10:00:00Z\",\"calling\":\"" + number + "\",\"callerId\":\"J")
                .getBytes(StandardCharsets.UTF_8));
        json.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        json.writeBytes(("n\"}\n{\"start\":\"2026-11-18T10:00:00Z\",\"Geheim\":\"").getBytes(StandardCharsets.UTF_8));
        json.writeBytes(new byte[] {(byte) 0xFF});
        json.writeBytes(("\"}\n{\"start\":\"2026-11-18T10:00:00Z\",\"called\":\"" + "1".repeat(257) + "\"}\n")
                .getBytes(StandardCharsets.UTF_8));
        JsonNode jsonResult = upload("jsonl", json.toByteArray());
        assertThat(rejections(jsonResult))
                .containsExactly(
                        "2: callerId is not valid UTF-8",
                        "3: a field Waarborg does not read is not valid UTF-8",
                        "4: called is longer than 256 characters (257)");
        assertThat(jsonResult.path("added").asLong()).isEqualTo(1);
        assertThat(jsonResult.toString()).doesNotContain(number).doesNotContain("Geheim");
    }

    @Test
    void aFileOfWhichEveryRecordIsRejectedSaysNothingWasImported() {
        String number = freshMobile();
        String file = "\"only\",\"three\",\"fields\"\n"
                + asteriskLine(number, "2026-11-18 10:00:00").replace("2026-11-18 10:00:00", "yesterday") + "\n";
        JsonNode result = upload("asterisk", file.getBytes(StandardCharsets.UTF_8));
        assertThat(result.path("outcome").asString()).isEqualTo("REJECTED");
        assertThat(result.path("message").asString()).isEqualTo("Nothing was imported: all 2 records were rejected.");
        assertThat(result.path("added").asLong()).isZero();
        assertThat(result.path("format").asString()).isEqualTo("asterisk");
        // Before any valid line the variant is unknown: the reason says what each variant expects.
        assertThat(rejections(result))
                .containsExactly(
                        "1: expected 16 to 21 fields (asterisk-cdr_csv) or 19 (asterisk-cdr_custom), found 3",
                        "2: start is not a date and time (as asterisk-cdr_csv)");
        assertThat(jdbc.sql("SELECT outcome FROM traffic_import WHERE id = ?::uuid")
                        .param(result.path("importId").asString())
                        .query(String.class)
                        .single())
                .isEqualTo("REJECTED");

        byte[] valid = (asteriskLine(number, "2026-11-18 10:00:00") + "\n").getBytes(StandardCharsets.UTF_8);
        JsonNode fine = upload("asterisk", valid);
        assertThat(fine.path("outcome").asString()).isEqualTo("DONE");
        assertThat(fine.path("variant").asString()).isEqualTo("asterisk-cdr_csv");
        assertThat(fine.path("message").asString()).isEqualTo("1 record read: 1 added, 0 already stored, 0 rejected.");
        // A file that is already stored is no failure: nothing was added, but nothing was rejected either.
        JsonNode again = upload("asterisk", valid);
        assertThat(again.path("outcome").asString()).isEqualTo("DONE");
        assertThat(again.path("duplicates").asLong()).isEqualTo(1);
    }

    @Test
    void anInterruptedImportRerunEndsWithEachRowExactlyOnce() {
        String number = freshMobile();
        byte[] file = jsonLines(number, 100, UUID.randomUUID() + "-");
        // The connection drops two thirds into the upload; batches of 10 rows commit as they go.
        InputStream broken = new CuttingStream(file, file.length * 2 / 3);
        assertThatThrownBy(() -> ingest.ingest(CdrFormat.JSONL, broken, 10))
                .isInstanceOf(TrafficException.class)
                .hasMessageContaining("Send the same file again");
        long kept = jdbc.sql("SELECT count(*) FROM traffic_cdr WHERE calling_number = traffic_number(?)")
                .param(nl.waarborg.subjects.Identifiers.phone(number).orElseThrow())
                .query(Long.class)
                .single();
        assertThat(kept).isBetween(10L, 99L);
        assertThat(kept % 10).isZero();

        IngestResult rerun = ingest.ingest(CdrFormat.JSONL, new ByteArrayInputStream(file), 10);
        assertThat(rerun.added()).isEqualTo(100 - kept);
        assertThat(rerun.duplicates()).isEqualTo(kept);
        assertThat(storedAndDistinct(number)).containsExactly(100L, 100L);
    }

    /**
     * Two loaders store batches at once; when both hold the same calls they wait for each other, and the one that
     * PostgreSQL stops goes through the staging table: every call ends up stored once, and the import does not hang.
     */
    @Test
    void batchesLoadedAtOnceThatHoldTheSameCallsStoreEachOnce() {
        String number = freshMobile();
        String run = UUID.randomUUID().toString();
        StringBuilder file = new StringBuilder();
        for (int group = 0; group < 10; group++) {
            byte[] ten = jsonLines(number, 10, run + "-" + group + "-");
            file.append(new String(ten, StandardCharsets.UTF_8)).append(new String(ten, StandardCharsets.UTF_8));
        }
        IngestResult result = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(60),
                () -> ingest.ingest(
                        CdrFormat.JSONL,
                        new ByteArrayInputStream(file.toString().getBytes(StandardCharsets.UTF_8)),
                        10));
        assertThat(result.added()).isEqualTo(100);
        assertThat(result.duplicates()).isEqualTo(100);
        assertThat(storedAndDistinct(number)).containsExactly(100L, 100L);
    }

    @Test
    void createsPartitionsAheadAndOnDemandAndDropsWholeDays() {
        partitions.ensureAhead();
        LocalDate today = TrafficPartitions.today(clock);
        assertThat(partitions.existingDays()).contains(today, today.plusDays(7));

        // An old import creates its days on demand: Amsterdam days, 29 February ending at 23:00 UTC (CET).
        String number = freshMobile();
        String lines = "{\"id\":\"" + UUID.randomUUID() + "\",\"start\":\"2024-02-29T22:59:59Z\",\"calling\":\""
                + number + "\"}\n" + "{\"id\":\"" + UUID.randomUUID()
                + "\",\"start\":\"2024-02-29T23:00:00Z\",\"calling\":\"" + number + "\"}\n";
        JsonNode result = upload("jsonl", lines.getBytes(StandardCharsets.UTF_8));
        assertThat(result.path("added").asLong()).isEqualTo(2);
        assertThat(partitions.existingDays()).contains(LocalDate.of(2024, 2, 29), LocalDate.of(2024, 3, 1));

        List<LocalDate> dropped = traffic.dropPartitionsBefore(LocalDate.of(2024, 3, 1));
        assertThat(dropped).contains(LocalDate.of(2024, 2, 29));
        assertThat(partitions.existingDays())
                .doesNotContain(LocalDate.of(2024, 2, 29))
                .contains(LocalDate.of(2024, 3, 1), today);
        // The day dropped goes whole; the next day, from its first second, stays.
        JsonNode left = api.get("/api/v1/traffic/cdr?number=" + number).json();
        assertThat(left.path("count").asInt()).isEqualTo(1);
        assertThat(left.path("calls").get(0).path("start").asString()).isEqualTo("2024-02-29T23:00:00Z");
        traffic.dropPartitionsBefore(LocalDate.of(2024, 3, 2));
        assertThat(calls(number).path("count").asInt()).isZero();
    }

    /**
     * A partition holds one Amsterdam day, so it spans 23 hours when the clocks go forward and 25 when they go back;
     * each call lands in the partition of its Amsterdam date, the first and the last second of a day included.
     */
    @Test
    void partitionsFollowTheAmsterdamDayAcrossClockChanges() {
        String number = freshMobile();
        Map<String, String> partitionOf = new java.util.LinkedHashMap<>();
        partitionOf.put("2024-03-30T22:59:59Z", "traffic_cdr_p20240330");
        partitionOf.put("2024-03-30T23:00:00Z", "traffic_cdr_p20240331"); // 00:00 CET
        partitionOf.put("2024-03-31T21:59:59Z", "traffic_cdr_p20240331"); // 23:59:59 CEST, 23 hours later
        partitionOf.put("2024-03-31T22:00:00Z", "traffic_cdr_p20240401");
        partitionOf.put("2024-10-26T22:00:00Z", "traffic_cdr_p20241027"); // 00:00 CEST
        partitionOf.put("2024-10-27T22:59:59Z", "traffic_cdr_p20241027"); // 23:59:59 CET, 25 hours later
        partitionOf.put("2024-10-27T23:00:00Z", "traffic_cdr_p20241028");
        StringBuilder lines = new StringBuilder();
        partitionOf
                .keySet()
                .forEach(start -> lines.append("{\"id\":\"")
                        .append(UUID.randomUUID())
                        .append("\",\"start\":\"")
                        .append(start)
                        .append("\",\"calling\":\"")
                        .append(number)
                        .append("\"}\n"));
        assertThat(upload("jsonl", lines.toString().getBytes(StandardCharsets.UTF_8))
                        .path("added")
                        .asLong())
                .isEqualTo(partitionOf.size());
        for (Map.Entry<String, String> call : partitionOf.entrySet()) {
            assertThat(jdbc.sql("SELECT tableoid::regclass::text FROM traffic_cdr"
                                    + " WHERE calling_number = traffic_number(?) AND call_start = ?::timestamptz")
                            .params(
                                    nl.waarborg.subjects.Identifiers.phone(number)
                                            .orElseThrow(),
                                    call.getKey())
                            .query(String.class)
                            .single())
                    .as(call.getKey())
                    .isEqualTo(call.getValue());
        }
        assertThat(jdbc.sql("SELECT rows FROM traffic_day_rows WHERE day = '2024-10-27'")
                        .query(Long.class)
                        .single())
                .isGreaterThanOrEqualTo(2);
        assertThat(TrafficPartitions.startOf(LocalDate.of(2024, 3, 31)))
                .isEqualTo(Instant.parse("2024-03-30T23:00:00Z"));
        assertThat(TrafficPartitions.dayOf(Instant.parse("2024-10-27T22:59:59.999999Z")))
                .isEqualTo(LocalDate.of(2024, 10, 27));
    }

    /**
     * libphonenumber calls some Japanese numbers of nineteen digits possible; they are stored as digits like any
     * other (they fit in a bigint), and found again. Such a number once made every import of its file fail.
     */
    @Test
    void aNineteenDigitNumberIsStoredAndFound() {
        String tail =
                Long.toString(10_000_000_000_000L + ThreadLocalRandom.current().nextLong(89_999_999_999_999L));
        String number = "+81003" + tail;
        assertThat(number).hasSize(20);
        String line = "{\"id\":\"" + UUID.randomUUID() + "\",\"start\":\"2026-11-20T10:00:00Z\",\"calling\":\"" + number
                + "\",\"called\":\"0201234000\"}\n";
        assertThat(upload("jsonl", line.getBytes(StandardCharsets.UTF_8))
                        .path("added")
                        .asLong())
                .isEqualTo(1);
        JsonNode found = calls(number);
        assertThat(found.path("count").asInt()).isEqualTo(1);
        assertThat(found.path("calls").get(0).path("callingNumber").asString()).isEqualTo(number);
    }

    @Test
    void aCallToOnesOwnNumberOrFromAnExtensionIsFoundOnce() {
        String number = freshMobile();
        String other = freshMobile();
        String lines = "{\"id\":\"" + UUID.randomUUID() + "\",\"start\":\"2026-11-10T10:00:00Z\",\"calling\":\""
                + number + "\",\"called\":\"" + number + "\"}\n"
                + "{\"id\":\"" + UUID.randomUUID() + "\",\"start\":\"2026-11-10T11:00:00Z\",\"calling\":\""
                + number + "\",\"called\":\"" + other + "\"}\n"
                + "{\"id\":\"" + UUID.randomUUID() + "\",\"start\":\"2026-11-10T12:00:00Z\",\"calling\":\"201\","
                + "\"called\":\"" + number + "\"}\n";
        assertThat(upload("jsonl", lines.getBytes(StandardCharsets.UTF_8))
                        .path("added")
                        .asLong())
                .isEqualTo(3);
        assertThat(starts(api.get("/api/v1/traffic/cdr?number=" + number)))
                .containsExactly("2026-11-10T10:00:00Z", "2026-11-10T11:00:00Z", "2026-11-10T12:00:00Z");
        assertThat(starts(api.get("/api/v1/traffic/cdr?number=" + number + "&number=" + other)))
                .hasSize(3);
        assertThat(starts(api.get("/api/v1/traffic/cdr?number=" + other))).containsExactly("2026-11-10T11:00:00Z");
    }

    @Test
    void historyCountsAllCallsAndPagesNewestFirstWithinTheWindow() {
        String number = freshMobile();
        String second = freshMobile();
        StringBuilder lines = new StringBuilder();
        // Seven calls on seven days from 28 February 2020 (a leap year: 29 February is one), the last between the
        // person's two numbers.
        for (int i = 0; i < 7; i++) {
            lines.append("{\"id\":\"")
                    .append(UUID.randomUUID())
                    .append("\",\"start\":\"")
                    .append(LocalDate.of(2020, 2, 28).plusDays(i))
                    .append("T09:00:00Z\",\"calling\":\"")
                    .append(number)
                    .append("\",\"called\":\"")
                    .append(i == 6 ? second : "0201234000")
                    .append("\"}\n");
        }
        upload("jsonl", lines.toString().getBytes(StandardCharsets.UTF_8));
        var all = traffic.history(List.of(number, second), null, null, 3, 0, null, "test");
        assertThat(all.total()).isEqualTo(7);
        assertThat(all.matching()).isEqualTo(7);
        assertThat(all.first()).isEqualTo(Instant.parse("2020-02-28T09:00:00Z"));
        assertThat(all.last()).isEqualTo(Instant.parse("2020-03-05T09:00:00Z"));
        assertThat(all.calls().stream().map(c -> c.start().toString()))
                .containsExactly("2020-03-05T09:00:00Z", "2020-03-04T09:00:00Z", "2020-03-03T09:00:00Z");
        var last = traffic.history(List.of(number, second), null, null, 3, 6, null, "test");
        assertThat(last.calls().stream().map(c -> c.start().toString())).containsExactly("2020-02-28T09:00:00Z");
        var window = traffic.history(
                List.of(number),
                Instant.parse("2020-03-01T00:00:00Z"),
                Instant.parse("2020-03-03T00:00:00Z"),
                10,
                0,
                null,
                "test");
        assertThat(window.total()).isEqualTo(7);
        assertThat(window.matching()).isEqualTo(2);
        assertThat(window.calls().stream().map(c -> c.start().toString()))
                .containsExactly("2020-03-02T09:00:00Z", "2020-03-01T09:00:00Z");
        assertThat(traffic.history(List.of(number), null, null, 5, 7, null, "test")
                        .calls())
                .isEmpty();
    }

    @Test
    void jsonLinesWithoutDurationOrBillsecGetThemFromTheTimes() {
        String number = freshMobile();
        upload(
                "jsonl",
                ("{\"id\":\"" + UUID.randomUUID() + "\",\"start\":\"2026-11-12T10:00:00+01:00\","
                                + "\"answer\":\"2026-11-12T10:00:08+01:00\",\"end\":\"2026-11-12T10:01:08+01:00\","
                                + "\"calling\":\"" + number + "\",\"called\":\"0201234000\"}\n")
                        .getBytes(StandardCharsets.UTF_8));
        JsonNode call = api.get("/api/v1/traffic/cdr?number=" + number)
                .json()
                .path("calls")
                .path(0);
        assertThat(call.path("durationSeconds").asInt()).isEqualTo(68);
        assertThat(call.path("billableSeconds").asInt()).isEqualTo(60);
    }

    @Test
    void theScheduledJobKeepsPartitionsAhead() {
        // Other tests call ensureAhead() themselves, so the partition alone proves nothing: the job must have run.
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> jdbc.sql("SELECT count(*) FROM scheduled_tasks"
                                        + " WHERE task_name = 'traffic-partitions-ahead' AND last_success IS NOT NULL")
                                .query(Long.class)
                                .single()
                        == 1);
        // The day the job ran, not the day this line runs: a build crossing midnight must not fail.
        java.time.Instant ran = jdbc.sql(
                        "SELECT last_success FROM scheduled_tasks WHERE task_name = 'traffic-partitions-ahead'")
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();
        LocalDate today = TrafficPartitions.today(java.time.Clock.fixed(ran, java.time.ZoneOffset.UTC));
        assertThat(partitions.existingDays()).contains(today.plusDays(7));
    }

    @Test
    void lookupFindsCallsAcrossDaysBothWaysAndHonoursFromToAndLimit() {
        String number = freshMobile();
        String other = freshMobile();
        // Three days (three partitions), the person calling and being called.
        StringBuilder lines = new StringBuilder();
        String[] starts = {
            "2026-11-10T10:00:00Z", "2026-11-11T23:59:59Z", "2026-11-12T00:00:00Z", "2026-11-12T08:00:00Z"
        };
        for (int i = 0; i < starts.length; i++) {
            boolean calling = i % 2 == 0;
            lines.append("{\"id\":\"")
                    .append(UUID.randomUUID())
                    .append("\",\"start\":\"")
                    .append(starts[i])
                    .append("\",\"calling\":\"")
                    .append(calling ? number : other)
                    .append("\",\"called\":\"")
                    .append(calling ? other : number)
                    .append("\",\"duration\":")
                    .append(i)
                    .append("}\n");
        }
        upload("jsonl", lines.toString().getBytes(StandardCharsets.UTF_8));
        // More lookups than PostgreSQL needs before it keeps a cached plan: the answers must not change.
        for (int round = 0; round < 12; round++) {
            assertThat(starts(api.get("/api/v1/traffic/cdr?number=" + number))).containsExactly(starts);
            assertThat(starts(api.get("/api/v1/traffic/cdr?number=" + number
                            + "&from=2026-11-11T00:00:00Z&to=2026-11-12T00:00:00Z")))
                    .containsExactly("2026-11-11T23:59:59Z");
            assertThat(starts(api.get("/api/v1/traffic/cdr?number=" + number + "&from=2026-11-12T00:00:00Z")))
                    .containsExactly("2026-11-12T00:00:00Z", "2026-11-12T08:00:00Z");
            assertThat(starts(api.get("/api/v1/traffic/cdr?number=" + number + "&to=2026-11-11T23:59:59Z")))
                    .containsExactly("2026-11-10T10:00:00Z");
            assertThat(starts(api.get("/api/v1/traffic/cdr?number=" + number + "&limit=2")))
                    .containsExactly("2026-11-10T10:00:00Z", "2026-11-11T23:59:59Z");
        }
        // Two numbers at once: each call once, though both parties are asked for.
        assertThat(starts(api.get("/api/v1/traffic/cdr?number=" + number + "&number=" + other)))
                .containsExactly(starts);
        assertThat(starts(api.get("/api/v1/traffic/cdr?number=" + freshMobile())))
                .isEmpty();
    }

    private static List<String> starts(TestApi.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> starts = new ArrayList<>();
        r.json().path("calls").forEach(c -> starts.add(c.path("start").asString()));
        assertThat(r.json().path("count").asInt()).isEqualTo(starts.size());
        return starts;
    }

    @Test
    void lookupIsAuditedByNumberHashNeverByNumber() {
        String number = freshMobile();
        upload("jsonl", jsonLines(number, 3, UUID.randomUUID() + "-"));
        TestApi.Response r = api.get("/api/v1/traffic/cdr?number=" + number + "&subjectId=S-42&purpose=request:R-7");
        assertThat(r.json().path("count").asInt()).isEqualTo(3);
        List<AuditEntry> reads = audit.find(
                new AuditQuery(null, null, AuditAction.READ, "traffic_cdr", null, "S-42", null, null, null, 10));
        assertThat(reads).isNotEmpty();
        AuditEntry entry = reads.get(0);
        assertThat(entry.targetId()).startsWith("number-sha256:");
        assertThat(entry.purpose()).isEqualTo("request:R-7");
        String e164 = nl.waarborg.subjects.Identifiers.phone(number).orElseThrow();
        assertThat(entry.toString()).doesNotContain(number).doesNotContain(e164).doesNotContain(e164.substring(1));
    }

    @Test
    void anImportIsAuditedWithCountsOnly() {
        String number = freshMobile();
        JsonNode result = upload("jsonl", jsonLines(number, 4, UUID.randomUUID() + "-"));
        List<AuditEntry> entries = audit.find(new AuditQuery(
                null,
                null,
                AuditAction.CREATE,
                "traffic_import",
                result.path("importId").asString(),
                null,
                null,
                null,
                null,
                1));
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).details()).containsEntry("added", "4").containsEntry("read", "4");
    }

    @Test
    void refusesAnUnknownFormatAndABadNumber() {
        TestApi.Response r = api.post("/api/v1/traffic/cdr?format=csv", "text/csv", new byte[0]);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("field").asString()).isEqualTo("format");
        TestApi.Response bad = api.get("/api/v1/traffic/cdr?number=hello");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("field").asString()).isEqualTo("number");
        assertThat(bad.body()).doesNotContain("hello");
    }

    @Test
    void auditorCannotIngestButCanLookUp() {
        TestApi auditor = TestApi.withScopes(
                port,
                tokens,
                Role.AUDITOR.permissions().stream().map(Permission::authority).toArray(String[]::new));
        TestApi.Response r = auditor.post(
                "/api/v1/traffic/cdr?format=jsonl", "application/x-ndjson", jsonLines(freshMobile(), 1, "a"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(auditor.get("/api/v1/traffic/cdr?number=0201234567").status())
                .isEqualTo(200);
    }

    @Test
    void neverLogsAPhoneNumber(CapturedOutput output) throws IOException {
        String number = freshMobile();
        byte[] file = (new String(jsonLines(number, 5, UUID.randomUUID() + "-"), StandardCharsets.UTF_8)
                        + "{\"start\":\"broken\",\"calling\":\"" + number + "\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        JsonNode result = upload("jsonl", file);
        assertThat(result.path("rejected").asLong()).isEqualTo(1);
        calls(number);
        String e164 = nl.waarborg.subjects.Identifiers.phone(number).orElseThrow();
        assertThat(output.getAll())
                .contains("CDR import")
                .doesNotContain(number)
                .doesNotContain(e164);
        assertThat(result.toString().replace("\"read\"", "")).doesNotContain(number.substring(2));
    }

    /** Delivers the first {@code cut} bytes, then fails like a dropped connection. */
    static final class CuttingStream extends InputStream {
        private final byte[] data;
        private final int cut;
        private int pos;

        CuttingStream(byte[] data, int cut) {
            this.data = data;
            this.cut = cut;
        }

        @Override
        public int read() throws IOException {
            if (pos >= cut) {
                throw new IOException("connection reset");
            }
            return data[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= cut) {
                throw new IOException("connection reset");
            }
            int n = Math.min(len, cut - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
