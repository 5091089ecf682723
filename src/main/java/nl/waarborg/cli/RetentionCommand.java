package nl.waarborg.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(
        name = "retention",
        mixinStandardHelpOptions = true,
        description =
                "Enforce the register's retention periods in every place data lives, with legal holds and receipts.",
        subcommands = {
            RetentionCommand.Run.class,
            RetentionCommand.Status.class,
            RetentionCommand.Receipts.class,
            RetentionCommand.Hold.class,
            RetentionCommand.ClientPeriod.class
        })
class RetentionCommand {

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = {
                "Delete or anonymise what is due now in every place that holds each category, and write a receipt per"
                        + " category and place.",
                "With --dry-run: list what would go, with counts and the cut-off, and change nothing.",
                "Exit code 1 when a place failed (it is retried at the next run)."
            })
    static class Run extends ClientCommand {
        @Option(names = "--dry-run", description = "Count what would go; change nothing.")
        boolean dryRun;

        @Option(
                names = "--as-of",
                paramLabel = "DATE",
                description = "Count to this day (YYYY-MM-DD, Amsterdam) instead of today. A real run never counts past"
                        + " today.")
        String asOf;

        @Option(names = "--category", paramLabel = "KEY", description = "Only this register category.")
        String category;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            if (asOf != null) {
                LocalDate day = date("--as-of", asOf);
                if (!dryRun && day.isAfter(LocalDate.now(java.time.ZoneId.of("Europe/Amsterdam")))) {
                    throw usage("retention.future");
                }
                body.put("asOf", day.toString());
            }
            if (category != null) {
                body.put("category", category);
            }
            JsonNode report = api().postLong("/api/v1/retention/" + (dryRun ? "dry-runs" : "runs"), body);
            report(report, r -> printReport(r, dryRun));
            long failed = 0;
            for (JsonNode receipt : report.path("receipts")) {
                if ("FAILED".equals(text(receipt, "status"))) {
                    failed++;
                }
            }
            return failed > 0 ? WaarborgCli.FAILED : WaarborgCli.OK;
        }

        private void printReport(JsonNode r, boolean dry) {
            if (r.path("registerVersion").isNull() || r.path("registerVersion").isMissingNode()) {
                out().println(messages().get("retention.noRegister"));
                return;
            }
            for (JsonNode resumed : r.path("resumed")) {
                out().println(messages().get("retention.resumed", resumed.asString()));
            }
            Table table = new Table(
                    "CATEGORY",
                    "PLACE",
                    "RULE",
                    "COUNTED TO",
                    "CUT-OFF",
                    "STATUS",
                    dry ? "WOULD GO" : "REMOVED",
                    "HELD",
                    "DETAIL");
            long removed = 0;
            long held = 0;
            for (JsonNode x : r.path("receipts")) {
                table.row(
                        text(x, "category"),
                        text(x, "store"),
                        text(x, "rule"),
                        text(x, "asOf"),
                        text(x, "cutoff"),
                        text(x, "status"),
                        text(x, "removed"),
                        text(x, "held"),
                        text(x, "detail").isEmpty() ? text(x, "reference") : text(x, "detail"));
                removed += x.path("removed").asLong();
                held += x.path("held").asLong();
            }
            table.print(out());
            for (JsonNode n : r.path("notEnforceable")) {
                out().println(messages().get("retention.notEnforceable", text(n, "category"), text(n, "rule")));
            }
            out().println(messages()
                    .get(
                            dry ? "retention.summary.dry" : "retention.summary",
                            Long.toString(removed),
                            Long.toString(held),
                            text(r, "asOf"),
                            text(r, "registerVersion")));
            if (!dry) {
                out().println(messages().get("retention.run", text(r, "runId")));
            }
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = {
                "Every register category with its rule, today's cut-off, the places that hold it, holds and the last"
                        + " run; categories whose rule is only text are listed as not enforceable.",
                "With --count: also count what is due now in every place (a dry run)."
            })
    static class Status extends ClientCommand {
        @Option(names = "--count", description = "Also count what is due now.")
        boolean count;

        @Override
        public Integer call() {
            JsonNode status = api().get("/api/v1/retention/status?count=" + count);
            return report(status, s -> {
                if (s.path("registerVersion").isNull()) {
                    out().println(messages().get("retention.noRegister"));
                    return;
                }
                Table table = new Table("CATEGORY", "RULE", "CUT-OFF", "PLACES", "HOLDS", "DUE NOW", "LAST RUN");
                for (JsonNode c : s.path("categories")) {
                    StringBuilder places = new StringBuilder();
                    c.path("places")
                            .forEach(p ->
                                    places.append(places.isEmpty() ? "" : ",").append(p.asString()));
                    String last = "never";
                    for (JsonNode receipt : c.path("lastReceipts")) {
                        String at = text(receipt, "writtenAt");
                        if (last.equals("never") || at.compareTo(last) > 0) {
                            last = at + " " + text(receipt, "status");
                        }
                    }
                    table.row(
                            text(c, "key"),
                            c.path("enforceable").asBoolean() ? text(c, "executedAs") : "NOT ENFORCEABLE",
                            text(c, "cutoffDay"),
                            places,
                            Integer.toString(c.path("holds").size()),
                            c.path("due").isNull() || c.path("due").isMissingNode() ? "-" : text(c, "due"),
                            last);
                }
                table.print(out());
                for (JsonNode c : s.path("categories")) {
                    if (!c.path("enforceable").asBoolean()) {
                        out().println(messages()
                                .get("retention.notEnforceable", text(c, "key"), text(c.path("rule"), "en")));
                    }
                }
                int active = s.path("activeHolds").size();
                out().println(messages()
                        .get(
                                "retention.holds",
                                Integer.toString(active),
                                Integer.toString(s.path("reviewDue").size())));
            });
        }
    }

    @Command(
            name = "receipts",
            mixinStandardHelpOptions = true,
            description = "The receipts of retention runs, newest first: per run, category and place what went.")
    static class Receipts extends ClientCommand {
        @Option(names = "--category", paramLabel = "KEY", description = "Only this register category.")
        String category;

        @Option(names = "--run", paramLabel = "ID", description = "Only this run.")
        String run;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default 100).")
        int limit;

        @Option(names = "--csv", paramLabel = "FILE", description = "Write them to FILE as CSV instead.")
        Path csv;

        @Override
        public Integer call() {
            within("--limit", limit, 1, 100_000);
            StringBuilder query = new StringBuilder("?limit=" + limit);
            if (category != null) {
                query.append("&category=").append(SubjectCommand.encode(category));
            }
            if (run != null) {
                query.append("&run=").append(SubjectCommand.encode(run));
            }
            if (csv != null) {
                byte[] bytes = api().getBytes("/api/v1/retention/receipts.csv" + query);
                try {
                    Files.write(csv, bytes);
                } catch (java.io.IOException e) {
                    throw new CliException(
                            "Cannot write " + csv + ": " + e.getClass().getSimpleName());
                }
                out().println(messages().get("retention.csv", csv.toString()));
                return WaarborgCli.OK;
            }
            JsonNode receipts = api().get("/api/v1/retention/receipts" + query);
            return report(receipts, list -> {
                if (list.isEmpty()) {
                    out().println(messages().get("retention.noReceipts"));
                    return;
                }
                Table table = new Table(
                        "WRITTEN", "CATEGORY", "PLACE", "RULE", "CUT-OFF", "STATUS", "REMOVED", "HELD", "RUN");
                list.forEach(x -> table.row(
                        text(x, "writtenAt"),
                        text(x, "category"),
                        text(x, "store"),
                        text(x, "rule"),
                        text(x, "cutoff"),
                        text(x, "status"),
                        text(x, "removed"),
                        text(x, "held"),
                        text(x, "runId")));
                table.print(out());
            });
        }
    }

    @Command(
            name = "hold",
            mixinStandardHelpOptions = true,
            description = "Legal holds: suspend deletion of a person's, an organisation's, a service's, a category's or"
                    + " a period's data in every place.",
            subcommands = {Hold.Place.class, Hold.ListHolds.class, Hold.Review.class, Hold.Lift.class})
    static class Hold {

        @Command(
                name = "place",
                mixinStandardHelpOptions = true,
                description = "Place a hold. Give exactly one of --subject, --organisation, --service-delivered,"
                        + " --category, or --from and --to (optionally with --category).")
        static class Place extends ClientCommand {
            @Option(names = "--subject", paramLabel = "ID")
            String subject;

            @Option(names = "--organisation", paramLabel = "ID")
            String organisation;

            @Option(names = "--service-delivered", paramLabel = "ID")
            String service;

            @Option(names = "--category", paramLabel = "KEY")
            String category;

            @Option(names = "--from", paramLabel = "DATE", description = "First day of a time range.")
            String from;

            @Option(names = "--to", paramLabel = "DATE", description = "Last day of a time range.")
            String to;

            @Option(names = "--reason", required = true, description = "Why: a demand, a dispute, a complaint.")
            String reason;

            @Option(names = "--reference", required = true, description = "The demand's or case's reference.")
            String reference;

            @Option(names = "--review-on", required = true, paramLabel = "DATE", description = "When to review it.")
            String reviewOn;

            @Override
            public Integer call() {
                Map<String, Object> body = new LinkedHashMap<>();
                int targets = (subject != null ? 1 : 0) + (organisation != null ? 1 : 0) + (service != null ? 1 : 0);
                boolean range = from != null || to != null;
                if (targets > 1
                        || (targets == 1 && (range || category != null))
                        || (targets == 0 && !range && category == null)) {
                    throw usage("retention.hold.scope");
                }
                if (subject != null) {
                    body.put("scope", "SUBJECT");
                    body.put("targetId", subject);
                } else if (organisation != null) {
                    body.put("scope", "ORGANISATION");
                    body.put("targetId", organisation);
                } else if (service != null) {
                    body.put("scope", "SERVICE_DELIVERED");
                    body.put("targetId", service);
                } else if (range) {
                    if (from == null || to == null) {
                        throw usage("retention.hold.range");
                    }
                    body.put("scope", "TIME_RANGE");
                    body.put("from", date("--from", from).toString());
                    body.put("to", date("--to", to).toString());
                    body.put("category", category);
                } else {
                    body.put("scope", "CATEGORY");
                    body.put("category", category);
                }
                body.put("reason", reason);
                body.put("reference", reference);
                body.put("reviewOn", date("--review-on", reviewOn).toString());
                JsonNode hold = api().post("/api/v1/retention/holds", body);
                return report(
                        hold,
                        h -> out().println(
                                        messages().get("retention.hold.placed", text(h, "id"), text(h, "reviewOn"))));
            }
        }

        @Command(
                name = "list",
                mixinStandardHelpOptions = true,
                description = "The active holds, soonest review first.")
        static class ListHolds extends ClientCommand {
            @Option(names = "--lifted", description = "Also the lifted ones.")
            boolean lifted;

            @Override
            public Integer call() {
                JsonNode holds = api().get("/api/v1/retention/holds?lifted=" + lifted);
                return report(holds, list -> {
                    if (list.isEmpty()) {
                        out().println(messages().get("retention.hold.none"));
                        return;
                    }
                    Table table = new Table("ID", "SCOPE", "ON", "REFERENCE", "PLACED", "REVIEW ON", "LIFTED");
                    list.forEach(h -> {
                        String on = !text(h, "targetId").isEmpty()
                                ? text(h, "targetId")
                                : (!text(h, "from").isEmpty() ? text(h, "from") + ".." + text(h, "to") + " " : "")
                                        + text(h, "categoryKey");
                        table.row(
                                text(h, "id"),
                                text(h, "scope"),
                                on.strip(),
                                text(h, "reference"),
                                text(h, "placedAt"),
                                text(h, "reviewOn"),
                                text(h, "liftedAt"));
                    });
                    table.print(out());
                });
            }
        }

        @Command(
                name = "review",
                mixinStandardHelpOptions = true,
                description = "The hold still applies: set its next review date.")
        static class Review extends ClientCommand {
            @Parameters(paramLabel = "ID")
            String id;

            @Option(names = "--review-on", required = true, paramLabel = "DATE")
            String reviewOn;

            @Override
            public Integer call() {
                JsonNode hold = api().post(
                                "/api/v1/retention/holds/" + SubjectCommand.encode(id) + "/review",
                                Map.of("reviewOn", date("--review-on", reviewOn).toString()));
                return report(
                        hold,
                        h -> out().println(
                                        messages().get("retention.hold.reviewed", text(h, "id"), text(h, "reviewOn"))));
            }
        }

        @Command(
                name = "lift",
                mixinStandardHelpOptions = true,
                description = "Lift a hold: what it kept is due at the next run.")
        static class Lift extends ClientCommand {
            @Parameters(paramLabel = "ID")
            String id;

            @Option(names = "--reason", required = true)
            String reason;

            @Override
            public Integer call() {
                JsonNode hold = api().post(
                                "/api/v1/retention/holds/" + SubjectCommand.encode(id) + "/lift",
                                Map.of("reason", reason));
                return report(hold, h -> out().println(messages().get("retention.hold.lifted", text(h, "id"))));
            }
        }
    }

    @Command(
            name = "client-period",
            mixinStandardHelpOptions = true,
            description = "The periods client organisations chose for categories whose register rule they set.",
            subcommands = {ClientPeriod.Set.class, ClientPeriod.ListPeriods.class})
    static class ClientPeriod {

        @Command(
                name = "set",
                mixinStandardHelpOptions = true,
                description = "Record a client organisation's own period; refused above the register's maximum. It"
                        + " applies from the next run.")
        static class Set extends ClientCommand {
            @Option(names = "--organisation", required = true, paramLabel = "ID")
            String organisation;

            @Option(names = "--category", required = true, paramLabel = "KEY")
            String category;

            @Option(names = "--period", required = true, description = "As P30D, P6M or P1Y.")
            String period;

            @Option(
                    names = "--chosen-on",
                    required = true,
                    paramLabel = "DATE",
                    description = "The date of the client's written instruction.")
            String chosenOn;

            @Option(
                    names = "--instruction",
                    required = true,
                    paramLabel = "REFERENCE",
                    description = "Where the written instruction is: a letter, a ticket, a contract annex.")
            String instruction;

            @Override
            public Integer call() {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("organisationId", organisation);
                body.put("category", category);
                body.put("period", period);
                body.put("chosenOn", date("--chosen-on", chosenOn).toString());
                body.put("instructionReference", instruction);
                JsonNode choice = api().post("/api/v1/retention/client-periods", body);
                return report(
                        choice,
                        c -> out().println(messages()
                                .get(
                                        "retention.client.set",
                                        text(c, "category"),
                                        text(c, "organisationId"),
                                        text(c, "period"))));
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "The periods in force per client.")
        static class ListPeriods extends ClientCommand {
            @Option(names = "--history", description = "Also the superseded ones.")
            boolean history;

            @Override
            public Integer call() {
                JsonNode list = api().get("/api/v1/retention/client-periods?history=" + history);
                return report(list, l -> {
                    if (l.isEmpty()) {
                        out().println(messages().get("retention.client.none"));
                        return;
                    }
                    Table table =
                            new Table("CATEGORY", "ORGANISATION", "PERIOD", "CHOSEN ON", "INSTRUCTION", "SUPERSEDED");
                    l.forEach(c -> table.row(
                            text(c, "category"),
                            text(c, "organisationId"),
                            text(c, "period"),
                            text(c, "chosenOn"),
                            text(c, "instructionReference"),
                            text(c, "supersededAt")));
                    table.print(out());
                });
            }
        }
    }
}
