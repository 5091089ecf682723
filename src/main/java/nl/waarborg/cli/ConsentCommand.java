package nl.waarborg.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "consent",
        mixinStandardHelpOptions = true,
        description = "The consent ledger: record a consent given or withdrawn (paper, phone), ask whether it stands,"
                + " make a one-click unsubscribe link.",
        subcommands = {ConsentCommand.State.class, ConsentCommand.Record.class, ConsentCommand.Link.class})
class ConsentCommand {

    static final String API = "/api/v1/consents";

    @Command(
            name = "state",
            mixinStandardHelpOptions = true,
            description = "Whether the owner of IDENTIFIER consents, per purpose on consent (or one).")
    static class State extends ClientCommand {
        @Parameters(paramLabel = "IDENTIFIER")
        String identifier;

        @Option(
                names = "--kind",
                paramLabel = "KIND",
                description = "EMAIL, PHONE, …; needed when the value can be several")
        String kind;

        @Option(names = "--purpose", paramLabel = "KEY", description = "One register row on consent")
        String purpose;

        @Override
        public Integer call() {
            String query = "?identifier=" + SubjectCommand.encode(identifier)
                    + (kind == null ? "" : "&kind=" + SubjectCommand.encode(kind))
                    + (purpose == null ? "" : "&purpose=" + SubjectCommand.encode(purpose));
            return report(api().get(API + "/state" + query), list -> {
                if (list.isEmpty()) {
                    out().println("No consent recorded under this identifier.");
                    return;
                }
                Table table = new Table("PURPOSE", "CONSENTS", "LAST", "SINCE", "CHANNEL");
                list.forEach(s -> table.row(
                        text(s, "purpose"),
                        s.path("consented").asBoolean() ? "yes" : "no",
                        text(s, "last"),
                        text(s, "since"),
                        text(s, "channel")));
                table.print(out());
            });
        }
    }

    @Command(
            name = "record",
            mixinStandardHelpOptions = true,
            description = "Record a consent GIVEN or WITHDRAWN, for example on paper or by phone; the wording the"
                    + " person agreed to is required for GIVEN. You are recorded as the one who took it.")
    static class Record extends ClientCommand {
        @Parameters(index = "0", paramLabel = "EVENT", description = "GIVEN or WITHDRAWN")
        String event;

        @Parameters(index = "1", paramLabel = "PURPOSE", description = "The register row on consent")
        String purpose;

        @Option(names = "--email", paramLabel = "ADDRESS")
        String email;

        @Option(names = "--phone", paramLabel = "NUMBER")
        String phone;

        @Option(names = "--channel", defaultValue = "PAPER", description = "PAPER (default), PHONE, EMAIL, …")
        String channel;

        @Option(names = "--wording", paramLabel = "TEXT", description = "The exact text the person agreed to")
        String wording;

        @Override
        public Integer call() {
            List<Map<String, String>> identifiers = new java.util.ArrayList<>();
            if (email != null) {
                identifiers.add(Map.of("kind", "EMAIL", "value", email));
            }
            if (phone != null) {
                identifiers.add(Map.of("kind", "PHONE", "value", phone));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("identifiers", identifiers);
            body.put("purpose", purpose);
            body.put("event", event);
            body.put("channel", channel);
            body.put("wording", wording);
            return report(
                    api().post(API, body),
                    r -> out().println("Recorded: " + text(r, "event") + " " + text(r, "purpose") + " at "
                            + text(r, "at") + " (" + text(r, "channel") + ")"));
        }
    }

    @Command(
            name = "unsubscribe-link",
            mixinStandardHelpOptions = true,
            description = "The one-click unsubscribe link (RFC 8058) for a newsletter of PURPOSE to ADDRESS.")
    static class Link extends ClientCommand {
        @Parameters(index = "0", paramLabel = "PURPOSE")
        String purpose;

        @Parameters(index = "1", paramLabel = "ADDRESS")
        String address;

        @Override
        public Integer call() {
            return report(
                    api().get(API + "/unsubscribe-link?kind=EMAIL&purpose=" + SubjectCommand.encode(purpose)
                            + "&identifier=" + SubjectCommand.encode(address)),
                    r -> {
                        out().println(text(r, "url"));
                        out().println("List-Unsubscribe: " + text(r, "List-Unsubscribe"));
                        out().println("List-Unsubscribe-Post: " + text(r, "List-Unsubscribe-Post"));
                    });
        }
    }
}
