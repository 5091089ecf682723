package nl.waarborg.subjects.connectors;

/** A connector failure whose message is safe to show and store: it names the system and the step, never data. */
class ConnectorException extends RuntimeException {
    ConnectorException(String message) {
        super(message);
    }

    ConnectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
