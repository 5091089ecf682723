package nl.waarborg.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything reads them, request parameters and paths that no part of Waarborg can take: a NUL or
 * another control character (PostgreSQL cannot store a NUL, and a control character in an identifier or a search is
 * always a mistake or an attack), or a query parameter longer than any field Waarborg has. The answer names the
 * parameter, never its value: problem+json under {@code /api/}, the console's error page elsewhere.
 *
 * <p>Runs ahead of Spring Security, so that a sign-in form with such a value never reaches the account lookup either.
 * Multipart bodies are left to the upload handlers: reading their parameters here would read the upload.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class InputGuardFilter extends OncePerRequestFilter {

    /** Longer than any identifier, search or purpose a person types; a query string is no place for more. */
    static final int MAX_QUERY_VALUE = 2_000;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Refusal> refusal = check(request);
        if (refusal.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Refusal r = refusal.get();
        if (request.getRequestURI().startsWith("/api/")) {
            Problems.write(response, HttpStatus.BAD_REQUEST, "invalid-input", r.field() + " " + r.reason(), r.field());
        } else {
            response.sendError(HttpStatus.BAD_REQUEST.value());
        }
    }

    static Optional<Refusal> check(HttpServletRequest request) {
        if (request.getRequestURI().toLowerCase().contains("%00")
                || hasControl(request.getServletPath(), false)
                || hasControl(request.getPathInfo(), false)) {
            return Optional.of(new Refusal("path", "contains a control character"));
        }
        boolean multipart = request.getContentType() != null
                && request.getContentType().toLowerCase().startsWith(MediaType.MULTIPART_FORM_DATA_VALUE);
        if (multipart) {
            return Optional.empty();
        }
        Set<String> inQueryString = queryNames(request.getQueryString());
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            String name = parameter.getKey();
            if (hasControl(name, false)) {
                return Optional.of(new Refusal("parameter", "has a name with a control character"));
            }
            for (String value : parameter.getValue()) {
                // Form fields (a pasted text) may hold line breaks and tabs; the query string holds none.
                boolean inQuery = inQueryString.contains(name);
                if (hasControl(value, !inQuery)) {
                    return Optional.of(new Refusal(name, "contains a NUL or another control character"));
                }
                if (inQuery && value.length() > MAX_QUERY_VALUE) {
                    return Optional.of(new Refusal(name, "is longer than " + MAX_QUERY_VALUE + " characters"));
                }
            }
        }
        return Optional.empty();
    }

    private static Set<String> queryNames(String query) {
        Set<String> names = new HashSet<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                try {
                    names.add(URLDecoder.decode(name, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException malformed) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** NUL and the other C0 controls and DEL; tab, CR and LF only where text may span lines. */
    static boolean hasControl(String value, boolean allowLineBreaks) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (allowLineBreaks && (c == '\t' || c == '\n' || c == '\r')) {
                    continue;
                }
                return true;
            }
        }
        return false;
    }

    record Refusal(String field, String reason) {}
}
