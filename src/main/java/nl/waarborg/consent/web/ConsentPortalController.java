package nl.waarborg.consent.web;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.waarborg.consent.ConsentException;
import nl.waarborg.consent.ConsentLedger;
import nl.waarborg.consent.internal.ConsentPortal;
import nl.waarborg.register.Registers;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The portal's consent page, for people without an account: ask for a link at the address consent was given with, then
 * see every consent with the wording agreed to and withdraw each with one button (Art. 7(3): as easy as giving).
 * Works without JavaScript. Opening the link changes nothing; only the buttons (a form with a CSRF token) withdraw.
 */
@Controller
class ConsentPortalController {

    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Europe/Amsterdam"));

    private final ConsentPortal portal;
    private final ConsentLedger ledger;
    private final Registers registers;

    ConsentPortalController(ConsentPortal portal, ConsentLedger ledger, Registers registers) {
        this.portal = portal;
        this.ledger = ledger;
        this.registers = registers;
    }

    @GetMapping("/portal/consents")
    String form() {
        return "consent/portal-ask";
    }

    @PostMapping("/portal/consents")
    String send(@RequestParam(required = false) String email, Model model) {
        try {
            portal.sendLink(email, LocaleContextHolder.getLocale());
            model.addAttribute("sent", true);
        } catch (ConsentException e) {
            // The person reads this page in their language: the field's own text, not the domain's English detail.
            model.addAttribute("emailError", true);
            model.addAttribute("email", email == null || email.length() > 320 ? "" : email);
        }
        return "consent/portal-ask";
    }

    /** One purpose as the page shows it: its title, the newest event and the wording last agreed to. */
    record Line(
            String purpose,
            String title,
            boolean consented,
            String since,
            String channel,
            String wording,
            String tcf) {}

    /** One event of the history. */
    record Past(String at, String title, String event, String channel, String tcf) {}

    @GetMapping("/portal/consents/{token}")
    String consents(@PathVariable String token, Model model, jakarta.servlet.http.HttpServletResponse response) {
        List<String> subject = portal.open(token).orElse(null);
        if (subject == null) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("expired", true);
            return "consent/portal-ask";
        }
        Locale locale = LocaleContextHolder.getLocale();
        List<ConsentLedger.Recorded> history = portal.history(subject);
        Map<String, Line> lines = new LinkedHashMap<>();
        Map<String, String> lastWording = new LinkedHashMap<>();
        Map<String, String> lastTcf = new LinkedHashMap<>();
        List<Past> past = new ArrayList<>();
        for (ConsentLedger.Recorded e : history) {
            String title = title(e.purpose(), locale);
            String tcf = e.tcf() == null ? null : e.tcf().summary();
            if (e.event() == ConsentLedger.Event.GIVEN) {
                // What the person agreed to last stays on the line after a withdrawal: that is what they withdrew.
                lastWording.put(e.purpose(), e.wordingSha256());
                lastTcf.put(e.purpose(), tcf);
            }
            lines.put(
                    e.purpose(),
                    new Line(
                            e.purpose(),
                            title,
                            e.event() == ConsentLedger.Event.GIVEN,
                            MINUTE.format(e.at()),
                            e.channel().name(),
                            null,
                            tcf));
            past.add(new Past(
                    MINUTE.format(e.at()), title, e.event().name(), e.channel().name(), tcf));
        }
        List<Line> now = new ArrayList<>();
        for (Line l : lines.values()) {
            String sha = lastWording.get(l.purpose());
            now.add(new Line(
                    l.purpose(),
                    l.title(),
                    l.consented(),
                    l.since(),
                    l.channel(),
                    sha == null ? null : ledger.wording(sha).orElse(null),
                    lastTcf.get(l.purpose())));
        }
        java.util.Collections.reverse(past);
        model.addAttribute("token", token);
        model.addAttribute("lines", now);
        model.addAttribute("past", past);
        return "consent/portal-consents";
    }

    @PostMapping("/portal/consents/{token}/withdraw")
    String withdraw(
            @PathVariable String token,
            @RequestParam(required = false) String purpose,
            Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        List<String> subject = portal.open(token).orElse(null);
        if (subject == null) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("expired", true);
            return "consent/portal-ask";
        }
        boolean recorded = portal.withdraw(subject, purpose);
        String page = consents(token, model, response);
        model.addAttribute(
                recorded ? "done" : "already",
                title(ledger.purposeOnConsent(purpose), LocaleContextHolder.getLocale()));
        return page;
    }

    private String title(String purpose, Locale locale) {
        String title = registers.describe(purpose).in(locale).strip();
        // The register describes a row as a sentence; inside a sentence of the page it goes without its full stop.
        return title.endsWith(".") ? title.substring(0, title.length() - 1) : title;
    }
}
