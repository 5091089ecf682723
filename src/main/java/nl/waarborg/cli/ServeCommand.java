package nl.waarborg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Listed here for {@code --help} only: {@code serve} is handled before the CLI starts, because it runs the server in
 * this process.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Start the Waarborg server (port from SERVER_PORT, default 8080).",
            "Without spring.datasource.url it runs an embedded PostgreSQL with its data in WAARBORG_DATA_DIR (default ./data)."
        })
class ServeCommand implements Callable<Integer> {

    @Option(names = "--demo", description = "Load a demo provider with a register and some data subjects.")
    boolean demo;

    @Override
    public Integer call() {
        System.err.println("waarborg: start the server with './waarborg serve'");
        return WaarborgCli.USAGE;
    }
}
