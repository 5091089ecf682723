package nl.waarborg.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(
        name = "connectors",
        mixinStandardHelpOptions = true,
        description = "The systems outside Waarborg that hold personal data, and the staff tasks of manual ones.",
        subcommands = {ConnectorsCommand.ListSystems.class, ConnectorsCommand.Test.class, ConnectorsCommand.Tasks.class
        })
class ConnectorsCommand {

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the connected systems: type, categories, where configured, state and last test.")
    static class ListSystems extends ClientCommand {
        @Override
        public Integer call() {
            JsonNode systems = api().get("/api/v1/connectors");
            return report(systems, list -> {
                if (list.isEmpty()) {
                    out().println("No systems connected. Add them to the register under 'systems'.");
                    return;
                }
                Table table = new Table("NAME", "TYPE", "CATEGORIES", "CONFIGURED IN", "STATE", "LAST TEST");
                for (JsonNode s : list) {
                    StringBuilder categories = new StringBuilder();
                    s.path("categories")
                            .forEach(c -> categories
                                    .append(categories.isEmpty() ? "" : ",")
                                    .append(c.asString()));
                    String origin = "register".equals(text(s, "origin"))
                            ? "register v" + text(s, "registerVersion")
                            : "properties";
                    JsonNode last = s.path("lastTest");
                    String test = last.isMissingNode() || last.isNull()
                            ? "never"
                            : (last.path("ok").asBoolean() ? "ok " : "FAILED ") + text(last, "checkedAt");
                    table.row(text(s, "name"), text(s, "type"), categories, origin, text(s, "status"), test);
                }
                table.print(out());
                // The reason names its system.
                list.forEach(s -> {
                    if (!text(s, "failure").isEmpty()) {
                        out().println(text(s, "failure"));
                    }
                });
            });
        }
    }

    @Command(
            name = "test",
            mixinStandardHelpOptions = true,
            description = {
                "Test the connection to a system without reading anyone's data: SQL connects and checks every mapped"
                        + " table and column, HTTP calls GET {base-url}/health, manual is always ok.",
                "Exit code 1 when the test fails. The test is recorded in the audit trail."
            })
    static class Test extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The system's name (see 'connectors list').")
        String name;

        @Override
        public Integer call() {
            JsonNode outcome = api().post("/api/v1/connectors/" + SubjectCommand.encode(name) + "/test", Map.of());
            report(
                    outcome,
                    o -> out().println(text(o, "system") + ": " + (o.path("ok").asBoolean() ? "ok" : "FAILED") + " — "
                            + text(o, "detail")));
            return outcome.path("ok").asBoolean() ? WaarborgCli.OK : WaarborgCli.FAILED;
        }
    }

    @Command(
            name = "tasks",
            mixinStandardHelpOptions = true,
            description = {
                "List the manual connectors' tasks for staff, soonest due first. Identifiers are not printed: open a"
                        + " task in the console to see them."
            })
    static class Tasks extends ClientCommand {
        @Option(
                names = "--status",
                description = "OPEN (default), DONE, NOT_FOUND, FAILED or ALL.",
                defaultValue = "OPEN")
        String status;

        @Override
        public Integer call() {
            String path = "/api/v1/connectors/tasks?limit=1000"
                    + ("ALL".equalsIgnoreCase(status) ? "" : "&status=" + SubjectCommand.encode(status));
            JsonNode tasks = api().get(path);
            return report(tasks, list -> {
                if (list.isEmpty()) {
                    out().println("No tasks.");
                    return;
                }
                Table table = new Table("ID", "SYSTEM", "ACTION", "DUE", "STATUS");
                list.forEach(t -> table.row(
                        text(t, "id"), text(t, "system"), text(t, "action"), text(t, "dueAt"), text(t, "status")));
                table.print(out());
            });
        }
    }
}
