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

    ConsentConsoleController(ConsentLedger ledger, Webhooks webhooks, Registers registers) {
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
