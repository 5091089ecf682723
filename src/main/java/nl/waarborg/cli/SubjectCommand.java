package nl.waarborg.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(
        name = "subject",
        mixinStandardHelpOptions = true,
        description = "Find data subjects and where their data lives.",
        subcommands = {SubjectCommand.Find.class})
class SubjectCommand {

    @Command(
            name = "find",
            mixinStandardHelpOptions = true,
            description = {
                "Find the subject(s) with an identifier and print their records per category and where each lives.",
                "The identifier may be an e-mail address, a phone number in any notation, an IP or MAC address,"
                        + " an IMEI, ICCID or IMSI, a customer number, line or service id, or a postcode and house"
                        + " number ('1234 AB 5'). The lookup is recorded in the audit trail."
            })
    static class Find extends ClientCommand {
        @Parameters(paramLabel = "IDENTIFIER", description = "What to look for.")
        String identifier;

        @Option(names = "--kind", description = "Only this kind: EMAIL, PHONE, IP_ADDRESS, MAC_ADDRESS, IMEI, ...")
        String kind;

        @Option(names = "--purpose", description = "Why you look, for the audit trail (default: lookup).")
        String purpose;

        @Override
        public Integer call() {
            StringBuilder path = new StringBuilder("/api/v1/subjects?identifier=").append(encode(identifier));
            if (kind != null) {
                path.append("&kind=").append(encode(kind));
            }
            path.append("&purpose=").append(encode(purpose == null ? "cli lookup" : purpose));
            JsonNode found = api().get(path.toString());
            report(found, list -> {
                if (list.isEmpty()) {
                    out().println("No subject found.");
                    return;
                }
                out().println(list.size() + (list.size() == 1 ? " subject found." : " subjects found."));
                for (JsonNode subject : list) {
                    out().println();
                    out().println(text(subject, "displayName") + "  (" + text(subject, "id") + ")");
                    StringBuilder roles = new StringBuilder();
                    subject.path("roles")
                            .forEach(r ->
                                    roles.append(roles.isEmpty() ? "" : ", ").append(r.asString()));
                    if (!roles.isEmpty()) {
                        out().println("  roles: " + roles);
                    }
                    StringBuilder identifiers = new StringBuilder();
                    subject.path("identifiers")
                            .forEach(i -> identifiers
                                    .append(identifiers.isEmpty() ? "" : ", ")
                                    .append(text(i, "kind"))
                                    .append(' ')
                                    .append(text(i, "value")));
                    out().println("  identifiers: " + identifiers);
                    if (subject.path("holdings").isEmpty()) {
                        out().println("  no records");
                        continue;
                    }
                    Table table = new Table("  CATEGORY", "RECORDS", "WHERE");
                    subject.path("holdings")
                            .forEach(h ->
                                    table.row("  " + text(h, "category"), text(h, "records"), text(h, "location")));
                    table.print(out());
                }
            });
            return found.isEmpty() ? WaarborgCli.FAILED : WaarborgCli.OK;
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
