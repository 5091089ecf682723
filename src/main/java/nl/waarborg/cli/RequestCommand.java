package nl.waarborg.cli;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(
        name = "request",
        mixinStandardHelpOptions = true,
        description =
                "Data-subject requests: receive them, see the queue and the deadlines, move them on to the answer.",
        subcommands = {
            RequestCommand.ListRequests.class,
            RequestCommand.Show.class,
            RequestCommand.Submit.class,
            RequestCommand.Verify.class,
            RequestCommand.Start.class,
            RequestCommand.Extend.class,
            RequestCommand.Answer.class,
            RequestCommand.Refuse.class,
            RequestCommand.Withdraw.class,
            RequestCommand.Package.class,
            RequestCommand.Deadline.class
        })
class RequestCommand {

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "The queue, soonest due first: open requests unless --state says otherwise.")
    static class ListRequests extends ClientCommand {
        @Option(names = "--state", paramLabel = "STATE", description = "Only this state; repeat for several.")
        List<String> states = new ArrayList<>();

        @Option(names = "--type", paramLabel = "RIGHT", description = "Only requests asking for this right.")
        String type;

        @Option(names = "--assignee", paramLabel = "NAME", description = "Only requests assigned to NAME.")
        String assignee;

        @Option(names = "--limit", defaultValue = "200", description = "At most this many (default 200).")
        int limit;

        @Override
        public Integer call() {
            within("--limit", limit, 1, 1_000);
            StringBuilder query = new StringBuilder("?limit=" + limit);
            for (String s : states) {
                query.append("&state=").append(SubjectCommand.encode(s));
            }
            if (type != null) {
                query.append("&type=").append(SubjectCommand.encode(type));
            }
            if (assignee != null) {
                query.append("&assignee=").append(SubjectCommand.encode(assignee));
            }
            JsonNode lines = api().get("/api/v1/requests" + query);
            return report(lines, list -> {
                if (list.isEmpty()) {
                    out().println(messages().get("request.none"));
                    return;
                }
                Table table = new Table(
                        "REFERENCE", "STATE", "RIGHTS", "CHANNEL", "RECEIVED", "DUE", "DAYS LEFT", "ASSIGNEE");
                list.forEach(l -> table.row(
                        text(l, "reference") + (l.path("duplicate").asBoolean() ? " (dup)" : ""),
                        text(l, "state") + (l.path("paused").asBoolean() ? " (paused)" : ""),
                        joined(l.path("rights")),
                        text(l, "channel"),
                        text(l, "receivedOn"),
                        text(l, "dueOn"),
                        l.path("overdue").asBoolean() ? text(l, "daysLeft") + " OVERDUE" : text(l, "daysLeft"),
                        text(l, "assignee")));
                table.print(out());
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One request with its history.")
    static class Show extends ClientCommand {
        @Parameters(paramLabel = "REFERENCE")
        String reference;

        @Override
        public Integer call() {
            return report(api().get(path(reference)), r -> print(this, r));
        }
    }

    @Command(
            name = "submit",
            mixinStandardHelpOptions = true,
            description = {
                "Enter a request that came by letter, phone or in person (or for a provider's own channel).",
                "For a letter, a call or a visit --received is the postmark's or the call's day: the deadline counts"
                        + " from it."
            })
    static class Submit extends ClientCommand {
        @Option(names = "--channel", required = true, description = "LETTER, PHONE, IN_PERSON, EMAIL, PORTAL or API.")
        String channel;

        @Option(names = "--received", paramLabel = "DATE", description = "The day it reached us (YYYY-MM-DD).")
        String received;

        @Option(
                names = "--right",
                required = true,
                paramLabel = "RIGHT",
                description = "ACCESS, RECTIFICATION, ERASURE, RESTRICTION, OBJECTION, PORTABILITY or"
                        + " CONSENT_WITHDRAWAL; repeat for several.")
        List<String> rights = new ArrayList<>();

        @Option(names = "--language", description = "nl or en: the language of the letters (default nl).")
        String language;

        @Option(names = "--name", description = "The requester's name as given.")
        String name;

        @Option(names = "--email")
        String email;

        @Option(names = "--phone")
        String phone;

        @Option(names = "--address", description = "Postal address to answer to.")
        String address;

        @Option(names = "--description", description = "What the requester asked, in their words.")
        String description;

        @Option(
                names = "--identifier",
                paramLabel = "VALUE",
                description = "A customer number, line id or other identifier given; repeat for several.")
        List<String> identifiers = new ArrayList<>();

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("channel", channel);
            if (received != null) {
                body.put("receivedOn", date("--received", received).toString());
            }
            body.put("rights", rights);
            body.put("language", language);
            body.put("requesterName", name);
            body.put("email", email);
            body.put("phone", phone);
            body.put("postalAddress", address);
            body.put("description", description);
            body.put("identifiers", identifiers);
            JsonNode r = api().post("/api/v1/requests", body);
            return report(r, x -> {
                out().println(messages()
                        .get(
                                "request.received",
                                text(x, "reference"),
                                text(x.path("deadline"), "dueOn"),
                                Integer.toString(x.path("subjects").size())));
                if (!text(x, "duplicateOf").isEmpty()) {
                    out().println(messages().get("request.duplicate", text(x, "duplicateOf")));
                }
            });
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Record how the requester's identity was checked, or with --ask that identity information was asked"
                        + " for (the deadline stands still until it arrives).",
                "An identity document (IDENTITY_DOCUMENT) only for a reasonable doubt, recorded with --note."
            })
    static class Verify extends ClientCommand {
        @Parameters(paramLabel = "REFERENCE")
        String reference;

        @Option(
                names = "--method",
                description = "PORTAL_ACCOUNT, ONE_TIME_CODE, KNOWN_CONTACT, IN_PERSON or IDENTITY_DOCUMENT.")
        String method;

        @Option(names = "--ask", description = "Identity information was asked for; pause the deadline.")
        boolean ask;

        @Option(names = "--note")
        String note;

        @Override
        public Integer call() {
            if (ask == (method != null)) {
                throw usage("request.verify.usage");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("note", note);
            JsonNode r;
            if (ask) {
                r = api().post(path(reference) + "/verification-requests", body);
            } else {
                body.put("method", method);
                r = api().post(path(reference) + "/verification", body);
            }
            return report(r, x -> moved(this, x));
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the work on a verified request.")
    static class Start extends ClientCommand {
        @Parameters(paramLabel = "REFERENCE")
        String reference;

        @Override
        public Integer call() {
            return report(api().post(path(reference) + "/start", Map.of()), x -> moved(this, x));
        }
    }

    @Command(
            name = "extend",
            mixinStandardHelpOptions = true,
            description = "Extend the deadline by one or two months (two in all), with the reasons the requester is"
                    + " told; only within the first month.")
    static class Extend extends ClientCommand {
        @Parameters(paramLabel = "REFERENCE")
        String reference;

        @Option(names = "--months", required = true, description = "1 or 2.")
        int months;

        @Option(names = "--reason", required = true)
        String reason;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("months", months);
            body.put("reason", reason);
            return report(api().post(path(reference) + "/extension", body), x -> moved(this, x));
        }
    }

    @Command(name = "answer", mixinStandardHelpOptions = true, description = "Record the answer and close the request.")
    static class Answer extends ClientCommand {
        @Parameters(paramLabel = "REFERENCE")
        String reference;

        @Option(names = "--summary", required = true, description = "What was done and answered.")
        String summary;

        @Option(
                names = "--refused-in-part",
                paramLabel = "REASONS",
                description = "What was not done, and why: the letter is a partial refusal.")
        String refusedInPart;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("summary", summary);
            body.put("refusedInPart", refusedInPart);
            return report(api().post(path(reference) + "/answer", body), x -> moved(this, x));
        }
    }

    @Command(
            name = "refuse",
            mixinStandardHelpOptions = true,
            description = "Refuse the request, with the reasons (the letter adds the right to complain to the"
                    + " Autoriteit Persoonsgegevens and to go to court).")
    static class Refuse extends ClientCommand {
        @Parameters(paramLabel = "REFERENCE")
        String reference;

        @Option(names = "--reasons", required = true)
        String reasons;

        @Override
        public Integer call() {
            return report(api().post(path(reference) + "/refusal", Map.of("reasons", reasons)), x -> moved(this, x));
        }
    }

    @Command(name = "withdraw", mixinStandardHelpOptions = true, description = "The requester withdrew the request.")
    static class Withdraw extends ClientCommand {
        @Parameters(paramLabel = "REFERENCE")
        String reference;

        @Option(names = "--note")
        String note;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("note", note);
            return report(api().post(path(reference) + "/withdrawal", body), x -> moved(this, x));
        }
    }

    @Command(
            name = "package",
            mixinStandardHelpOptions = true,
            description = "Write the access package of a verified request (a ZIP: overview, data as JSON and CSV,"
                    + " recordings, consultations) to FILE, for an answer sent by post. The file is readable by you"
                    + " only: it holds the person's data.")
    static class Package extends ClientCommand {
        @Parameters(paramLabel = "REFERENCE")
        String reference;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The ZIP file to write")
        java.nio.file.Path out;

        @Override
        public Integer call() {
            byte[] zip = api().getBytes(path(reference) + "/package");
            InputFiles.writePrivate(out, zip, messages());
            cli().err.println("Wrote " + out + " (" + zip.length + " bytes)");
            return WaarborgCli.OK;
        }
    }

    @Command(
            name = "deadline",
            mixinStandardHelpOptions = true,
            description = "When must a request received on DATE be answered? Prints the due date and the days passed"
                    + " over, and why.")
    static class Deadline extends ClientCommand {
        @Parameters(paramLabel = "DATE", description = "The day of receipt (YYYY-MM-DD).")
        String received;

        @Option(names = "--extension", defaultValue = "0", description = "Months of extension: 0, 1 or 2.")
        int extension;

        @Option(names = "--paused", defaultValue = "0", description = "Days the clock stood still.")
        int paused;

        @Override
        public Integer call() {
            LocalDate day = date("DATE", received);
            within("--extension", extension, 0, 2);
            within("--paused", paused, 0, 366);
            JsonNode d = api().get("/api/v1/requests/deadline?received=" + day + "&extensionMonths=" + extension
                    + "&pausedDays=" + paused);
            return report(d, x -> {
                out().println(messages().get("request.deadline.counted", text(x, "receivedOn"), text(x, "counted")));
                for (JsonNode s : x.path("skipped")) {
                    String reason = text(s, "reason");
                    out().println(messages()
                            .get(
                                    "request.deadline.skipped",
                                    text(s, "date"),
                                    messages().getOr("holiday." + reason, reason)));
                }
                out().println(messages().get("request.deadline.due", text(x, "dueOn")));
            });
        }
    }

    static String path(String reference) {
        return "/api/v1/requests/" + SubjectCommand.encode(reference);
    }

    static String joined(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return String.join(",", values);
    }

    static void moved(ClientCommand command, JsonNode r) {
        command.out()
                .println(command.messages()
                        .get(
                                "request.moved",
                                ClientCommand.text(r, "reference"),
                                ClientCommand.text(r, "state"),
                                ClientCommand.text(r.path("deadline"), "dueOn")));
    }

    static void print(ClientCommand command, JsonNode r) {
        var out = command.out();
        out.println(command.messages()
                .get("request.show.head", ClientCommand.text(r, "reference"), ClientCommand.text(r, "state")));
        Table facts = new Table("FIELD", "VALUE");
        facts.row("rights", joined(r.path("rights")));
        facts.row("channel", ClientCommand.text(r, "channel"));
        facts.row("received", ClientCommand.text(r, "receivedOn"));
        facts.row(
                "due",
                ClientCommand.text(r.path("deadline"), "dueOn") + " (" + ClientCommand.text(r, "daysLeft")
                        + " days left)" + (r.path("paused").asBoolean() ? ", paused" : ""));
        facts.row(
                "extension",
                ClientCommand.text(r.path("deadline"), "extensionMonths") + " month(s) "
                        + ClientCommand.text(r, "extensionReason"));
        facts.row("language", ClientCommand.text(r, "language"));
        facts.row("name", ClientCommand.text(r.path("requester"), "name"));
        facts.row("e-mail", ClientCommand.text(r.path("requester"), "email"));
        facts.row("phone", ClientCommand.text(r.path("requester"), "phone"));
        facts.row("address", ClientCommand.text(r.path("requester"), "postalAddress"));
        facts.row("identifiers", joined(r.path("identifiers")));
        facts.row("subjects", joined(r.path("subjects")));
        facts.row("register", ClientCommand.text(r, "registerVersion"));
        facts.row("assignee", ClientCommand.text(r, "assignee"));
        facts.row("duplicate of", ClientCommand.text(r, "duplicateOf"));
        facts.row("verification", ClientCommand.text(r, "verification"));
        facts.row("outcome", ClientCommand.text(r, "outcome"));
        facts.print(out);
        Table history = new Table("AT", "STEP", "BY", "TEXT");
        for (JsonNode e : r.path("history")) {
            history.row(
                    ClientCommand.text(e, "at"),
                    ClientCommand.text(e, "kind"),
                    ClientCommand.text(e, "actor"),
                    ClientCommand.text(e, "text"));
        }
        history.print(out);
    }
}
