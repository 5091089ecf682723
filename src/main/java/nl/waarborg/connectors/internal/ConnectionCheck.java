package nl.waarborg.connectors.internal;

/**
 * The outcome of testing a connection to a system.
 *
 * @param ok whether the system answered as configured
 * @param detail what was checked, or what was wrong; never personal data
 */
record ConnectionCheck(boolean ok, String detail) {

    static ConnectionCheck ok(String detail) {
        return new ConnectionCheck(true, detail);
    }

    static ConnectionCheck failed(String detail) {
        return new ConnectionCheck(false, detail);
    }
}
