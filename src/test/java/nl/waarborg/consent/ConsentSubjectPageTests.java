package nl.waarborg.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** A person's consent history on their subject page: every event newest first, what stands now, the wording. */
@WaarborgTest
class ConsentSubjectPageTests {

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

    @Test
    void theSubjectPageShowsTheConsentHistoryNewestFirst() throws Exception {
        TestRegisters.templateInForce(editor, registers);
        TestApi api = TestApi.withScopes(port, tokens, "subjects:read", "subjects:write");
        String email = "geschiedenis-" + UUID.randomUUID() + "@example.nl";
        TestApi.Response subject = api.post(
                "/api/v1/subjects",
                "{\"displayName\":\"Hanna Historie\",\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"" + email
                        + "\"}]}");
        assertThat(subject.status()).as(subject.body()).isEqualTo(201);
        String id = subject.json().path("id").asString();
        var mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
        var staff = user("staff-" + UUID.randomUUID()).authorities(new SimpleGrantedAuthority("subjects:read"));

        String before = mvc.perform(get("/console/subjects/" + id)
                        .param("purpose", "ticket-1")
                        .param("lang", "en")
                        .with(staff))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(before).contains("id=\"consents\"").contains("No consent of this person is recorded.");

        for (String event : new String[] {"GIVEN", "WITHDRAWN"}) {
            assertThat(api.post(
                                    "/api/v1/consents",
                                    "{\"identifiers\":[{\"kind\":\"EMAIL\",\"value\":\"" + email + "\"}],"
                                            + "\"purpose\":\"newsletter\",\"event\":\"" + event + "\","
                                            + "\"channel\":\"PHONE\",\"wording\":\"Mag ik u de nieuwsbrief sturen?\"}")
                            .status())
                    .isEqualTo(201);
        }
        String after = mvc.perform(get("/console/subjects/" + id)
                        .param("purpose", "ticket-1")
                        .param("lang", "en")
                        .with(staff))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String section = after.substring(after.indexOf("id=\"consents\""));
        assertThat(section).contains("Consent stands now for: —.");
        assertThat(section.indexOf("Withdrawn"))
                .as("newest first")
                .isLessThan(section.indexOf("Consent given"))
                .isPositive();
        assertThat(section).contains("by phone").contains("Mag ik u de nieuwsbrief sturen?");
    }
}
