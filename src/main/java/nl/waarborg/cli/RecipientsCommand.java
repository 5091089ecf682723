package nl.waarborg.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "recipients",
        mixinStandardHelpOptions = true,
        description = "The register's recipients: kind, country, the processing agreement's state today (signed,"
                + " missing, ended, due for review), the Art. 28(3) clauses it lacks and the categories that go there.",
        subcommands = {RecipientsCommand.ListRecipients.class})
class RecipientsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every recipient of the register in force.")
    static class ListRecipients extends ClientCommand {
        @Option(names = "--version", paramLabel = "N", description = "Another register version")
        Integer version;

        @Override
        public Integer call() {
            return report(
                    api().get(RegisterCommand.API + "/recipients" + (version == null ? "" : "?version=" + version)),
                    list -> {
                        if (list.isEmpty()) {
                            out().println("The register names no recipients.");
                            return;
                        }
                        Table table = new Table(
                                "KEY", "KIND", "COUNTRY", "AGREEMENT", "REVIEW", "UNTIL", "MISSING", "CATEGORIES");
                        list.forEach(v -> {
                            var r = v.path("recipient");
                            var a = r.path("agreement");
                            table.row(
                                    text(r, "key"),
                                    text(r, "kind"),
                                    text(r, "country"),
                                    text(v, "agreementState"),
                                    a.path("reviewOn").isNull()
                                                    || a.path("reviewOn").isMissingNode()
                                            ? "-"
                                            : text(a, "reviewOn"),
                                    a.path("until").isNull() || a.path("until").isMissingNode()
                                            ? "-"
                                            : text(a, "until"),
                                    v.path("missingClauses").isEmpty()
                                            ? "-"
                                            : String.join(
                                                    ",",
                                                    v.path("missingClauses")
                                                            .valueStream()
                                                            .map(n -> n.asString())
                                                            .toList()),
                                    Integer.toString(v.path("categories").size()));
                        });
                        table.print(out());
                    });
        }
    }
}
