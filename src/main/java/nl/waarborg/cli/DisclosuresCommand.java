package nl.waarborg.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "disclosures",
        mixinStandardHelpOptions = true,
        description =
                "Disclosures to authorities: record a demand of the police, the justice department or an emergency"
                        + " service, its answer and its end; list the log or export it as CSV (privacy officers; every look is"
                        + " audited).",
        subcommands = {
            DisclosuresCommand.ListDisclosures.class,
            DisclosuresCommand.Record.class,
            DisclosuresCommand.Answer.class,
            DisclosuresCommand.Close.class,
            DisclosuresCommand.Export.class
        })
class DisclosuresCommand {

    static final String API = "/api/v1/disclosures";

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The log, newest first.")
    static class ListDisclosures extends ClientCommand {
        @Option(names = "--open", description = "Only demands not closed")
        boolean open;

        @Override
        public Integer call() {
            return report(api().get(API + "?open=" + open), list -> {
                if (list.isEmpty()) {
                    out().println("No demands recorded.");
                    return;
                }
                Table table = new Table("REFERENCE", "RECEIVED", "AUTHORITY", "BASIS", "ANSWERED", "CLOSED", "TELL");
                list.forEach(d -> table.row(
                        text(d, "reference"),
                        text(d, "receivedAt"),
                        text(d, "authority"),
                        text(d, "legalBasis"),
                        d.path("answeredAt").isNull() ? "-" : text(d, "answeredAt"),
                        d.path("closedAt").isNull() ? "-" : text(d, "closedAt"),
                        text(d, "tell") + (d.path("tellFrom").isNull() ? "" : " " + text(d, "tellFrom"))));
                table.print(out());
            });
        }
    }

    @Command(
            name = "record",
            mixinStandardHelpOptions = true,
            description = "Record a demand as it arrives. A registered person's data is held until the demand is"
                    + " closed; a number of a registered person is that person.")
    static class Record extends ClientCommand {
        @Option(names = "--authority", required = true, paramLabel = "NAME")
        String authority;

        @Option(
                names = "--basis",
                required = true,
                paramLabel = "BASIS",
                description = "SV_126N, SV_126NA, SV_126U, SV_126UA, CIOT, COURT_ORDER, EMERGENCY_112 or OTHER")
        String basis;

        @Option(names = "--basis-note", paramLabel = "TEXT", description = "Needed with OTHER")
        String basisNote;

        @Option(names = "--demand-reference", required = true, paramLabel = "REF")
        String demandReference;

        @Option(
                names = "--received-at",
                required = true,
                paramLabel = "INSTANT",
                description = "For example 2026-12-05T09:30:00Z")
        String receivedAt;

        @Option(names = "--subject", paramLabel = "ID", description = "The registered person")
        String subject;

        @Option(names = "--phone", paramLabel = "NUMBER", description = "Or the number concerned")
        String phone;

        @Option(names = "--category", required = true, paramLabel = "KEY", description = "Repeatable")
        List<String> categories = new ArrayList<>();

        @Option(names = "--from", paramLabel = "DATE", description = "First day of the data asked for")
        String from;

        @Option(names = "--to", paramLabel = "DATE", description = "Last day of the data asked for")
        String to;

        @Option(
                names = "--tell",
                required = true,
                paramLabel = "WHEN",
                description = "YES, NOT_YET (with --tell-from) or NEVER")
        String tell;

        @Option(names = "--tell-from", paramLabel = "DATE")
        String tellFrom;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("authority", authority);
            body.put("legalBasis", basis);
            body.put("basisNote", basisNote);
            body.put("demandReference", demandReference);
            body.put("receivedAt", receivedAt);
            body.put("subjectId", subject);
            body.put("phone", phone);
            body.put("categories", categories);
            body.put("periodFrom", from);
            body.put("periodTo", to);
            body.put("tell", tell);
            body.put("tellFrom", tellFrom);
            return report(
                    api().post(API, body),
                    d -> out().println("Recorded " + text(d, "reference")
                            + (d.path("holdId").isNull()
                                    ? " (no registered person: nothing held automatically)."
                                    : "; the person's data is held until it is closed.")));
        }
    }

    @Command(name = "answer", mixinStandardHelpOptions = true, description = "Record that the demand was answered.")
    static class Answer extends ClientCommand {
        @Parameters(paramLabel = "REFERENCE")
        String reference;

        @Option(names = "--provided", required = true, paramLabel = "TEXT", description = "What went, in words")
        String provided;

        @Option(names = "--answered-at", paramLabel = "INSTANT", description = "Default: now")
        String answeredAt;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("answeredAt", answeredAt);
            body.put("provided", provided);
            return report(
                    api().post(API + "/" + SubjectCommand.encode(reference) + "/answer", body),
                    d -> out().println("Answered " + text(d, "reference") + " at " + text(d, "answeredAt") + "."));
        }
    }

    @Command(
            name = "close",
            mixinStandardHelpOptions = true,
            description = "Close an answered demand; the hold on the person's data is lifted.")
    static class Close extends ClientCommand {
        @Parameters(paramLabel = "REFERENCE")
        String reference;

        @Option(names = "--note", required = true, paramLabel = "TEXT")
        String note;

        @Override
        public Integer call() {
            return report(
                    api().post(API + "/" + SubjectCommand.encode(reference) + "/close", Map.of("note", note)),
                    d -> out().println("Closed " + text(d, "reference") + "."));
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "The whole log as CSV or XLSX.")
    static class Export extends ClientCommand {
        @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (readable by you only)")
        java.nio.file.Path file;

        @Option(names = "--format", paramLabel = "FORMAT", description = "csv (default) or xlsx (needs --out)")
        String format = "csv";

        @Override
        public Integer call() {
            if (!format.equals("csv") && !format.equals("xlsx")) {
                throw usage("disclosures.export.format");
            }
            if (format.equals("xlsx") && file == null) {
                throw usage("disclosures.export.xlsxOut");
            }
            byte[] csv = api().getBytes(path()); // or the workbook
            if (file != null) {
                InputFiles.writePrivate(file, csv, messages());
                cli().err.println("Wrote " + file + " (" + csv.length + " bytes)");
            } else {
                out().print(new String(csv, StandardCharsets.UTF_8));
            }
            return WaarborgCli.OK;
        }

        /** Where the download comes from, with {@link #format} as the file type. */
        String path() {
            return API + "/export." + format;
        }
    }
}
