package nl.waarborg.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = "Load files into Waarborg.",
        subcommands = {IngestCommand.Cdr.class})
class IngestCommand {

    @Command(
            name = "cdr",
            mixinStandardHelpOptions = true,
            description = {
                "Load call-detail records (traffic data). The file is streamed to the server; importing it again adds"
                        + " nothing, and an interrupted import is completed by running the same command again.",
                "Exit 1 when the import failed or every record in the file was rejected (nothing imported); rejected"
                        + " lines are reported with their line number and reason."
            })
    static class Cdr extends ClientCommand {

        @Option(
                names = "--format",
                required = true,
                description = "asterisk (cdr_csv or cdr_custom, detected), freeswitch, 3cx or jsonl.")
        String format;

        @Parameters(
                paramLabel = "FILE",
                description = "The CDR file, for example /var/log/asterisk/cdr-csv/Master.csv.")
        Path file;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new CliException("Cannot read " + file);
            }
            String contentType = "jsonl".equalsIgnoreCase(format) ? "application/x-ndjson" : "text/csv";
            var result = api().postFile(
                            "/api/v1/traffic/cdr?format="
                                    + java.net.URLEncoder.encode(format, java.nio.charset.StandardCharsets.UTF_8),
                            contentType,
                            file);
            int exit = report(result, r -> {
                // No variant when no record showed it (every one rejected): then the format asked for.
                String read = text(r, "variant").isEmpty() ? text(r, "format") : text(r, "variant");
                out().println(file + " (" + read + "): " + text(r, "read") + " read, "
                        + text(r, "added") + " added, " + text(r, "duplicates") + " duplicates, " + text(r, "rejected")
                        + " rejected.");
                if (r.path("rejections").size() > 0) {
                    Table table = new Table("LINE", "REASON");
                    r.path("rejections").forEach(x -> table.row(text(x, "line"), text(x, "reason")));
                    table.print(out());
                    if (r.path("rejectionsTruncated").asBoolean(false)) {
                        out().println("(only the first " + r.path("rejections").size() + " rejected lines are listed)");
                    }
                }
            });
            if ("REJECTED".equals(text(result, "outcome"))) {
                cli().err.println("waarborg: " + text(result, "message"));
                return WaarborgCli.FAILED;
            }
            return exit;
        }
    }
}
