package nl.waarborg.security.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import nl.waarborg.security.StaffAccounts;
import nl.waarborg.security.StaffPrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a console session whose account was disabled, had its password reset or set, or got another role since it
 * signed in (the account's session epoch moved on): one indexed read per console request, so the session ends on its
 * very next request, on every instance sharing the database (OWASP ASVS V3.3).
 */
final class StaleSessionFilter extends OncePerRequestFilter {

    private final StaffAccounts accounts;

    StaleSessionFilter(StaffAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null
                && auth.getPrincipal() instanceof StaffPrincipal staff
                && !accounts.sessionValid(staff.id(), staff.sessionEpoch())) {
            SecurityContextHolder.clearContext();
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            response.sendRedirect(request.getContextPath() + "/console/login?ended");
            return;
        }
        chain.doFilter(request, response);
    }
}
