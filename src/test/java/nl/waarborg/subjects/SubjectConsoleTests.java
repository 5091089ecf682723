package nl.waarborg.subjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.UUID;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditQuery;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.UserRequestPostProcessor;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** The console: search by any identifier, a subject page grouped by service and category with due dates. */
@WaarborgTest
class SubjectConsoleTests {

    @Autowired
    WebApplicationContext context;

    @Autowired
    ApiTokens tokens;

    @Autowired
    AuditTrail audit;

    @LocalServerPort
    int port;

    MockMvc mvc;
    SubjectFixtures fixtures;

    static UserRequestPostProcessor staff(String... authorities) {
        return user("staff-" + UUID.randomUUID())
                .authorities(java.util.Arrays.stream(authorities)
                        .map(org.springframework.security.core.authority.SimpleGrantedAuthority::new)
                        .toList());
    }

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
        TestRegisters.templateInForce(editor, registers);
        fixtures = new SubjectFixtures(TestApi.withScopes(port, tokens, "subjects:read", "subjects:write"));
    }

    @Test
    void searchAndSubjectPageShowWhereEachPieceLivesAndWhenItIsDue() throws Exception {
        String org = fixtures.organisation("Console B.V.", "C-" + UUID.randomUUID());
        String internet = fixtures.service(org, "internet", "2020-01-01", "2026-01-31");
        String subject = fixtures.subject(
                "Connie Console", org, "CONTACT_PERSON", "{\"kind\":\"EMAIL\",\"value\":\"connie@example.nl\"}");
        fixtures.record(
                subject,
                "user.contact.address",
                "\"serviceDeliveredId\":\"" + internet
                        + "\",\"retentionPeriod\":\"P1M\",\"retentionAnchor\":\"END_OF_SERVICE\"",
                "{\"street\":\"Voorbeeldstraat 9\"}");
        fixtures.record(subject, "user.contact.email", null, "{\"email\":\"connie@example.nl\"}");
        String secret = fixtures.record(subject, "user.authorization.credentials", null, "{\"pin\":\"Z-8080-Q\"}");

        String search = mvc.perform(get("/console/subjects")
                        .param("q", "CONNIE@example.nl")
                        .param("lang", "en")
                        .with(staff("subjects:read")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(search).contains("Connie Console", "/console/subjects/" + subject, "Data subjects");

        String page = mvc.perform(get("/console/subjects/" + subject)
                        .param("purpose", "ticket-9")
                        .param("lang", "en")
                        .with(staff("subjects:read")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        // 31 January plus one month: the last day of February.
        assertThat(page)
                .contains(
                        "Service Internet connection",
                        "The address where the service is delivered",
                        LocalDate.of(2026, 2, 28).toString())
                .contains("Not tied to a service", "Name, phone number and e-mail address", "Waarborg (built-in store)")
                .contains("(encrypted)")
                .doesNotContain("Z-8080-Q");
        assertThat(audit.find(new AuditQuery(
                        null, null, AuditAction.READ, "subject", subject, subject, null, null, null, 10)))
                .anySatisfy(e -> assertThat(e.purpose()).isEqualTo("ticket-9"));

        String locked = mvc.perform(get("/console/subjects/records/" + secret).with(staff("subjects:read")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(locked)
                .doesNotContain("Z-8080-Q")
                .contains("name=\"reason\"")
                .doesNotContain("reason-error");
        String blank = mvc.perform(get("/console/subjects/records/" + secret)
                        .param("reason", "   ")
                        .with(staff("subjects:read")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(blank).doesNotContain("Z-8080-Q").contains("id=\"reason-error\"", "Alleen spaties is geen reden");
        String opened = mvc.perform(get("/console/subjects/records/" + secret)
                        .param("reason", "customer called, ticket 9")
                        .with(staff("subjects:read")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(opened).contains("Z-8080-Q");
    }

    @Test
    void aSearchWithoutAHitIsInTheAuditTrailWithItsPurposeInWords() throws Exception {
        mvc.perform(get("/console/subjects")
                        .param("q", "niemand." + UUID.randomUUID() + "@example.nl")
                        .with(staff("subjects:read")))
                .andExpect(status().isOk());
        String trail = mvc.perform(
                        get("/console/audit").param("action", "SEARCH").with(staff("audit:read")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(trail).contains("Gezocht", "Zoeken in de console").doesNotContain("niemand.");
    }

    @Test
    void menuAndDashboardShowSubjectsOnlyToThoseWhoMayReadThem() throws Exception {
        String dashboard = mvc.perform(get("/console").param("lang", "en").with(staff("subjects:read")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(dashboard).contains("/console/subjects", "Data subjects and records", "Of which encrypted");
        String other = mvc.perform(get("/console").param("lang", "en").with(staff("register:read")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(other).doesNotContain("/console/subjects");
        mvc.perform(get("/console/subjects").with(staff("register:read"))).andExpect(status().isForbidden());
    }
}
