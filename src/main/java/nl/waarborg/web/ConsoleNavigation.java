package nl.waarborg.web;

import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The menu, the signed-in name and the current path for the page layout, read by the layout itself ({@code
 * @consoleNav}): error pages and pages from exception handlers get no model attributes, and without these the person
 * would look signed out.
 */
@Component("consoleNav")
public class ConsoleNavigation {

    private final ConsoleModelAdvice model;

    ConsoleNavigation(ConsoleModelAdvice model) {
        this.model = model;
    }

    public List<ConsoleMenuItem> menu() {
        return model.menu();
    }

    public String signedInAs() {
        return model.signedInAs();
    }

    /** Whether the signed-in person has this permission, so a page offers only the actions they may take. */
    public boolean may(String authority) {
        var auth = org.springframework.security.core.context.SecurityContextHolder.getContext()
                .getAuthentication();
        return auth != null
                && auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(authority));
    }

    /**
     * The current page in another language: the same path and query with {@code lang} replaced, so that switching
     * keeps what the page was opened with (a setup link's token, a search).
     */
    public String inLanguage(String lang) {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return "?lang=" + lang;
        }
        var request = attributes.getRequest();
        StringBuilder query = new StringBuilder();
        String raw = request.getQueryString();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                // Not the reason an encrypted record was opened with: switching language must not open it again.
                if (!pair.isEmpty()
                        && !pair.equals("lang")
                        && !pair.startsWith("lang=")
                        && !pair.startsWith("reason=")) {
                    query.append(pair).append('&');
                }
            }
        }
        query.append("lang=").append(lang.equals("en") ? "en" : "nl");
        // The request's own URI when this is an error page: the page the person asked for.
        Object original = request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI);
        String path = original instanceof String o ? o : request.getRequestURI();
        // Never a link to another host: "//host/…" would be one.
        path = "/" + path.replaceFirst("^/+", "");
        return path + "?" + query;
    }

    private static final java.time.format.DateTimeFormatter MINUTE = java.time.format.DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm")
            .withZone(java.time.ZoneId.of("Europe/Amsterdam"));

    /** A moment as the console shows every time: to the minute, in Amsterdam time; "—" for none. */
    public String time(java.time.Instant moment) {
        return moment == null ? "—" : MINUTE.format(moment);
    }

    public String currentPath() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest().getRequestURI()
                : "";
    }
}
