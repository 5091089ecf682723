package nl.waarborg.connectors.internal;

import java.time.Instant;

/**
 * A system that can count a category's records in a time window and tell the people in them apart (a breach's scope),
 * without handing over the records.
 */
interface CountingConnector extends Connector {

    /**
     * The category's records whose timestamp lies from {@code from} (inclusive) to {@code to} (exclusive), either end
     * open; the distinct people in them,
     * and up to {@code limit} of their identifiers as the system keeps them.
     */
    SystemCount count(String category, Instant from, Instant to, int limit);
}
