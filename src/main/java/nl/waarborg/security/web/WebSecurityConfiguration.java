package nl.waarborg.security.web;

import nl.waarborg.security.ApiTokens;
import nl.waarborg.security.Permission;
import nl.waarborg.security.StaffAccounts;
import nl.waarborg.web.ConsoleMenuItem;
import nl.waarborg.web.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Two doors: the API and actuator take bearer tokens only (stateless, no CSRF since no cookies), the console takes a
 * form sign-in with a session, CSRF tokens and strict headers.
 */
@Configuration(proxyBeanMethods = false)
public class WebSecurityConfiguration {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /**
     * Anything but a read needs at least one write permission, before any controller runs: a read-only account gets
     * 403 even for a malformed request. The exact permission is then checked on the handler method.
     */
    static final AuthorizationManager<RequestAuthorizationContext> WRITE_ACCESS = (authentication, context) -> {
        Authentication auth = authentication.get();
        boolean writer = auth != null
                && auth.isAuthenticated()
                && auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().endsWith(":write"));
        return new AuthorizationDecision(writer);
    };

    /**
     * POSTs that only read: they carry a file to be checked and store nothing, so a read permission is enough (the
     * handler still checks which one). Kept to this short list so that every other POST needs a write permission.
     */
    public static final String[] READ_ONLY_POSTS = {"/api/v1/register/check"};

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiTokens tokens) throws Exception {
        http.securityMatcher("/api/**", "/actuator/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiTokenAuthenticationFilter(tokens), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth.requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasAuthority(Permission.SYSTEM_READ.authority())
                        .requestMatchers(HttpMethod.GET, "/api/**")
                        .authenticated()
                        .requestMatchers(HttpMethod.POST, READ_ONLY_POSTS)
                        .authenticated()
                        .anyRequest()
                        .access(WRITE_ACCESS))
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> {
                            response.setHeader("WWW-Authenticate", "Bearer realm=\"waarborg\"");
                            Problems.write(
                                    response,
                                    HttpStatus.UNAUTHORIZED,
                                    "unauthenticated",
                                    "A valid API token is needed: send it as 'Authorization: Bearer <token>'");
                        })
                        .accessDeniedHandler((request, response, ex) -> Problems.write(
                                response,
                                HttpStatus.FORBIDDEN,
                                "forbidden",
                                "This token lacks the permission for this operation")))
                .headers(h -> h.contentSecurityPolicy(
                        csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain consoleChain(
            HttpSecurity http, AuthenticationManager authenticationManager, StaffAccounts accounts) throws Exception {
        // Explicit: otherwise Spring builds its own manager from the UserDetailsService, without the throttle.
        http.authenticationManager(authenticationManager)
                // One-click unsubscribe (RFC 8058): a mail client posts to the signed link without a session or a
                // CSRF token; the link can only withdraw a consent.
                // The cookie notice on the provider's own site posts a visitor's choice from another origin, without a
                // session: there is no account to act for, and the choice concerns only that visitor's pseudonym.
                .csrf(csrf -> csrf.ignoringRequestMatchers(
                        org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.withDefaults()
                                .matcher(HttpMethod.POST, "/portal/unsubscribe/*"),
                        org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.withDefaults()
                                .matcher(HttpMethod.POST, "/consent/banner/choices")))
                .addFilterBefore(new StaleSessionFilter(accounts), AuthorizationFilter.class)
                .authorizeHttpRequests(auth -> auth.requestMatchers(
                                "/",
                                "/console/login",
                                "/console/setup",
                                "/css/**",
                                "/js/**",
                                "/webjars/**",
                                "/favicon.ico",
                                "/favicon.svg",
                                "/error",
                                "/v3/api-docs",
                                "/v3/api-docs/**",
                                // The public privacy statement and its archive: readers have no account.
                                "/privacy",
                                "/privacy/**",
                                "/en/privacy",
                                "/en/privacy/**",
                                // The self-service portal for data-subject requests: requesters have no account.
                                "/portal",
                                "/portal/**",
                                // The cookie notice the provider embeds in its website, for its visitors.
                                "/consent/**",
                                "/.well-known/gpc.json")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/console/**")
                        .authenticated()
                        // Read-only actions that are POSTs only to carry a CSRF token.
                        .requestMatchers(HttpMethod.POST, "/console/logout", "/console/audit/verify")
                        .authenticated()
                        .requestMatchers("/console/**")
                        .access(WRITE_ACCESS)
                        .anyRequest()
                        .authenticated())
                .formLogin(form -> form.loginPage("/console/login")
                        .loginProcessingUrl("/console/login")
                        .defaultSuccessUrl("/console", true)
                        .failureHandler((request, response, ex) -> response.sendRedirect(request.getContextPath()
                                + (ex instanceof LockedException ? "/console/login?locked" : "/console/login?error"))))
                .logout(logout -> logout.logoutUrl("/console/logout")
                        .logoutSuccessUrl("/console/login?logout")
                        .deleteCookies("JSESSIONID"))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                        .frameOptions(f -> f.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    @Bean
    ConsoleMenuItem adminMenu() {
        return new ConsoleMenuItem("menu.admin", "/console/admin", Permission.ADMIN_READ.authority(), 90);
    }
}
