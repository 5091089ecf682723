package nl.waarborg.cli;

import tools.jackson.databind.JsonNode;

/**
 * A command that did not succeed: printed as one line (or as the server's problem in --json mode). Exit code 1, a
 * failed operation, unless it was a usage error: then 2.
 */
final class CliException extends RuntimeException {

    private final transient JsonNode problem;
    private final int exitCode;

    CliException(String message) {
        this(message, null, WaarborgCli.FAILED);
    }

    CliException(String message, JsonNode problem) {
        this(message, problem, WaarborgCli.FAILED);
    }

    CliException(String message, JsonNode problem, int exitCode) {
        super(message);
        this.problem = problem;
        this.exitCode = exitCode;
    }

    JsonNode problem() {
        return problem;
    }

    int exitCode() {
        return exitCode;
    }
}
