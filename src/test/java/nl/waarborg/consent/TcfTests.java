package nl.waarborg.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import nl.waarborg.NpmPackages;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * TC strings from a provider's own consent tool: one encoded by the IAB's JavaScript library (npm
 * {@code @iabtechlabtcf/core}) is decoded to the purposes and vendors allowed, stored with its ledger event and shown in
 * the person's consent history; broken strings are refused naming the field, and nothing of them is stored.
 */
@WaarborgTest
class TcfTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    ConsentLedger ledger;

    @Autowired
    DataSource dataSource;

    TestApi cmp;

    @BeforeEach
    void setUp() {
        TestRegisters.templateInForce(editor, registers);
        cmp = TestApi.withScopes(port, tokens, "subjects:write");
    }

    /** A TC string made by the IAB's own encoder: purposes 1, 3, 4 and vendors 25 and 755 consented to. */
    static synchronized String encodedByIab() throws Exception {
        Path lib = NpmPackages.install("tcf", "@iabtechlabtcf/core", "1.5.21");
        Path script = lib.getParent().getParent().getParent().resolve("tcf-encode.mjs");
        Files.copy(
                Path.of("src/test/resources/consent/tcf-encode.mjs"),
                script,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Process node = new ProcessBuilder("node", script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as("node encoded the TC string").isZero();
        return out;
    }

    @Test
    void aStringEncodedByTheIabLibraryIsDecodedStoredAndShownInTheHistory() throws Exception {
        String tc = encodedByIab();
        TcfConsent decoded = TcfConsent.decode(tc);
        assertThat(decoded.version()).isEqualTo(2);
        assertThat(decoded.policyVersion()).isEqualTo(5);
        assertThat(decoded.cmpId()).isEqualTo(300);
        assertThat(decoded.purposes()).containsExactly(1, 3, 4);
        assertThat(decoded.vendors()).containsExactly(25, 755);
        assertThat(decoded.legitimateInterestPurposes()).containsExactly(2, 7);
        assertThat(decoded.specialFeatures()).containsExactly(1);
        assertThat(decoded.publisherCountry()).isEqualTo("NL");

        String email = "tcf-" + UUID.randomUUID() + "@example.nl";
        TestApi.Response r = cmp.post(
                "/api/v1/consents",
                "{\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"" + email + "\"}],\"purpose\":\"newsletter\","
                        + "\"event\":\"GIVEN\",\"channel\":\"WEBSITE\",\"wording\":\"Ja, graag.\",\"tcString\":\"" + tc
                        + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().path("tcf").path("vendors").toString()).isEqualTo("[25,755]");

        var history = ledger.history(java.util.List.of(new Identifier(IdentifierKind.EMAIL, email)));
        assertThat(history).hasSize(1);
        assertThat(history.get(0).tcf().purposes()).containsExactly(1, 3, 4);
        assertThat(history.get(0).tcf().summary()).contains("purposes 1, 3, 4").contains("vendors 25, 755");
        assertThat(new JdbcTemplate(dataSource)
                        .queryForObject(
                                "SELECT tc_string FROM consent_event WHERE identifier_hash = ?",
                                String.class,
                                ConsentLedger.hash(new Identifier(IdentifierKind.EMAIL, email))))
                .as("the string itself is kept as the proof")
                .isEqualTo(tc);
    }

    @Test
    void brokenStringsAreRefusedNamingTheFieldAndNothingIsStored() throws Exception {
        String tc = encodedByIab();
        JdbcTemplate db = new JdbcTemplate(dataSource);
        long before = db.queryForObject("SELECT count(*) FROM consent_event", Long.class);
        for (String broken : new String[] {
            "",
            "   ",
            "not a tc string!",
            "AAAA",
            tc.substring(0, 12),
            tc.substring(0, 30) + "\\u0000" + tc.substring(30),
            "B" + tc.substring(1), // version 1 in the first six bits
            "A".repeat(25_000),
            "%%%%"
        }) {
            TestApi.Response r = cmp.post(
                    "/api/v1/consents",
                    "{\"visitorId\":\"v-1\",\"purpose\":\"newsletter\",\"event\":\"GIVEN\",\"channel\":\"WEBSITE\","
                            + "\"wording\":\"Ja.\",\"tcString\":\"" + broken + "\"}");
            assertThat(r.status()).as(broken + ": " + r.body()).isEqualTo(400);
            assertThat(r.contentType()).contains("application/problem+json");
            assertThat(r.body()).contains("tcString");
        }
        assertThat(db.queryForObject("SELECT count(*) FROM consent_event", Long.class))
                .as("nothing of a refused event is stored")
                .isEqualTo(before);
        assertThatThrownBy(() -> TcfConsent.decode(null)).isInstanceOf(ConsentException.class);
    }
}
