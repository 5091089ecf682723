package nl.waarborg.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Manage the keys that encrypt sensitive records (kept outside the database).",
        subcommands = {KeysCommand.Rotate.class, KeysCommand.Status.class})
class KeysCommand {

    @Command(
            name = "rotate",
            mixinStandardHelpOptions = true,
            description = {
                "Add a new key, make it current and re-encrypt every sensitive record under it in the background.",
                "Old keys stay in the keyring so nothing becomes unreadable; waits and shows progress unless --no-wait."
            })
    static class Rotate extends ClientCommand {
        @Option(names = "--no-wait", description = "Return at once; follow with 'keys status'.")
        boolean noWait;

        @Option(names = "--timeout", defaultValue = "3600", description = "Seconds to wait at most (default 3600).")
        long timeoutSeconds;

        @Override
        public Integer call() throws InterruptedException {
            JsonNode status = api().post("/api/v1/subjects/keys/rotate", Map.of());
            String key = text(status, "currentKeyId");
            if (!json) {
                out().println("Key " + key + " is now current; "
                        + status.path("pending").asLong() + " records and recordings to re-encrypt.");
            }
            long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
            long lastPending = -1;
            while (!noWait && status.path("pending").asLong() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                status = api().get("/api/v1/subjects/keys");
                long pending = status.path("pending").asLong();
                JsonNode last = status.path("lastRotation");
                if (!json && pending != lastPending) {
                    out().println("Re-encrypted " + last.path("done").asLong() + " of "
                            + last.path("total").asLong() + " records and recordings (" + pending + " to go)");
                    lastPending = pending;
                }
            }
            JsonNode result = status;
            report(
                    result,
                    s -> out().println(
                                    s.path("pending").asLong() == 0
                                            ? "Done: every sensitive record and every recording is encrypted under key "
                                                    + key + "."
                                            : "Still re-encrypting in the background: "
                                                    + s.path("pending").asLong()
                                                    + " records and recordings to go. Check with './waarborg keys status'."));
            return WaarborgCli.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the keys and rotation progress.")
    static class Status extends ClientCommand {
        @Override
        public Integer call() {
            return report(api().get("/api/v1/subjects/keys"), s -> {
                Table table = new Table("KEY", "CREATED", "RECORDS", "RECORDINGS", "");
                s.path("keys")
                        .forEach(k -> table.row(
                                text(k, "id"),
                                text(k, "createdAt"),
                                text(k, "records"),
                                text(k, "recordings"),
                                k.path("current").asBoolean() ? "current" : ""));
                table.print(out());
                out().println("Records and recordings still under an older key (or not yet encrypted): "
                        + s.path("pending").asLong());
            });
        }
    }
}
