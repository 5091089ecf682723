package nl.waarborg.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Check and read the audit trail.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Log.class})
class AuditCommand {

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = "Re-compute the hash chain of the whole audit trail; exit 1 when it is broken.")
    static class Verify extends ClientCommand {
        @Override
        public Integer call() {
            var result = api().get("/api/v1/audit/verify");
            boolean intact = result.path("intact").asBoolean(false);
            report(result, r -> {
                if (intact) {
                    out().println("Audit trail intact: " + text(r, "checked") + " entries checked.");
                } else {
                    out().println("Audit trail BROKEN at entry " + text(r, "firstBrokenId") + ": " + text(r, "reason"));
                }
            });
            return intact ? WaarborgCli.OK : WaarborgCli.FAILED;
        }
    }

    @Command(name = "log", mixinStandardHelpOptions = true, description = "List audit entries, newest first.")
    static class Log extends ClientCommand {
        /** The most entries the server returns in one answer. */
        static final int MAX_LIMIT = 500;

        @Option(names = "--subject", description = "Only entries about this data subject id.")
        String subject;

        @Option(names = "--target-type", description = "Only entries about this kind of record.")
        String targetType;

        @Option(names = "--target", description = "Only entries about this record id.")
        String target;

        @Option(names = "--action", description = "CREATE, UPDATE, DELETE, READ, EXPORT, LOGIN, ...")
        String action;

        @Option(
                names = "--limit",
                defaultValue = "50",
                description = "At most this many entries, 1 to " + MAX_LIMIT + " (default 50).")
        int limit;

        @Override
        public Integer call() {
            // The server would quietly turn 0, -5 or 10000 into something else; say so instead.
            within("--limit", limit, 1, MAX_LIMIT);
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("subjectId", subject);
            query.put("targetType", targetType);
            query.put("targetId", target);
            query.put("action", action);
            query.put("limit", limit);
            String qs = query.entrySet().stream()
                    .filter(e -> e.getValue() != null)
                    .map(e -> e.getKey() + "="
                            + java.net.URLEncoder.encode(
                                    e.getValue().toString(), java.nio.charset.StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            var entries = api().get("/api/v1/audit/entries?" + qs);
            return report(entries, list -> {
                Table table = new Table("ID", "WHEN", "ACTOR", "ACTION", "TARGET", "SUBJECT", "PURPOSE");
                list.forEach(e -> table.row(
                        text(e, "id"),
                        text(e, "occurredAt"),
                        text(e.path("actor"), "type") + ":" + text(e.path("actor"), "id"),
                        text(e, "action"),
                        text(e, "targetType") + ":" + text(e, "targetId"),
                        text(e, "subjectId"),
                        text(e, "purpose")));
                table.print(out());
            });
        }
    }
}
