package nl.waarborg.consent.web;

import nl.waarborg.consent.ConsentLedger;
import nl.waarborg.consent.internal.Webhooks;
import nl.waarborg.register.Registers;
import nl.waarborg.web.ConsoleMenuItem;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's consent page: per purpose on consent how many people have consented now and withdrew, the events
 * per month of the last year (counts, never who), the wordings consents were given to, and the subscribed systems with
 * their deliveries.
 */
@Controller
class ConsentConsoleController {

    private final ConsentLedger ledger;
    private final Webhooks webhooks;
    private final Registers registers;

    private final nl.waarborg.consent.internal.CookieBanner banner;
    private final String publicUrl;

    ConsentConsoleController(
            ConsentLedger ledger,
            Webhooks webhooks,
            Registers registers,
            nl.waarborg.consent.internal.CookieBanner banner,
            @org.springframework.beans.factory.annotation.Value("${waarborg.security.public-url:}") String publicUrl) {
        this.banner = banner;
        this.publicUrl = publicUrl;
        this.ledger = ledger;
        this.webhooks = webhooks;
        this.registers = registers;
    }

    @GetMapping("/console/consents")
    @PreAuthorize("hasAuthority('subjects:read')")
    String page(Model model) {
        model.addAttribute("counts", ledger.counts());
        model.addAttribute("wordings", ledger.wordings());
        model.addAttribute("hooks", webhooks.hooks());
        model.addAttribute("registers", registers);
        // What the provider pastes into every page of its website, and what the notice asks now.
        String base = PublicBase.of(publicUrl);
        model.addAttribute(
                "snippet",
                "<link rel=\"stylesheet\" href=\"" + base + "/consent/banner.css\">\n<script src=\"" + base
                        + "/consent/banner.js\" defer></script>\n<script type=\"text/plain\""
                        + " data-waarborg-category=\"marketing\" data-waarborg-cookies=\"_ads\""
                        + " src=\"https://ads.example/tag.js\"></script>");
        model.addAttribute(
                "banner", banner.config(org.springframework.context.i18n.LocaleContextHolder.getLocale(), false));
        return "consent/consents";
    }

    @Configuration(proxyBeanMethods = false)
    static class Menu {
        @Bean
        ConsoleMenuItem consentMenu() {
            return new ConsoleMenuItem("menu.consent", "/console/consents", "subjects:read", 38);
        }
    }
}
