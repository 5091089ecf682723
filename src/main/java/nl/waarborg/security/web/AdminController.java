package nl.waarborg.security.web;

import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.errors.DomainException;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.security.Permission;
import nl.waarborg.security.Role;
import nl.waarborg.security.StaffAccounts;
import org.springframework.context.MessageSource;
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
    private final MessageSource messages;

    AdminController(StaffAccounts accounts, ApiTokens tokens, MessageSource messages) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.messages = messages;
    }

    /** The reason in the page's language where there is a text for it; the detail otherwise. */
    private void error(Model model, DomainException e, Locale locale) {
        model.addAttribute("error", messages.getMessage("admin.error." + e.slug(), null, e.detail(), locale));
    }

    @GetMapping("/console/admin")
    @PreAuthorize("hasAuthority('admin:read')")
    String overview(Model model, Authentication who) {
        model.addAttribute("self", who == null ? null : who.getName());
        model.addAttribute("accounts", accounts.list());
        model.addAttribute("tokens", tokens.list());
        model.addAttribute("roles", Role.values());
        model.addAttribute("permissions", Permission.values());
        return "security/admin";
    }

    @PostMapping("/console/admin/accounts")
    @PreAuthorize("hasAuthority('admin:write')")
    String createAccount(
            @RequestParam String username,
            @RequestParam String displayName,
            @RequestParam(required = false) Role role,
            Authentication who,
            Locale locale,
            Model model) {
        try {
            model.addAttribute("setupLink", accounts.create(username, displayName, role));
        } catch (DomainException e) {
            error(model, e, locale);
        }
        return overview(model, who);
    }

    @PostMapping("/console/admin/accounts/{id}/reset")
    @PreAuthorize("hasAuthority('admin:write')")
    String reset(@PathVariable UUID id, Authentication who, Model model) {
        model.addAttribute("setupLink", accounts.resetPassword(id));
        return overview(model, who);
    }

    @PostMapping("/console/admin/accounts/{id}/enabled")
    @PreAuthorize("hasAuthority('admin:write')")
    String enable(
            @PathVariable UUID id, @RequestParam boolean enabled, Authentication who, Locale locale, Model model) {
        try {
            accounts.setEnabled(id, enabled);
        } catch (DomainException e) {
            error(model, e, locale);
            return overview(model, who);
        }
        return "redirect:/console/admin";
    }

    @PostMapping("/console/admin/accounts/{id}/role")
    @PreAuthorize("hasAuthority('admin:write')")
    String role(
            @PathVariable UUID id,
            @RequestParam(required = false) Role role,
            Authentication who,
            Locale locale,
            Model model) {
        try {
            accounts.setRole(id, role);
        } catch (DomainException e) {
            error(model, e, locale);
            return overview(model, who);
        }
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
        return overview(model, who);
    }

    @PostMapping("/console/admin/tokens/{id}/revoke")
    @PreAuthorize("hasAuthority('admin:write')")
    String revoke(@PathVariable UUID id) {
        tokens.revoke(id);
        return "redirect:/console/admin";
    }
}
