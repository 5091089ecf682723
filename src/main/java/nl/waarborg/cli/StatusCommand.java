package nl.waarborg.cli;

import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Show whether the server is up.")
class StatusCommand extends ClientCommand {

    @Override
    public Integer call() {
        var health = api().get("/actuator/health");
        String status = text(health, "status");
        report(health, h -> out().println("Waarborg server: " + status));
        return "UP".equals(status) ? WaarborgCli.OK : WaarborgCli.FAILED;
    }
}
