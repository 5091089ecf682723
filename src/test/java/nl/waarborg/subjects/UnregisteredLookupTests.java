package nl.waarborg.subjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The "not a registered person" view never answers for someone who is registered (that answer would leave out their
 * records), says plainly when nothing is held, and explains a wrong parameter in the page's language.
 */
@WaarborgTest
class UnregisteredLookupTests {

    @Autowired
    WebApplicationContext context;

    @Autowired
    ApiTokens tokens;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @LocalServerPort
    int port;

    TestApi api;
    SubjectFixtures fixtures;
    MockMvc mvc;

    @BeforeEach
    void setUp() {
        TestRegisters.templateInForce(editor, registers);
        api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        fixtures = new SubjectFixtures(api);
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
    }

    @Test
    void anIdentifierOfARegisteredPersonPointsToThemInsteadOfSayingNothingIsHeld() throws Exception {
        String email = "geregistreerd." + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
        String org = fixtures.organisation("Geregistreerd B.V.", "G-" + UUID.randomUUID());
        String subject = fixtures.subject(
                "Gerda Geregistreerd", org, "CONTACT_PERSON", "{\"kind\":\"EMAIL\",\"value\":\"" + email + "\"}");
        fixtures.record(subject, "user.contact.email", null, "{\"email\":\"" + email + "\"}");

        TestApi.Response answer = api.get("/api/v1/subjects/unregistered?identifier=" + email.toUpperCase());
        assertThat(answer.status()).as(answer.body()).isEqualTo(409);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("type").asString()).isEqualTo("urn:waarborg:problem:registered-subject");
        assertThat(answer.json().path("subjects").get(0).asString()).isEqualTo(subject);
        assertThat(answer.body()).doesNotContain(email);

        mvc.perform(get("/console/subjects/unregistered")
                        .param("q", email)
                        .with(SubjectConsoleTests.staff("subjects:read")))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/console/subjects/" + subject));
    }

    @Test
    void anIdentifierNobodyHoldsSaysSoWithoutClaimingDataExists() throws Exception {
        TestApi.Response answer = api.get("/api/v1/subjects/unregistered?identifier=niemand%40example.nl");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("found").asBoolean()).isFalse();

        String page = mvc.perform(get("/console/subjects/unregistered")
                        .param("q", "niemand@example.nl")
                        .with(SubjectConsoleTests.staff("subjects:read")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("In de plaatsen die Waarborg hieronder heeft doorzocht staat niets")
                .doesNotContain("komt wel voor in gegevens");

        mvc.perform(get("/console/subjects/unregistered")
                        .param("q", " ")
                        .with(SubjectConsoleTests.staff("subjects:read")))
                .andExpect(redirectedUrl("/console/subjects"));
    }

    @Test
    void aWrongParameterIsExplainedInThePagesLanguageWithTheMenuStillThere() throws Exception {
        String notANumber = mvc.perform(get("/console/subjects/unregistered")
                        .param("q", "0612345099")
                        .param("calls", "abc")
                        .with(SubjectConsoleTests.staff("subjects:read")))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(notANumber)
                .contains("Het aantal gesprekken per pagina moet een getal van 1 tot en met 500 zijn")
                .contains("Afmelden", "href=\"/console/subjects\"")
                .doesNotContain("Er ging iets mis");

        String noSuchDay = mvc.perform(get("/console/subjects/unregistered")
                        .param("q", "0612345099")
                        .param("callsFrom", "2026-02-30")
                        .param("lang", "en")
                        .with(SubjectConsoleTests.staff("subjects:read")))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(noSuchDay).contains("The ‘from’ date does not exist");

        String reversed = mvc.perform(get("/console/subjects/unregistered")
                        .param("q", "0612345099")
                        .param("callsFrom", "2026-03-01")
                        .param("callsTo", "2026-02-01")
                        .with(SubjectConsoleTests.staff("subjects:read")))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(reversed).contains("ligt vóór de datum ‘vanaf’").doesNotContain("lies before");
    }
}
