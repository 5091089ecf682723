package nl.waarborg.consent.web;

import nl.waarborg.consent.ConsentLedger;
import nl.waarborg.register.Registers;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * One-click unsubscribe (RFC 8058). A mail client posts {@code List-Unsubscribe=One-Click} to the link and the consent
 * is withdrawn at once; a person who opens the link in a browser sees a page with one button, because opening a link
 * must change nothing (mail scanners open every link). No account, no code: the link itself is the proof, signed by
 * Waarborg, and it can only withdraw.
 */
@Controller
class UnsubscribeController {

    private final ConsentLedger ledger;
    private final Registers registers;

    UnsubscribeController(ConsentLedger ledger, Registers registers) {
        this.ledger = ledger;
        this.registers = registers;
    }

    @GetMapping("/portal/unsubscribe/{token}")
    String page(@PathVariable String token, Model model) {
        String[] target = ledger.unsubscribeTarget(token).orElseThrow(UnsubscribeController::unknown);
        model.addAttribute("token", token);
        model.addAttribute("purpose", title(target[1]));
        return "consent/unsubscribe";
    }

    @PostMapping("/portal/unsubscribe/{token}")
    Object unsubscribe(
            @PathVariable String token,
            @RequestParam(name = "List-Unsubscribe", required = false) String oneClick,
            Model model) {
        String purpose = ledger.unsubscribe(token).orElseThrow(UnsubscribeController::unknown);
        if ("One-Click".equals(oneClick)) {
            // The mail client wants no page, only that it worked.
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("unsubscribed\n");
        }
        model.addAttribute("done", true);
        model.addAttribute("purpose", title(purpose));
        return "consent/unsubscribe";
    }

    private String title(String purpose) {
        return registers.describe(purpose).in(org.springframework.context.i18n.LocaleContextHolder.getLocale());
    }

    private static nl.waarborg.consent.ConsentException unknown() {
        return new nl.waarborg.consent.ConsentException(
                nl.waarborg.errors.DomainException.Kind.NOT_FOUND, "link", "this link does not unsubscribe anything");
    }
}
