package nl.waarborg.connectors.internal;

import java.util.Set;
import nl.waarborg.subjects.Identifier;

/** What a connected system counted of a category in a window: rows, distinct people, some of their identifiers. */
record SystemCount(long people, long records, Set<Identifier> identifiers) {}
