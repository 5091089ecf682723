package nl.waarborg.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        description = "Manage staff accounts and API tokens.",
        subcommands = {
            AdminCommand.CreateUser.class,
            AdminCommand.Users.class,
            AdminCommand.ResetPassword.class,
            AdminCommand.Disable.class,
            AdminCommand.Enable.class,
            AdminCommand.SetRole.class,
            AdminCommand.CreateToken.class,
            AdminCommand.Tokens.class,
            AdminCommand.RevokeToken.class
        })
class AdminCommand {

    /** The staff roles; checked here so that a typing error is a usage error that lists them. */
    static final List<String> ROLES = List.of("ADMIN", "PRIVACY_OFFICER", "AGENT", "AUDITOR");

    /** The role as the server names it; {@code agent} and {@code privacy-officer} are accepted too. */
    static String role(ClientCommand command, String role) {
        String name = role.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        if (!ROLES.contains(name)) {
            throw command.usage("option.role", "--role");
        }
        return name;
    }

    @Command(
            name = "create-user",
            mixinStandardHelpOptions = true,
            description = "Create a staff account and print its one-time setup link (no password is ever printed).")
    static class CreateUser extends ClientCommand {
        @Option(names = "--username", required = true, description = "Sign-in name, for example j.jansen")
        String username;

        @Option(names = "--name", required = true, description = "Full name shown in the console")
        String name;

        @Option(names = "--role", required = true, description = "ADMIN, PRIVACY_OFFICER, AGENT or AUDITOR")
        String role;

        @Override
        public Integer call() {
            var link = api().post(
                            "/api/v1/admin/users",
                            Map.of("username", username, "displayName", name, "role", role(this, role)));
            return report(link, l -> {
                out().println("Account " + text(l, "username") + " created. One-time setup link (valid until "
                        + text(l, "expiresAt") + "):");
                out().println(text(l, "url"));
            });
        }
    }

    @Command(name = "users", mixinStandardHelpOptions = true, description = "List staff accounts.")
    static class Users extends ClientCommand {
        @Override
        public Integer call() {
            return report(api().get("/api/v1/admin/users"), list -> {
                Table table = new Table("ID", "USERNAME", "NAME", "ROLE", "STATUS");
                list.forEach(a -> table.row(
                        text(a, "id"),
                        text(a, "username"),
                        text(a, "displayName"),
                        text(a, "role"),
                        !a.path("enabled").asBoolean()
                                ? "disabled"
                                : !a.path("passwordSet").asBoolean() ? "awaiting setup" : "active"));
                table.print(out());
            });
        }
    }

    @Command(
            name = "reset-password",
            mixinStandardHelpOptions = true,
            description = "Print a new one-time setup link for an account; its password stops working.")
    static class ResetPassword extends ClientCommand {
        @Parameters(paramLabel = "ACCOUNT_ID")
        String id;

        @Override
        public Integer call() {
            return report(
                    api().post("/api/v1/admin/users/" + id + "/password-reset", Map.of()),
                    l -> out().println(text(l, "url")));
        }
    }

    @Command(
            name = "set-role",
            mixinStandardHelpOptions = true,
            description = "Give a staff account another role; its console sessions end at once.")
    static class SetRole extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ACCOUNT_ID")
        String id;

        @Option(names = "--role", required = true, description = "ADMIN, PRIVACY_OFFICER, AGENT or AUDITOR.")
        String role;

        @Override
        public Integer call() {
            return report(
                    api().post("/api/v1/admin/users/" + id + "/role", Map.of("role", role(this, role))),
                    a -> out().println("Account " + text(a, "username") + " now has role " + text(a, "role") + "."));
        }
    }

    /** Shared by enable and disable: one call, two directions. */
    abstract static class SetEnabled extends ClientCommand {
        @Parameters(paramLabel = "ACCOUNT_ID")
        String id;

        abstract boolean enabled();

        @Override
        public Integer call() {
            return report(
                    api().post("/api/v1/admin/users/" + id + "/enabled", Map.of("enabled", enabled())),
                    a -> out().println("Account " + text(a, "username") + (enabled() ? " enabled." : " disabled.")));
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable a staff account.")
    static class Disable extends SetEnabled {
        @Override
        boolean enabled() {
            return false;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a staff account again.")
    static class Enable extends SetEnabled {
        @Override
        boolean enabled() {
            return true;
        }
    }

    @Command(
            name = "create-token",
            mixinStandardHelpOptions = true,
            description = "Create an API token for another system; the secret is printed once.")
    static class CreateToken extends ClientCommand {
        @Option(names = "--name", required = true, description = "What the token is for, for example 'billing'")
        String name;

        @Option(
                names = "--scope",
                required = true,
                split = ",",
                description = "Permissions such as register:read,subjects:write ('*' for all)")
        List<String> scopes;

        @Override
        public Integer call() {
            return report(api().post("/api/v1/admin/tokens", Map.of("name", name, "scopes", scopes)), t -> {
                out().println("Token " + text(t.path("token"), "id") + " created with scopes "
                        + t.path("token").path("scopes").toString() + ".");
                out().println("Secret (shown once): " + text(t, "secret"));
            });
        }
    }

    @Command(name = "tokens", mixinStandardHelpOptions = true, description = "List API tokens.")
    static class Tokens extends ClientCommand {
        @Override
        public Integer call() {
            return report(api().get("/api/v1/admin/tokens"), list -> {
                Table table = new Table("ID", "NAME", "SCOPES", "LAST USED", "STATUS");
                list.forEach(t -> table.row(
                        text(t, "id"),
                        text(t, "name"),
                        t.path("scopes").size() + " scopes",
                        text(t, "lastUsedAt"),
                        t.path("revokedAt").isNull() || t.path("revokedAt").isMissingNode() ? "active" : "revoked"));
                table.print(out());
            });
        }
    }

    @Command(name = "revoke-token", mixinStandardHelpOptions = true, description = "Revoke an API token at once.")
    static class RevokeToken extends ClientCommand {
        @Parameters(paramLabel = "TOKEN_ID")
        String id;

        @Override
        public Integer call() {
            return report(
                    api().delete("/api/v1/admin/tokens/" + id),
                    t -> out().println("Token " + text(t, "name") + " revoked."));
        }
    }
}
