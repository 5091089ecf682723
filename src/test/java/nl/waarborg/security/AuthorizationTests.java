package nl.waarborg.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.waarborg.TestApi;
import nl.waarborg.WaarborgTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Each role can do exactly what it should, in the console and over the API. */
@WaarborgTest
class AuthorizationTests {

    @Autowired
    WebApplicationContext context;

    @Autowired
    ApiTokens tokens;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @LocalServerPort
    int port;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
    }

    @Autowired
    StaffAccounts accounts;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    /** A real, active account of the role: a console session must belong to one (its sessions are checked). */
    StaffPrincipal staff(Role role) {
        SetupLink link = accounts.create(
                role.name().toLowerCase() + "." + UUID.randomUUID().toString().substring(0, 8), "Test", role);
        jdbc.sql("UPDATE staff_account SET password_hash = '{noop}x' WHERE id = ?")
                .param(link.accountId())
                .update();
        return new StaffPrincipal(link.accountId(), link.username(), "{noop}x", role, true, 0);
    }

    TestApi api(Role role) {
        return TestApi.withScopes(
                port,
                tokens,
                role.permissions().stream().map(Permission::authority).toArray(String[]::new));
    }

    @Test
    void anonymousGetsTheLoginPageInTheConsole() throws Exception {
        mvc.perform(get("/console")).andExpect(status().isFound()).andExpect(redirectedUrl("/console/login"));
        mvc.perform(get("/console/audit")).andExpect(status().isFound());
        mvc.perform(get("/console/login")).andExpect(status().isOk());
    }

    @Test
    void anonymousGets401ProblemOnTheApi() {
        TestApi anonymous = new TestApi(port, null);
        for (String path : List.of("/api/v1/audit/verify", "/api/v1/admin/users", "/api/v1/anything")) {
            TestApi.Response response = anonymous.get(path);
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().path("type").asString()).isEqualTo("urn:waarborg:problem:unauthenticated");
        }
        assertThat(anonymous.post("/api/v1/admin/users", "{}").status()).isEqualTo(401);
        assertThat(new TestApi(port, "wbt_forged").get("/api/v1/audit/verify").status())
                .isEqualTo(401);
    }

    @Test
    void revokedTokenStopsWorkingAtOnce() {
        IssuedToken issued = tokens.issue("short-lived", java.util.Set.of("audit:read"), "test");
        TestApi api = new TestApi(port, issued.secret());
        assertThat(api.get("/api/v1/audit/verify").status()).isEqualTo(200);
        tokens.revoke(issued.token().id());
        assertThat(api.get("/api/v1/audit/verify").status()).isEqualTo(401);
    }

    @Test
    void tokenUseIsRecordedAtMostOnceAMinute() {
        IssuedToken issued = tokens.issue("marks-use", java.util.Set.of("audit:read"), "test");
        assertThat(tokens.get(issued.token().id()).lastUsedAt()).isNull();
        TestApi api = new TestApi(port, issued.secret());
        assertThat(api.get("/api/v1/audit/verify").status()).isEqualTo(200);
        java.time.Instant firstUse = tokens.get(issued.token().id()).lastUsedAt();
        assertThat(firstUse).isNotNull();
        assertThat(api.get("/api/v1/audit/verify").status()).isEqualTo(200);
        assertThat(tokens.get(issued.token().id()).lastUsedAt()).isEqualTo(firstUse);
    }

    @Test
    void healthIsPublicAndMetricsNeedSystemRead() {
        assertThat(new TestApi(port, null).get("/actuator/health").status()).isEqualTo(200);
        assertThat(new TestApi(port, null).get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(TestApi.withScopes(port, tokens, "audit:read")
                        .get("/actuator/prometheus")
                        .status())
                .isEqualTo(403);
        TestApi.Response metrics =
                TestApi.withScopes(port, tokens, "system:read").get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void consolePagesFollowTheRole(Role role) throws Exception {
        var who = user(staff(role));
        boolean auditor = role == Role.ADMIN || role == Role.AUDITOR;
        mvc.perform(get("/console").with(who)).andExpect(status().isOk());
        mvc.perform(get("/console/audit").with(who)).andExpect(auditor ? status().isOk() : status().isForbidden());
        mvc.perform(get("/console/admin").with(who))
                .andExpect(role == Role.ADMIN || role == Role.AUDITOR ? status().isOk() : status().isForbidden());
        mvc.perform(post("/console/admin/accounts")
                        .with(who)
                        .with(csrf())
                        .param("username", "new-" + role.name().toLowerCase())
                        .param("displayName", "New Person")
                        .param("role", "AGENT"))
                .andExpect(role == Role.ADMIN ? status().isOk() : status().isForbidden());
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void apiFollowsTheRole(Role role) {
        TestApi api = api(role);
        boolean auditor = role == Role.ADMIN || role == Role.AUDITOR;
        assertThat(api.get("/api/v1/audit/verify").status()).isEqualTo(auditor ? 200 : 403);
        assertThat(api.get("/api/v1/admin/users").status()).isEqualTo(auditor ? 200 : 403);
        TestApi.Response create = api.post(
                "/api/v1/admin/users",
                "{\"username\":\"api-" + role.name().toLowerCase()
                        + "\",\"displayName\":\"Api Person\",\"role\":\"AUDITOR\"}");
        assertThat(create.status()).isEqualTo(role == Role.ADMIN ? 201 : 403);
        if (create.status() == 403) {
            assertThat(create.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void formsWithoutCsrfTokenAreRefused() throws Exception {
        mvc.perform(post("/console/admin/accounts")
                        .with(user(staff(Role.ADMIN)))
                        .param("username", "no-csrf")
                        .param("displayName", "X")
                        .param("role", "AGENT"))
                .andExpect(status().isForbidden());
    }

    /** Walks every endpoint that changes something, including ones added later, and expects 403 for an auditor. */
    @Test
    void auditorCannotChangeAnything() throws Exception {
        TestApi auditorApi = api(Role.AUDITOR);
        var auditor = user(staff(Role.AUDITOR));
        List<String> checked = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry :
                mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            for (var method : info.getMethodsCondition().getMethods()) {
                if (method.name().equals("GET") || method.name().equals("HEAD")) {
                    continue;
                }
                for (String pattern :
                        info.getDirectPaths().isEmpty() ? info.getPatternValues() : info.getDirectPaths()) {
                    String path =
                            pattern.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                    if (isPublicOrReadOnly(path)) {
                        continue;
                    }
                    checked.add(method + " " + path);
                    if (path.startsWith("/api/")) {
                        TestApi.Response response = switch (method.name()) {
                            case "DELETE" -> auditorApi.delete(path);
                            default -> auditorApi.post(path, "{}");
                        };
                        assertThat(response.status()).as(method + " " + path).isEqualTo(403);
                    } else {
                        mvc.perform(request(HttpMethod.valueOf(method.name()), path)
                                        .with(auditor)
                                        .with(csrf()))
                                .andExpect(status().isForbidden());
                    }
                }
            }
        }
        assertThat(checked).contains("POST /api/v1/admin/users", "POST /console/admin/accounts");
    }

    /** Checking a register file stores nothing, so an auditor may do it; applying the same file stays refused. */
    @Test
    void auditorMayCheckARegisterFileButNotApplyIt() throws Exception {
        TestApi auditorApi = api(Role.AUDITOR);
        String file = new String(
                getClass()
                        .getResourceAsStream("/register/templates/telecom-nl.yaml")
                        .readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(auditorApi.post("/api/v1/register/check", file).status()).isEqualTo(200);
        assertThat(auditorApi.post("/api/v1/register", file).status()).isEqualTo(403);
    }

    private static boolean isPublicOrReadOnly(String path) {
        return path.equals("/console/setup")
                || path.equals("/console/audit/verify")
                // The portal is for requesters, who have no account: its own tests cover who sees what.
                || path.startsWith("/portal")
                // The cookie notice is for a provider's website visitors, who have no account either.
                || path.startsWith("/consent/")
                || List.of(nl.waarborg.security.web.WebSecurityConfiguration.READ_ONLY_POSTS)
                        .contains(path)
                || path.startsWith("/error");
    }
}
