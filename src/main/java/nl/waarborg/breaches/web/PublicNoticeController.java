package nl.waarborg.breaches.web;

import java.util.Locale;
import nl.waarborg.breaches.BreachException;
import nl.waarborg.breaches.Breaches;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.Registers;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The public notice of a breach, for everyone (Art. 34(3)(c)): under the privacy statement's address, in the reader's
 * language, with the provider's name and the date. Only the notice's own text is shown, nothing else of the breach.
 */
@Controller
class PublicNoticeController {

    private final Breaches breaches;
    private final Registers registers;

    PublicNoticeController(Breaches breaches, Registers registers) {
        this.breaches = breaches;
        this.registers = registers;
    }

    @GetMapping({"/privacy/notices/{reference}", "/en/privacy/notices/{reference}"})
    String notice(@PathVariable String reference, Model model, jakarta.servlet.http.HttpServletRequest request) {
        Breaches.PublicNotice n = breaches.publicNotice(reference)
                .orElseThrow(() -> new BreachException(Kind.NOT_FOUND, "reference", "no notice with this reference"));
        // As the statement: the language is the address (/en/privacy/… for English), not the console's cookie.
        boolean english = request.getRequestURI().startsWith("/en/");
        request.setAttribute(
                org.springframework.web.servlet.i18n.CookieLocaleResolver.LOCALE_REQUEST_ATTRIBUTE_NAME,
                english ? Locale.ENGLISH : Locale.forLanguageTag("nl"));
        model.addAttribute("text", english ? n.textEn() : n.textNl());
        model.addAttribute("since", BreachTimes.local(n.since()).substring(0, 10));
        model.addAttribute("reference", n.reference());
        model.addAttribute(
                "provider",
                registers
                        .current()
                        .map(v -> v.register().organisation().legalName())
                        .orElse(""));
        model.addAttribute("lang", english ? Locale.ENGLISH.getLanguage() : "nl");
        return "breaches/notice";
    }
}
