package nl.waarborg.security.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.security.ApiToken;
import nl.waarborg.security.ApiTokens;
import nl.waarborg.security.IssuedToken;
import nl.waarborg.security.Role;
import nl.waarborg.security.SetupLink;
import nl.waarborg.security.StaffAccount;
import nl.waarborg.security.StaffAccounts;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Staff accounts and API tokens over the API, for {@code ./waarborg admin …}. */
@RestController
@RequestMapping("/api/v1/admin")
class AdminApi {

    private final StaffAccounts accounts;
    private final ApiTokens tokens;

    AdminApi(StaffAccounts accounts, ApiTokens tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    record NewAccount(
            @NotBlank String username,
            @NotBlank String displayName,
            @NotNull Role role) {}

    record NewToken(@NotBlank String name, @NotEmpty Set<String> scopes) {}

    record Enabled(boolean enabled) {}

    record NewRole(Role role) {}

    @GetMapping("/users")
    @PreAuthorize("hasAuthority('admin:read')")
    List<StaffAccount> users() {
        return accounts.list();
    }

    @PostMapping("/users")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('admin:write')")
    SetupLink createUser(@Valid @RequestBody NewAccount body) {
        return accounts.create(body.username(), body.displayName(), body.role());
    }

    @PostMapping("/users/{id}/password-reset")
    @PreAuthorize("hasAuthority('admin:write')")
    SetupLink reset(@PathVariable UUID id) {
        return accounts.resetPassword(id);
    }

    @PostMapping("/users/{id}/enabled")
    @PreAuthorize("hasAuthority('admin:write')")
    StaffAccount enable(@PathVariable UUID id, @RequestBody Enabled body) {
        return accounts.setEnabled(id, body.enabled());
    }

    /** Gives an account another role; its console sessions end, so the new permissions apply from its next sign-in. */
    @PostMapping("/users/{id}/role")
    @PreAuthorize("hasAuthority('admin:write')")
    StaffAccount role(@PathVariable UUID id, @RequestBody NewRole body) {
        return accounts.setRole(id, body == null ? null : body.role());
    }

    @GetMapping("/tokens")
    @PreAuthorize("hasAuthority('admin:read')")
    List<ApiToken> tokens() {
        return tokens.list();
    }

    @PostMapping("/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('admin:write')")
    IssuedToken issue(@Valid @RequestBody NewToken body, Authentication who) {
        return tokens.issue(body.name(), body.scopes(), who.getName());
    }

    @DeleteMapping("/tokens/{id}")
    @PreAuthorize("hasAuthority('admin:write')")
    ApiToken revoke(@PathVariable UUID id) {
        return tokens.revoke(id);
    }
}
