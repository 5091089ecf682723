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
        name = "breach",
        mixinStandardHelpOptions = true,
        description = "The breach register: record a personal-data breach, see the clocks, count who is concerned,"
                + " print the Autoriteit Persoonsgegevens' form filled in.",
        subcommands = {
            BreachCommand.ListBreaches.class,
            BreachCommand.Report.class,
            BreachCommand.Scope.class,
            BreachCommand.Form.class
        })
class BreachCommand {

    static final String API = "/api/v1/breaches";

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "The breaches, newest first, with the time left to notify the authority.")
    static class ListBreaches extends ClientCommand {
        @Option(names = "--open", description = "Only breaches not closed")
        boolean open;

        @Override
        public Integer call() {
            return report(api().get(API + "?open=" + open), list -> {
                if (list.isEmpty()) {
                    out().println("No breaches recorded.");
                    return;
                }
                Table table = new Table("REFERENCE", "STATE", "AWARE", "DUE", "LEFT", "TITLE");
                list.forEach(v -> {
                    var b = v.path("breach");
                    String left;
                    if (v.path("minutesLeft").isNull() || v.path("minutesLeft").isMissingNode()) {
                        left = "-";
                    } else {
                        long m = v.path("minutesLeft").asLong();
                        left = (m < 0 ? "OVERDUE " : "") + Math.abs(m) / 60 + "h"
                                + String.format("%02d", Math.abs(m) % 60);
                    }
                    table.row(
                            text(b, "reference"),
                            text(b, "state"),
                            text(b, "awareAt"),
                            text(v, "dueAt"),
                            left,
                            text(b, "title"));
                });
                table.print(out());
            });
        }
    }

    @Command(
            name = "report",
            mixinStandardHelpOptions = true,
            description = "Record a breach the moment you know of it: the clock runs from --aware-at (72 hours, or"
                    + " 24 for a telecom provider). Complete the facts later in the console or the API.")
    static class Report extends ClientCommand {
        @Option(names = "--title", required = true, paramLabel = "TEXT")
        String title;

        @Option(names = "--description", required = true, paramLabel = "TEXT")
        String description;

        @Option(
                names = "--aware-at",
                required = true,
                paramLabel = "INSTANT",
                description = "When you became aware, for example 2026-12-05T09:30:00Z")
        String awareAt;

        @Option(
                names = "--nature",
                required = true,
                split = ",",
                paramLabel = "KIND",
                description = "CONFIDENTIALITY, INTEGRITY and/or AVAILABILITY")
        List<String> nature;

        @Option(names = "--category", paramLabel = "KEY", description = "A register category concerned (repeatable)")
        List<String> categories = new ArrayList<>();

        @Option(names = "--people", paramLabel = "N", description = "About how many people")
        Integer people;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("title", title);
            body.put("description", description);
            body.put("awareAt", awareAt);
            body.put("nature", nature);
            body.put("categories", categories);
            body.put("peopleApprox", people);
            return report(
                    api().post(API, body),
                    v -> out().println("Recorded " + text(v.path("breach"), "reference")
                            + ": notify the authority by " + text(v, "dueAt") + " ("
                            + text(v.path("breach"), "deadlineHours")
                            + " hours)."));
        }
    }

    @Command(
            name = "scope",
            mixinStandardHelpOptions = true,
            description = "Count the people and records of the breach's categories in every place that keeps them (or"
                    + " the --place named), collected from --from until --to; the counts become the breach's facts and"
                    + " the registered people go on the list for the letter.")
    static class Scope extends ClientCommand {
        @Parameters(paramLabel = "REFERENCE")
        String reference;

        @Option(
                names = "--from",
                paramLabel = "INSTANT",
                description = "Collected from, for example 2026-11-01T00:00:00Z")
        String from;

        @Option(names = "--to", paramLabel = "INSTANT", description = "Collected before")
        String to;

        @Option(names = "--service", paramLabel = "KEY", description = "Only data of this service of the register")
        String service;

        @Option(
                names = "--place",
                paramLabel = "NAME",
                description = "Count only in this place: built-in, recordings, traffic or a connected system"
                        + " (repeatable)")
        List<String> places = new ArrayList<>();

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("from", from);
            body.put("to", to);
            body.put("serviceKey", service);
            body.put("places", places);
            return report(api().post(API + "/" + SubjectCommand.encode(reference) + "/scope", body), found -> {
                Table table = new Table("PLACE", "STATUS", "PEOPLE", "RECORDS", "NOTE");
                found.path("places")
                        .forEach(p -> table.row(
                                text(p, "store"),
                                text(p, "status"),
                                text(p, "people"),
                                text(p, "records"),
                                p.path("detail").isNull() ? "" : text(p, "detail")));
                table.print(out());
                out().println(text(found, "people") + " people and " + text(found, "records")
                        + " records; " + text(found, "listed") + " people listed for the letter, "
                        + text(found, "unregistered") + " known only by an identifier.");
                if (found.path("capped").asBoolean()) {
                    out().println("More people were found than are listed at once: count shorter periods.");
                }
            });
        }
    }

    @Command(
            name = "form",
            mixinStandardHelpOptions = true,
            description = "The Autoriteit Persoonsgegevens' notification form filled in from the breach, as text (or"
                    + " --pdf FILE).")
    static class Form extends ClientCommand {
        @Parameters(paramLabel = "REFERENCE")
        String reference;

        @Option(names = "--pdf", paramLabel = "FILE", description = "Write the form as a PDF to FILE instead")
        java.nio.file.Path pdf;

        @Override
        public Integer call() {
            String path = API + "/" + SubjectCommand.encode(reference) + "/authority-form?format=";
            if (pdf != null) {
                byte[] bytes = api().getBytes(path + "pdf");
                InputFiles.writePrivate(pdf, bytes, messages());
                cli().err.println("Wrote " + pdf + " (" + bytes.length + " bytes)");
                return WaarborgCli.OK;
            }
            out().print(new String(api().getBytes(path + "text"), StandardCharsets.UTF_8));
            return WaarborgCli.OK;
        }
    }
}
