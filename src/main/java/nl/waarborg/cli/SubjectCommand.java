package nl.waarborg.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

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
                "Find the subject(s) with an identifier and print their records per category and where each lives,"
                        + " with their newest calls. An identifier that belongs to no registered subject is looked up"
                        + " in the recordings, the traffic data and (with --external) the connected systems: a caller"
                        + " who is no customer has the same rights.",
                "The identifier may be an e-mail address, a phone number in any notation, an IP or MAC address,"
                        + " an IMEI, ICCID or IMSI, a customer number, line or service id, or a postcode and house"
                        + " number ('1234 AB 5'). The lookup is recorded in the audit trail."
            })
    static class Find extends ClientCommand {
        @Parameters(paramLabel = "IDENTIFIER", description = "What to look for.")
        String identifier;

        @Option(names = "--kind", description = "Only this kind: EMAIL, PHONE, IP_ADDRESS, MAC_ADDRESS, IMEI, ...")
        String kind;

        @Option(names = "--purpose", description = "Why you look, for the audit trail (default: cli lookup).")
        String purpose;

        @Option(
                names = "--external",
                description = "Also ask the external systems (connectors) what they hold; can take a while, and a"
                        + " system without an interface gets a task for staff.")
        boolean external;

        @Option(
                names = "--calls",
                defaultValue = "10",
                description = "How many of the newest calls to list (1 to 500, default ${DEFAULT-VALUE}).")
        int calls;

        @Override
        public Integer call() {
            String why = purpose == null ? "cli lookup" : purpose;
            StringBuilder path = new StringBuilder("/api/v1/subjects?identifier=").append(encode(identifier));
            if (kind != null) {
                path.append("&kind=").append(encode(kind));
            }
            path.append("&purpose=").append(encode(why));
            if (calls < 1 || calls > 500) {
                cli().err.println("waarborg: --calls must be between 1 and 500");
                return WaarborgCli.USAGE;
            }
            JsonNode found = api().get(path.toString());
            ArrayNode subjects = ApiClient.JSON.createArrayNode();
            String options = "calls=" + calls + "&external=" + external + "&purpose=" + encode(why);
            for (JsonNode summary : found) {
                JsonNode overview =
                        api().get("/api/v1/subjects/" + encode(text(summary, "id")) + "/overview?" + options);
                subjects.add(subject(summary, overview));
            }
            if (found.isEmpty()) {
                // Not registered: what is held under the identifier all the same (calls, recordings, other systems).
                JsonNode held = api().get("/api/v1/subjects/unregistered?identifier=" + encode(identifier)
                        + (kind == null ? "" : "&kind=" + encode(kind)) + "&" + options);
                if (held.path("found").asBoolean()) {
                    ObjectNode none = ApiClient.JSON.createObjectNode();
                    none.putNull("id");
                    none.put("displayName", "(not registered)");
                    none.putArray("roles");
                    none.set("identifiers", held.path("identifiers"));
                    subjects.add(subject(none, held));
                }
            }
            report(subjects, list -> {
                if (list.isEmpty()) {
                    out().println("No subject found, and nothing is kept under this identifier.");
                    return;
                }
                if (found.isEmpty()) {
                    out().println("No registered subject, but data is kept under this identifier:");
                } else {
                    out().println(list.size() + (list.size() == 1 ? " subject found." : " subjects found."));
                }
                list.forEach(this::print);
            });
            return subjects.isEmpty() ? WaarborgCli.FAILED : WaarborgCli.OK;
        }

        /** What the command reports of one subject: who, and per category and place how many and when due. */
        private static ObjectNode subject(JsonNode summary, JsonNode overview) {
            ObjectNode subject = ApiClient.JSON.createObjectNode();
            subject.put("registered", !summary.path("id").isNull());
            subject.set("id", summary.path("id"));
            subject.put("displayName", text(summary, "displayName"));
            subject.set("roles", summary.path("roles"));
            subject.set("identifiers", summary.path("identifiers"));
            subject.put("registerVersion", overview.path("registerVersion").asInt());
            subject.set("where", overview.path("where"));
            JsonNode traffic = overview.path("traffic");
            ObjectNode calls = subject.putObject("traffic");
            calls.put("calls", traffic.path("total").asLong());
            calls.set("firstCall", traffic.path("firstCall"));
            calls.set("lastCall", traffic.path("lastCall"));
            calls.set("oldestDue", traffic.path("oldestDue"));
            ArrayNode listed = calls.putArray("newest");
            traffic.path("calls").forEach(c -> {
                ObjectNode call = listed.addObject();
                call.set("start", c.path("timestamp"));
                call.set("calling", c.path("data").path("calling"));
                call.set("called", c.path("data").path("called"));
                call.set("durationSeconds", c.path("data").path("durationSeconds"));
                call.set("disposition", c.path("data").path("disposition"));
            });
            ObjectNode systems = subject.putObject("external");
            systems.put("searched", overview.path("external").path("searched").asBoolean());
            ArrayNode list = systems.putArray("systems");
            overview.path("external").path("systems").forEach(x -> {
                ObjectNode system = list.addObject();
                system.put("system", text(x, "system"));
                system.put("type", text(x, "type"));
                system.put("status", text(x, "status"));
                system.put("records", x.path("records").size());
                system.set("reference", x.path("reference"));
                system.set("error", x.path("error"));
            });
            return subject;
        }

        private void print(JsonNode subject) {
            out().println();
            out().println(text(subject, "displayName")
                    + (subject.path("registered").asBoolean() ? "  (" + text(subject, "id") + ")" : ""));
            StringBuilder roles = new StringBuilder();
            subject.path("roles")
                    .forEach(r -> roles.append(roles.isEmpty() ? "" : ", ").append(r.asString()));
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
            if (subject.path("where").isEmpty()) {
                out().println("  no records");
            } else {
                Table table = new Table("  CATEGORY", "RECORDS", "WHERE", "FIRST DUE");
                subject.path("where")
                        .forEach(w -> table.row(
                                "  " + (text(w, "category").isEmpty() ? "-" : text(w, "category")),
                                w.path("records").isNull()
                                        ? (w.path("status").isNull()
                                                ? "not searched"
                                                : text(w, "status").toLowerCase(Locale.ROOT))
                                        : text(w, "records"),
                                location(w),
                                text(w, "earliestDue").isEmpty()
                                        ? "-"
                                        : text(w, "earliestDue")
                                                + (w.path("overdue").asBoolean() ? " (overdue)" : "")));
                table.print(out());
            }
            JsonNode newest = subject.path("traffic").path("newest");
            if (!newest.isEmpty()) {
                out().println();
                out().println("  newest " + newest.size() + " of "
                        + subject.path("traffic").path("calls").asLong() + " calls:");
                Table table = new Table("  START", "FROM", "TO", "DURATION", "OUTCOME");
                newest.forEach(c -> table.row(
                        "  " + text(c, "start"),
                        text(c, "calling").isEmpty() ? "-" : text(c, "calling"),
                        text(c, "called").isEmpty() ? "-" : text(c, "called"),
                        c.path("durationSeconds").isNull()
                                ? "-"
                                : c.path("durationSeconds").asInt() + " s",
                        text(c, "disposition").isEmpty() ? "-" : text(c, "disposition")));
                table.print(out());
            }
            JsonNode systems = subject.path("external").path("systems");
            if (!systems.isEmpty()) {
                Table table = new Table("  SYSTEM", "TYPE", "STATUS", "DETAIL");
                systems.forEach(x -> table.row(
                        "  " + text(x, "system"),
                        text(x, "type"),
                        text(x, "status"),
                        switch (text(x, "status")) {
                            case "DONE" -> x.path("records").asInt() + " found";
                            case "PENDING" -> text(x, "reference");
                            default -> text(x, "error");
                        }));
                out().println();
                table.print(out());
            } else if (!subject.path("external").path("searched").asBoolean()
                    && subject.path("where").valueStream().anyMatch(w -> "EXTERNAL".equals(text(w, "place")))) {
                out().println("  external systems not searched: add --external");
            }
        }

        private static String location(JsonNode where) {
            String location = text(where, "location");
            return "EXTERNAL".equals(text(where, "place")) ? "external: " + location : location;
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
