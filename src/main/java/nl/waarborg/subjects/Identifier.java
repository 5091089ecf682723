package nl.waarborg.subjects;

import java.util.Objects;

/** An identifier in its normalised form, as stored and indexed. Create through {@link Identifiers#normalise}. */
public record Identifier(IdentifierKind kind, String value) {
    public Identifier {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }
}
