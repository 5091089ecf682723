package nl.waarborg.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts the menu, the signed-in name and the current path into every console page's model. */
@ControllerAdvice(annotations = Controller.class)
class ConsoleModelAdvice {

    private final List<ConsoleMenuItem> menu;

    ConsoleModelAdvice(List<ConsoleMenuItem> menu) {
        this.menu = menu.stream()
                .sorted(Comparator.comparingInt(ConsoleMenuItem::order))
                .toList();
    }

    @ModelAttribute("menu")
    List<ConsoleMenuItem> menu() {
        Set<String> granted = grantedAuthorities();
        return menu.stream()
                .filter(item -> item.authority() == null || granted.contains(item.authority()))
                .toList();
    }

    @ModelAttribute("signedInAs")
    String signedInAs() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null || !auth.isAuthenticated() || "anonymousUser".equals(auth.getName())
                ? null
                : auth.getName();
    }

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        return request.getRequestURI();
    }

    /**
     * The menu item the page belongs to: the longest path the current one starts with, so that a page under
     * {@code /console/disclosures/recipients} marks that item and not also {@code /console/disclosures}.
     */
    @ModelAttribute("currentMenuPath")
    String currentMenuPath(HttpServletRequest request) {
        String path = request.getRequestURI();
        return menu.stream()
                .map(ConsoleMenuItem::path)
                .filter(p -> path.equals(p) || path.startsWith(p + "/"))
                .max(Comparator.comparingInt(String::length))
                .orElse(null);
    }

    static Set<String> grantedAuthorities() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null) {
            return Set.of();
        }
        return auth.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
    }
}
