package nl.waarborg.cli;

import tools.jackson.databind.JsonNode;

/** A failed operation: printed as one line (or as the server's problem in --json mode), exit code 1. */
final class CliException extends RuntimeException {

    private final transient JsonNode problem;

    CliException(String message) {
        this(message, null);
    }

    CliException(String message, JsonNode problem) {
        super(message);
        this.problem = problem;
    }

    JsonNode problem() {
        return problem;
    }
}
