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

        @Option(names = "--purpose", description = "Why you look, for the audit trail (default: cli lookup).")
        String purpose;

        @Option(
                names = "--external",
                description = "Also ask the external systems (connectors) what they hold; can take a while, and a"
                        + " system without an interface gets a task for staff.")
        boolean external;

        @Override
        public Integer call() {
            String why = purpose == null ? "cli lookup" : purpose;
            StringBuilder path = new StringBuilder("/api/v1/subjects?identifier=").append(encode(identifier));
            if (kind != null) {
                path.append("&kind=").append(encode(kind));
            }
            path.append("&purpose=").append(encode(why));
            JsonNode found = api().get(path.toString());
            ArrayNode subjects = ApiClient.JSON.createArrayNode();
            for (JsonNode summary : found) {
                JsonNode overview = api().get("/api/v1/subjects/" + encode(text(summary, "id")) + "/overview?calls=1"
                        + "&external=" + external + "&purpose=" + encode(why));
                subjects.add(subject(summary, overview));
            }
            report(subjects, list -> {
                if (list.isEmpty()) {
                    out().println("No subject found.");
                    return;
                }
                out().println(list.size() + (list.size() == 1 ? " subject found." : " subjects found."));
                list.forEach(this::print);
            });
            return found.isEmpty() ? WaarborgCli.FAILED : WaarborgCli.OK;
        }

        /** What the command reports of one subject: who, and per category and place how many and when due. */
        private static ObjectNode subject(JsonNode summary, JsonNode overview) {
            ObjectNode subject = ApiClient.JSON.createObjectNode();
            subject.put("id", text(summary, "id"));
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
            out().println(text(subject, "displayName") + "  (" + text(subject, "id") + ")");
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
