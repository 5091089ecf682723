package nl.waarborg.subjects;

import java.util.Set;
import java.util.UUID;

/**
 * What an expiry must leave alone, whatever its age: data under a legal hold. The fan-out adds the identifiers of the
 * excluded subjects, organisations and services delivered, so that places outside Waarborg, which know identifiers
 * only, can honour them too.
 */
public record Exclusions(
        Set<UUID> subjects, Set<UUID> organisations, Set<UUID> servicesDelivered, Set<Identifier> identifiers) {

    public static final Exclusions NONE = new Exclusions(Set.of(), Set.of(), Set.of(), Set.of());

    public Exclusions {
        subjects = subjects == null ? Set.of() : Set.copyOf(subjects);
        organisations = organisations == null ? Set.of() : Set.copyOf(organisations);
        servicesDelivered = servicesDelivered == null ? Set.of() : Set.copyOf(servicesDelivered);
        identifiers = identifiers == null ? Set.of() : Set.copyOf(identifiers);
    }

    public boolean isEmpty() {
        return subjects.isEmpty() && organisations.isEmpty() && servicesDelivered.isEmpty() && identifiers.isEmpty();
    }

    /** The values of one identifier kind, for example the held phone numbers. */
    public Set<String> values(IdentifierKind kind) {
        Set<String> values = new java.util.TreeSet<>();
        identifiers.stream().filter(i -> i.kind() == kind).forEach(i -> values.add(i.value()));
        return values;
    }

    public Exclusions withIdentifiers(Set<Identifier> more) {
        Set<Identifier> all = new java.util.LinkedHashSet<>(identifiers);
        all.addAll(more);
        return new Exclusions(subjects, organisations, servicesDelivered, all);
    }
}
