package nl.waarborg.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "recipients",
        mixinStandardHelpOptions = true,
        description = "The register's recipients: kind, country, the processing agreement's state today (signed,"
                + " missing, ended, due for review), the Art. 28(3) clauses it lacks and the categories that go there.",
        subcommands = {
            RecipientsCommand.ListRecipients.class,
            RecipientsCommand.Attach.class,
            RecipientsCommand.Document.class,
            RecipientsCommand.Transfers.class
        })
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

    @Command(
            name = "attach",
            mixinStandardHelpOptions = true,
            description = "Store the signed processing agreement (a PDF) of a recipient or client organisation; it is"
                    + " sealed with the keyring.")
    static class Attach extends ClientCommand {
        @picocli.CommandLine.Parameters(index = "0", paramLabel = "KEY")
        String key;

        @picocli.CommandLine.Parameters(index = "1", paramLabel = "FILE")
        java.nio.file.Path file;

        @Override
        public Integer call() {
            return report(
                    api().postFile(
                                    RegisterCommand.API.replace("/register", "/recipients") + "/"
                                            + SubjectCommand.encode(key) + "/agreement-document?fileName="
                                            + RegisterCommand.q(
                                                    file.getFileName().toString()),
                                    "application/pdf",
                                    file),
                    d -> out().println("Stored the agreement of " + key + " (" + text(d, "sizeBytes")
                            + " bytes, SHA-256 " + text(d, "sha256") + ")."));
        }
    }

    @Command(
            name = "document",
            mixinStandardHelpOptions = true,
            description = "Write the signed agreement in force of a recipient or client organisation to a file.")
    static class Document extends ClientCommand {
        @picocli.CommandLine.Parameters(paramLabel = "KEY")
        String key;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Readable by you only")
        java.nio.file.Path out;

        @Override
        public Integer call() {
            byte[] pdf = api().getBytes(RegisterCommand.API.replace("/register", "/recipients") + "/"
                    + SubjectCommand.encode(key) + "/agreement-document");
            InputFiles.writePrivate(out, pdf, messages());
            cli().err.println("Wrote " + out + " (" + pdf.length + " bytes)");
            return WaarborgCli.OK;
        }
    }

    @Command(
            name = "transfers",
            mixinStandardHelpOptions = true,
            description = "What was sent to recipients, for whom and when (newest first, at most 50,000 rows) as CSV"
                    + " or XLSX; reported by the sending systems or sent by Waarborg on a portability request.")
    static class Transfers extends DisclosuresCommand.Export {
        @Option(names = "--recipient", paramLabel = "KEY", description = "Only this recipient")
        String recipient;

        @Option(names = "--from", paramLabel = "DAY", description = "Sent on or after this day (yyyy-mm-dd)")
        String from;

        @Option(names = "--to", paramLabel = "DAY", description = "Sent on or before this day (yyyy-mm-dd)")
        String to;

        @Override
        String path() {
            StringBuilder path = new StringBuilder(
                    RegisterCommand.API.replace("/register", "/recipients") + "/transfers/export." + format + "?");
            if (recipient != null) {
                path.append("recipient=").append(RegisterCommand.q(recipient)).append('&');
            }
            if (from != null) {
                path.append("from=").append(RegisterCommand.q(from)).append('&');
            }
            if (to != null) {
                path.append("to=").append(RegisterCommand.q(to)).append('&');
            }
            return path.substring(0, path.length() - 1);
        }
    }
}
