package nl.waarborg.security.web;

import nl.waarborg.errors.DomainException;
import nl.waarborg.security.StaffAccounts;
import nl.waarborg.security.WeakPasswordException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page and the page where a setup link leads: choose a password. */
@Controller
class SignInController {

    private final StaffAccounts accounts;

    SignInController(StaffAccounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/console/login")
    String login() {
        return "security/login";
    }

    @GetMapping("/console/setup")
    String setup(@RequestParam(required = false) String token, Model model) {
        var account = accounts.findBySetupSecret(token);
        model.addAttribute("valid", account.isPresent());
        model.addAttribute("token", token);
        account.ifPresent(a -> model.addAttribute("username", a.username()));
        return "security/setup";
    }

    @PostMapping("/console/setup")
    String completeSetup(
            @RequestParam String token, @RequestParam String password, @RequestParam String confirmation, Model model) {
        var account = accounts.findBySetupSecret(token);
        model.addAttribute("token", token);
        model.addAttribute("valid", account.isPresent());
        account.ifPresent(a -> model.addAttribute("username", a.username()));
        if (account.isEmpty()) {
            return "security/setup";
        }
        if (!password.equals(confirmation)) {
            model.addAttribute("errorKey", "setup.error.mismatch");
            return "security/setup";
        }
        try {
            accounts.completeSetup(token, password);
        } catch (WeakPasswordException e) {
            model.addAttribute("errorKey", "setup.error." + e.reason());
            return "security/setup";
        } catch (DomainException e) {
            model.addAttribute("errorKey", "setup.error.weak");
            return "security/setup";
        }
        return "redirect:/console/login?ready";
    }
}
