package nl.waarborg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(
        name = "register",
        mixinStandardHelpOptions = true,
        description = "The register of processing activities: write a template, apply, export, compare and check.",
        subcommands = {
            RegisterCommand.Init.class,
            RegisterCommand.Apply.class,
            RegisterCommand.Export.class,
            RegisterCommand.Versions.class,
            RegisterCommand.Diff.class,
            RegisterCommand.Check.class,
            RegisterCommand.Record.class
        })
class RegisterCommand {

    static final String API = "/api/v1/register";

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Prints the errors of a refused file as FILE:LINE:COLUMN: PATH: REASON, one per line. */
    static int refused(CliException failure, String file, ClientCommand command) {
        return refused(failure, file, command, "was not applied");
    }

    /** The same, saying what happened to the file: not applied, or (for a check) not readable as a register. */
    static int refused(CliException failure, String file, ClientCommand command, String outcome) {
        JsonNode problem = failure.problem();
        if (problem == null || !problem.has("errors")) {
            throw failure;
        }
        if (command.json) {
            command.out().println(problem.toPrettyString());
            return WaarborgCli.FAILED;
        }
        var err = command.cli().err;
        err.println("waarborg: " + file + " " + outcome + ": "
                + problem.path("errors").size() + " error(s)");
        for (JsonNode e : problem.path("errors")) {
            String path = e.path("path").asString("");
            err.println(file + ":" + e.path("line").asInt() + ":"
                    + e.path("column").asInt() + ": " + (path.isEmpty() ? "" : path + ": ")
                    + e.path("reason").asString(""));
        }
        return WaarborgCli.FAILED;
    }

    @Command(
            name = "init",
            mixinStandardHelpOptions = true,
            description = "Write a ready-made register to start from (needs no server).")
    static class Init implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--template", defaultValue = "telecom-nl", description = "Template; available: telecom-nl")
        String template;

        @Option(
                names = "--out",
                defaultValue = "register.yaml",
                description = "File to write, '-' for standard output (default: ${DEFAULT-VALUE})")
        String out;

        @Option(names = "--force", description = "Overwrite an existing file.")
        boolean force;

        @Override
        public Integer call() {
            WaarborgCli cli = (WaarborgCli) spec.root().userObject();
            if (!template.matches("[a-z0-9-]+")) {
                cli.err.println("waarborg: unknown template; available: telecom-nl");
                return WaarborgCli.USAGE;
            }
            byte[] content;
            try (InputStream in =
                    RegisterCommand.class.getResourceAsStream("/register/templates/" + template + ".yaml")) {
                if (in == null) {
                    cli.err.println("waarborg: unknown template '" + template + "'; available: telecom-nl");
                    return WaarborgCli.USAGE;
                }
                content = in.readAllBytes();
            } catch (IOException e) {
                throw new CliException(
                        cli.messages.get("file.cannotRead", template + ".yaml", InputFiles.reason(e, cli.messages)));
            }
            if (out.equals("-")) {
                cli.out.print(new String(content, StandardCharsets.UTF_8));
                return WaarborgCli.OK;
            }
            Path file = Path.of(out);
            if (Files.exists(file) && !force) {
                throw new CliException(file + " already exists; use --force to overwrite it");
            }
            InputFiles.write(file, content, cli.messages);
            cli.out.println("Wrote the " + template + " register to " + file
                    + ". Edit it, then run: ./waarborg register check " + file + " && ./waarborg register apply "
                    + file);
            return WaarborgCli.OK;
        }
    }

    @Command(
            name = "apply",
            mixinStandardHelpOptions = true,
            description = "Apply a register file (YAML or JSON). Creates a new version only if something changed;"
                    + " nothing is applied when the file has an error.")
    static class Apply extends ClientCommand {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--summary", description = "What changed and why (default: generated from the differences)")
        String summary;

        @Option(
                names = "--in-force-from",
                paramLabel = "YYYY-MM-DD",
                description = "When it takes effect (default: today)")
        String inForceFrom;

        @Option(
                names = "--accept-findings",
                paramLabel = "REASON",
                description = "Apply although the check finds errors, for this reason (recorded with the version;"
                        + " without it such a register is refused)")
        String acceptFindings;

        @Option(
                names = "--dry-run",
                description = "Apply nothing: show per category and place how many items the new retention rules"
                        + " would remove at the next run, against the rules in force.")
        boolean dryRun;

        /** The retention impact of the file, per category whose rule changes and per place. */
        private int impact(byte[] body) {
            JsonNode impact;
            try {
                impact = api().postBytes("/api/v1/retention/impact", "application/yaml", body);
            } catch (CliException failure) {
                return refused(failure, file.toString(), this);
            }
            return report(impact, i -> {
                if (i.path("changes").isEmpty()) {
                    out().println(messages()
                            .get("apply.impact.none", i.path("unchanged").asInt()));
                    return;
                }
                for (JsonNode c : i.path("changes")) {
                    String category = text(c, "category");
                    if (c.path("newRule").isNull()) {
                        out().println(messages().get("apply.impact.dropped", category, text(c, "currentRule")));
                        continue;
                    }
                    if (!c.path("enforceable").asBoolean()) {
                        out().println(messages().get("apply.impact.text", category));
                        continue;
                    }
                    String was = c.path("currentRule").isNull()
                            ? messages().get("apply.impact.new")
                            : messages().get("apply.impact.instead", text(c, "currentRule"));
                    for (JsonNode p : c.path("places")) {
                        out().println(messages()
                                .get(
                                        "apply.impact.place",
                                        text(p, "store"),
                                        category,
                                        text(c, "newRule"),
                                        was,
                                        p.path("next").asLong(),
                                        p.path("now").isNull() ? "0" : text(p, "now"),
                                        p.path("held").asLong()));
                    }
                    if (c.path("places").isEmpty()) {
                        out().println(messages().get("apply.impact.nowhere", category, text(c, "newRule"), was));
                    }
                }
                out().println(messages().get("apply.impact.done"));
            });
        }

        @Override
        public Integer call() {
            // The options first: a usage error is reported before the file is read.
            LocalDate from = inForceFrom == null ? null : date("--in-force-from", inForceFrom);
            byte[] body = InputFiles.readText(file, messages());
            if (dryRun) {
                return impact(body);
            }
            List<String> params = new ArrayList<>();
            if (summary != null) {
                params.add("summary=" + q(summary));
            }
            if (from != null) {
                params.add("inForceFrom=" + from);
            }
            if (acceptFindings != null) {
                params.add("acceptFindings=" + q(acceptFindings));
            }
            String path = API + (params.isEmpty() ? "" : "?" + String.join("&", params));
            JsonNode result;
            try {
                result = api().postBytes(path, "application/yaml", body);
            } catch (CliException failure) {
                JsonNode problem = failure.problem();
                if (problem != null && problem.path("type").asString("").endsWith(":unaccepted-findings") && !json) {
                    // The server's wording names its parameter; a person at the terminal needs the option.
                    List<String> found = new ArrayList<>();
                    problem.path("findings").forEach(f -> found.add(f.asString()));
                    cli().err
                            .println("waarborg: "
                                    + messages().get("apply.unaccepted", file, found.size(), String.join(", ", found)));
                    cli().err.println(messages().get("apply.unaccepted.how", file));
                    return WaarborgCli.FAILED;
                }
                return refused(failure, file.toString(), this);
            }
            return report(result, r -> {
                JsonNode v = r.path("version");
                if (r.path("created").asBoolean()) {
                    out().println("Applied " + file + " as version "
                            + v.path("number").asInt() + ", in force from " + text(v, "inForceFrom") + ": "
                            + text(v, "changeSummary"));
                    if (!v.path("acceptedFindingsReason").isNull() && v.has("acceptedFindingsReason")) {
                        out().println(messages()
                                .get(
                                        "apply.accepted",
                                        v.path("acceptedFindings").size(),
                                        text(v, "acceptedFindingsReason")));
                    }
                } else {
                    out().println("No change: " + file + " equals version "
                            + v.path("number").asInt() + "; no new version was made.");
                }
            });
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = false, description = "Export a register version.")
    static class Export extends ClientCommand {
        // No standard --version here: it names a register version.
        @Mixin
        HelpOnly help;

        @Option(names = "--format", defaultValue = "yaml", description = "yaml, json, csv or xlsx (default: yaml)")
        String format;

        @Option(names = "--version", paramLabel = "N", description = "Version number (default: the current one)")
        Integer version;

        @Option(names = "--out", description = "File to write (default: standard output; required for xlsx)")
        Path out;

        @Override
        public Integer call() {
            if (!List.of("yaml", "json", "csv", "xlsx").contains(format)) {
                cli().err.println("waarborg: --format must be yaml, json, csv or xlsx");
                return WaarborgCli.USAGE;
            }
            if (format.equals("xlsx") && out == null) {
                cli().err.println("waarborg: an xlsx export needs --out FILE");
                return WaarborgCli.USAGE;
            }
            byte[] content =
                    api().getBytes(API + "/export?format=" + format + (version == null ? "" : "&version=" + version));
            if (out == null) {
                out().print(new String(content, StandardCharsets.UTF_8));
            } else {
                InputFiles.write(out, content, messages());
                cli().err.println("Wrote " + out);
            }
            return WaarborgCli.OK;
        }
    }

    @Command(name = "versions", mixinStandardHelpOptions = true, description = "List the register versions.")
    static class Versions extends ClientCommand {
        @Override
        public Integer call() {
            return report(api().get(API + "/versions"), list -> {
                Table table = new Table("VERSION", "IN FORCE FROM", "APPLIED", "BY", "CATEGORIES", "SUMMARY");
                list.forEach(v -> table.row(
                        v.path("number").asInt(),
                        text(v, "inForceFrom"),
                        text(v, "appliedAt"),
                        text(v, "author"),
                        v.path("categories").asInt(),
                        text(v, "changeSummary")));
                table.print(out());
            });
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true, description = "Show what changed between two versions.")
    static class Diff extends ClientCommand {
        @Parameters(index = "0", paramLabel = "A")
        int from;

        @Parameters(index = "1", paramLabel = "B")
        int to;

        @Override
        public Integer call() {
            return report(api().get(API + "/diff?from=" + from + "&to=" + to), d -> {
                if (d.path("changes").isEmpty()) {
                    out().println("Versions " + from + " and " + to + " are the same.");
                    return;
                }
                for (JsonNode c : d.path("changes")) {
                    String kind = text(c, "kind");
                    String sign = kind.equals("ADDED") ? "+" : kind.equals("REMOVED") ? "-" : "~";
                    StringBuilder line = new StringBuilder(sign + " " + text(c, "scope"));
                    if (!text(c, "key").isEmpty()) {
                        line.append(' ').append(text(c, "key"));
                    }
                    if (!text(c, "field").isEmpty()) {
                        line.append(" ").append(text(c, "field")).append(": ");
                        line.append(c.path("before").isNull() ? "" : text(c, "before"));
                        line.append(" -> ");
                        line.append(c.path("after").isNull() ? "" : text(c, "after"));
                    }
                    out().println(line);
                }
            });
        }
    }

    @Command(
            name = "check",
            mixinStandardHelpOptions = false,
            description = "Check the current version (or FILE, without applying it) against the law."
                    + " Exit code 1 when there is an error-level finding.")
    static class Check extends ClientCommand {
        // No standard --version here: it names a register version.
        @Mixin
        HelpOnly help;

        @Parameters(arity = "0..1", paramLabel = "FILE")
        Path file;

        @Option(names = "--version", paramLabel = "N", description = "Version number (default: the current one)")
        Integer version;

        @Option(names = "--lang", defaultValue = "nl", description = "Language of the explanations: nl or en")
        String lang;

        @Override
        public Integer call() {
            JsonNode result;
            if (file != null) {
                try {
                    result = api().postBytes(API + "/check", "application/yaml", InputFiles.readText(file, messages()));
                } catch (CliException failure) {
                    // A check applies nothing: say that the file is no register yet, not that it was refused.
                    return refused(failure, file.toString(), this, "cannot be read as a register");
                }
            } else {
                result = api().get(API + "/check" + (version == null ? "" : "?version=" + version));
            }
            report(result, r -> {
                if (r.path("findings").isEmpty()) {
                    out().println("No findings.");
                    return;
                }
                for (JsonNode f : r.path("findings")) {
                    String where = !text(f, "category").isEmpty()
                            ? " [" + text(f, "category") + "]"
                            : !text(f, "recipient").isEmpty() ? " [" + text(f, "recipient") + "]" : "";
                    out().println(text(f, "severity") + " " + text(f, "rule") + where);
                    out().println("  " + text(f.path("explanation"), lang.equals("en") ? "en" : "nl"));
                    out().println("  " + text(f, "legalSource"));
                }
                out().println(r.path("errors").asInt() + " error(s), "
                        + r.path("warnings").asInt() + " warning(s).");
            });
            return result.path("errors").asInt() > 0 ? WaarborgCli.FAILED : WaarborgCli.OK;
        }
    }

    @Command(
            name = "record",
            mixinStandardHelpOptions = false,
            description = "Export the Art. 30(1) controller record or an Art. 30(2) processor record.")
    static class Record extends ClientCommand {
        // No standard --version here: it names a register version.
        @Mixin
        HelpOnly help;

        @Parameters(paramLabel = "KIND", description = "controller or processor")
        String kind;

        @Option(names = "--client", description = "Client organisation key (processor record)")
        String client;

        @Option(names = "--format", defaultValue = "xlsx", description = "csv or xlsx (default: xlsx)")
        String format;

        @Option(names = "--lang", defaultValue = "nl", description = "nl or en")
        String lang;

        @Option(names = "--version", paramLabel = "N")
        Integer version;

        @Option(names = "--out", required = true, description = "File to write")
        Path out;

        @Override
        public Integer call() {
            if (!kind.equals("controller") && !kind.equals("processor")) {
                cli().err.println("waarborg: KIND must be controller or processor");
                return WaarborgCli.USAGE;
            }
            String path = API + "/records/" + kind + "?format=" + q(format) + "&lang=" + q(lang)
                    + (client == null ? "" : "&client=" + q(client))
                    + (version == null ? "" : "&version=" + version);
            InputFiles.write(out, api().getBytes(path), messages());
            cli().err.println("Wrote " + out);
            return WaarborgCli.OK;
        }
    }
}
