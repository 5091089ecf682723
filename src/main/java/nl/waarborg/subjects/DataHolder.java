package nl.waarborg.subjects;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Whose data a place is asked about: a registered subject with their identifiers, or identifiers alone. A caller who
 * is not a customer has the same rights as one who is, so a phone number that only occurs in traffic data or a
 * connected system is a holder too.
 *
 * @param subjectId the registered subject, or null for someone known only by identifiers
 * @param identifiers normalised identifiers; places search by the kinds they know
 */
public record DataHolder(UUID subjectId, Set<Identifier> identifiers) {

    public DataHolder {
        identifiers = Collections.unmodifiableSet(new LinkedHashSet<>(identifiers));
        if (subjectId == null && identifiers.isEmpty()) {
            throw new SubjectsException(
                    SubjectsException.Kind.INVALID, "identifiers", "a subject or at least one identifier is needed");
        }
    }

    /** A registered subject with the identifiers on file (normalised already). */
    public static DataHolder subject(UUID subjectId, Collection<Identifier> identifiers) {
        return new DataHolder(subjectId, Set.copyOf(identifiers));
    }

    /**
     * Someone known only by identifiers; each is normalised first.
     *
     * @throws InvalidIdentifierException naming the kind and the reason, never the value
     */
    public static DataHolder unregistered(Collection<Identifier> identifiers) {
        Set<Identifier> normalised = new LinkedHashSet<>();
        for (Identifier i : identifiers) {
            normalised.add(Identifiers.normalise(i.kind(), i.value()));
        }
        return new DataHolder(null, normalised);
    }

    public boolean registered() {
        return subjectId != null;
    }

    /** The values of one kind, for example the phone numbers in E.164. */
    public Set<String> values(IdentifierKind kind) {
        Set<String> values = new TreeSet<>();
        identifiers.stream().filter(i -> i.kind() == kind).forEach(i -> values.add(i.value()));
        return values;
    }

    /** Whether the holder has an identifier of any of these kinds. */
    public boolean hasAny(Collection<IdentifierKind> kinds) {
        return identifiers.stream().anyMatch(i -> kinds.contains(i.kind()));
    }

    /**
     * How audit entries name the holder without naming the person: the subject id, or a truncated SHA-256 of the
     * identifiers (the trail must not become a copy of what it guards).
     */
    public String reference() {
        if (subjectId != null) {
            return subjectId.toString();
        }
        Set<String> sorted = new TreeSet<>();
        identifiers.forEach(i -> sorted.add(i.kind() + ":" + i.value()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", sorted).getBytes(StandardCharsets.UTF_8));
            return "identifiers-sha256:" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
