package nl.waarborg.register;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The whole register of processing activities as the provider describes it: one applied YAML file. */
public record Register(
        OrganisationProfile organisation,
        RightsProcedure rights,
        List<Service> services,
        List<Recipient> recipients,
        List<ClientOrganisation> clients,
        List<ExternalSystem> systems,
        Promises promises) {

    public Register {
        services = List.copyOf(services);
        recipients = List.copyOf(recipients);
        clients = List.copyOf(clients);
        systems = systems == null ? List.of() : List.copyOf(systems);
        promises = promises == null ? Promises.NONE : promises;
    }

    /** A register without promises (the section is optional). */
    public Register(
            OrganisationProfile organisation,
            RightsProcedure rights,
            List<Service> services,
            List<Recipient> recipients,
            List<ClientOrganisation> clients,
            List<ExternalSystem> systems) {
        this(organisation, rights, services, recipients, clients, systems, Promises.NONE);
    }

    /** A register without external systems (the section is optional). */
    public Register(
            OrganisationProfile organisation,
            RightsProcedure rights,
            List<Service> services,
            List<Recipient> recipients,
            List<ClientOrganisation> clients) {
        this(organisation, rights, services, recipients, clients, List.of());
    }

    /** All categories, service by service in the register's order. */
    public Stream<DataCategory> categories() {
        return services.stream().flatMap(s -> s.categories().stream());
    }

    public Optional<DataCategory> category(String key) {
        return categories().filter(c -> c.key().equals(key)).findFirst();
    }

    /** The service a category belongs to. */
    public Optional<Service> serviceOf(String categoryKey) {
        return services.stream()
                .filter(s -> s.categories().stream().anyMatch(c -> c.key().equals(categoryKey)))
                .findFirst();
    }

    public Optional<ExternalSystem> system(String key) {
        return systems.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    public Optional<Recipient> recipient(String key) {
        return recipients.stream().filter(r -> r.key().equals(key)).findFirst();
    }
}
