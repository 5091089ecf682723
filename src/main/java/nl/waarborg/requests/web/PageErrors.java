package nl.waarborg.requests.web;

import java.util.Set;
import nl.waarborg.errors.DomainException;
import org.springframework.ui.Model;

/**
 * A refused form shown again: the message key of the field or problem (when the page has one, else the domain's own
 * text), and the field, so the page can mark it.
 */
final class PageErrors {

    private PageErrors() {}

    static void show(DomainException e, Model model, Set<String> known) {
        String key = !e.slug().equals(e.kind().slug()) ? e.slug() : e.field();
        if (key != null && key.startsWith("rights[")) {
            key = "rights";
        }
        model.addAttribute("error", key != null && known.contains(key) ? key : null);
        model.addAttribute("errorField", e.field());
        model.addAttribute("errorDetail", e.detail());
    }
}
