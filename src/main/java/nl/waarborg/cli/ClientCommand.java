package nl.waarborg.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** Base of every command that calls the API and reports something, as text or with {@code --json}. */
abstract class ClientCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print machine-readable JSON instead of text.")
    boolean json;

    WaarborgCli cli() {
        return (WaarborgCli) spec.root().userObject();
    }

    ApiClient api() {
        return cli().client();
    }

    PrintStream out() {
        return cli().out;
    }

    /** Prints the answer as JSON, or hands it to the text printer. */
    int report(JsonNode answer, java.util.function.Consumer<JsonNode> text) {
        if (json) {
            out().println(answer.toPrettyString());
        } else {
            text.accept(answer);
        }
        return WaarborgCli.OK;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "" : value.asString();
    }
}
