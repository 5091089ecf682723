package nl.waarborg.security.web;

import java.util.Set;
import java.util.UUID;
import nl.waarborg.errors.DomainException;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.security.Permission;
import nl.waarborg.security.Role;
import nl.waarborg.security.StaffAccounts;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Console pages for staff accounts and API tokens. */
@Controller
class AdminController {

    private final StaffAccounts accounts;
    private final ApiTokens tokens;

    AdminController(StaffAccounts accounts, ApiTokens tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    @GetMapping("/console/admin")
    @PreAuthorize("hasAuthority('admin:read')")
    String overview(Model model) {
        model.addAttribute("accounts", accounts.list());
        model.addAttribute("tokens", tokens.list());
        model.addAttribute("roles", Role.values());
        model.addAttribute("permissions", Permission.values());
        return "security/admin";
    }

    @PostMapping("/console/admin/accounts")
    @PreAuthorize("hasAuthority('admin:write')")
    String createAccount(
            @RequestParam String username, @RequestParam String displayName, @RequestParam Role role, Model model) {
        try {
            model.addAttribute("setupLink", accounts.create(username, displayName, role));
        } catch (DomainException e) {
            model.addAttribute("error", e.getMessage());
        }
        return overview(model);
    }

    @PostMapping("/console/admin/accounts/{id}/reset")
    @PreAuthorize("hasAuthority('admin:write')")
    String reset(@PathVariable UUID id, Model model) {
        model.addAttribute("setupLink", accounts.resetPassword(id));
        return overview(model);
    }

    @PostMapping("/console/admin/accounts/{id}/enabled")
    @PreAuthorize("hasAuthority('admin:write')")
    String enable(@PathVariable UUID id, @RequestParam boolean enabled) {
        accounts.setEnabled(id, enabled);
        return "redirect:/console/admin";
    }

    @PostMapping("/console/admin/tokens")
    @PreAuthorize("hasAuthority('admin:write')")
    String issueToken(
            @RequestParam String name,
            @RequestParam(required = false) Set<String> scopes,
            Authentication who,
            Model model) {
        try {
            model.addAttribute("issued", tokens.issue(name, scopes, who.getName()));
        } catch (DomainException e) {
            model.addAttribute("error", e.getMessage());
        }
        return overview(model);
    }

    @PostMapping("/console/admin/tokens/{id}/revoke")
    @PreAuthorize("hasAuthority('admin:write')")
    String revoke(@PathVariable UUID id) {
        tokens.revoke(id);
        return "redirect:/console/admin";
    }
}
