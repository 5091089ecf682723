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
                if (!pair.isEmpty() && !pair.equals("lang") && !pair.startsWith("lang=")) {
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

    public String currentPath() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest().getRequestURI()
                : "";
    }
}
