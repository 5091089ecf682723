package nl.waarborg.connectors.internal;

/** A connector failure whose message is safe to show and store: it names the system and the step, never data. */
class ConnectorFailure extends RuntimeException {
    ConnectorFailure(String message) {
        super(message);
    }

    ConnectorFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
