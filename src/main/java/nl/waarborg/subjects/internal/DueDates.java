package nl.waarborg.subjects.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.Register;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.RetentionAnchor;
import nl.waarborg.register.RetentionRule;
import nl.waarborg.register.Text;
import nl.waarborg.subjects.internal.Model.ServiceDelivered;
import nl.waarborg.subjects.internal.Model.StoredRecord;

/**
 * When data outside the built-in store is due for deletion, by the register's retention rule of its category: data
 * in connectors, call recordings and traffic data carry no period of their own. One instance per page: it holds the
 * register version read once and the person's services delivered (for rules counted from the end of a service).
 *
 * <p>A category is found in the register by its key ({@code traffic-data}) or, failing that, as a data-category key
 * ({@code telecom.traffic_data}, {@code user.contact.email}) that a register category covers, preferring a category
 * of the service the data belongs to.
 */
public final class DueDates {

    /** Why no due date can be given; the keys are message keys {@code subjects.due.<reason>}. */
    public enum Unknown {
        NO_REGISTER,
        NOT_IN_REGISTER,
        SET_BY_CLIENT,
        TEXT_ONLY,
        NO_TIMESTAMP,
        SERVICE_RUNNING,
        SERVICE_UNKNOWN,
        REQUEST_CLOSED
    }

    /** A due date, or why there is none. Overdue from the first moment of the due day in Amsterdam. */
    public record Due(LocalDate dueOn, boolean overdue, Unknown unknown) {

        static Due on(LocalDate dueOn, LocalDate today) {
            return new Due(dueOn, !today.isBefore(dueOn), null);
        }

        static Due unknown(Unknown reason) {
            return new Due(null, false, reason);
        }
    }

    /**
     * The register category that governs a piece of data.
     *
     * @param category the register category's key
     * @param serviceKey the key of the register service it belongs to
     * @param text the rule in words, as the register and the statement say it
     */
    public record Rule(String category, String serviceKey, RetentionRule retention, Text text) {}

    private final Register register;
    private final int version;
    private final Collection<ServiceDelivered> services;
    private final LocalDate today;

    public DueDates(Optional<RegisterVersion> current, Collection<ServiceDelivered> services, Clock clock) {
        this.register = current.map(RegisterVersion::register).orElse(null);
        this.version = current.map(RegisterVersion::number).orElse(0);
        this.services = List.copyOf(services);
        this.today = clock.instant().atZone(RetentionDue.AMSTERDAM).toLocalDate();
    }

    /** The register version the due dates come from; 0 before the first apply. */
    public int registerVersion() {
        return version;
    }

    /**
     * The register category of a category key of the built-in store, a connector or the traffic data.
     *
     * @param serviceHint the register service key the data belongs to, preferred when several categories cover it
     */
    public Optional<Rule> rule(String category, String serviceHint) {
        if (register == null || category == null) {
            return Optional.empty();
        }
        Optional<DataCategory> exact = register.category(category);
        if (exact.isPresent()) {
            return exact.map(this::rule);
        }
        List<DataCategory> covering = register.categories()
                .filter(c ->
                        c.dataCategories().stream().anyMatch(k -> category.equals(k) || category.startsWith(k + ".")))
                .toList();
        return covering.stream()
                .filter(c -> serviceHint != null
                        && register.serviceOf(c.key())
                                .map(s -> s.key().equals(serviceHint))
                                .orElse(false))
                .findFirst()
                .or(() -> covering.stream().findFirst())
                .map(this::rule);
    }

    private Rule rule(DataCategory c) {
        return new Rule(
                c.key(),
                register.serviceOf(c.key()).map(s -> s.key()).orElse(null),
                c.retention(),
                c.retention() == null ? null : c.retention().text());
    }

    /** Due date of data whose anchor event happened at {@code timestamp}, counted from its day in Amsterdam. */
    public Due dueAt(Optional<Rule> rule, Instant timestamp) {
        return due(rule, eventDay(timestamp), servicesOf(rule));
    }

    /**
     * Due date of a record of the built-in store by the register's rule: counted from the record's own date for the
     * rule's anchor (collection, the last contact, the invoice date; each falling back to when it was collected), or
     * from the end of its own service (the person's services under the rule's service when it has none).
     */
    public Due dueOfRecord(Optional<Rule> rule, StoredRecord r, ServiceDelivered service) {
        Instant collected = r.collectedAt() != null ? r.collectedAt() : r.createdAt();
        RetentionAnchor anchor =
                rule.map(Rule::retention).map(RetentionRule::anchor).orElse(RetentionAnchor.COLLECTION);
        LocalDate day = switch (anchor) {
            case LAST_CONTACT -> eventDay(r.lastContactAt() != null ? r.lastContactAt() : collected);
            case INVOICE_DATE -> r.invoiceDate() != null ? r.invoiceDate() : eventDay(collected);
            default -> eventDay(collected);
        };
        return due(rule, day, service == null ? servicesOf(rule) : List.of(service));
    }

    /** The register category's description, for showing a row by name instead of its key. */
    public Optional<Text> name(String category) {
        return register == null ? Optional.empty() : register.category(category).map(DataCategory::description);
    }

    /** Due date of data tied to one service delivered (a recording of a known service). */
    public Due dueAt(Optional<Rule> rule, Instant timestamp, ServiceDelivered service) {
        return due(rule, eventDay(timestamp), service == null ? servicesOf(rule) : List.of(service));
    }

    /** The day an event counts from: its date in Amsterdam, as for the built-in store's records. */
    static LocalDate eventDay(Instant timestamp) {
        return timestamp == null
                ? null
                : timestamp.atZone(RetentionDue.AMSTERDAM).toLocalDate();
    }

    private List<ServiceDelivered> servicesOf(Optional<Rule> rule) {
        String key = rule.map(Rule::serviceKey).orElse(null);
        return services.stream().filter(s -> s.serviceKey().equals(key)).toList();
    }

    private Due due(Optional<Rule> rule, LocalDate eventDay, List<ServiceDelivered> services) {
        if (register == null) {
            return Due.unknown(Unknown.NO_REGISTER);
        }
        if (rule.isEmpty() || rule.get().retention() == null) {
            return Due.unknown(Unknown.NOT_IN_REGISTER);
        }
        return due(rule.get().retention(), eventDay, services, today);
    }

    /**
     * The due date by a retention rule.
     *
     * @param eventDay the day of the data's own event (collection, invoice, last contact): what a connector reports as
     *     the record's timestamp, a call's day, a recording's start
     * @param services the person's services delivered under the rule's register service, for rules counted from the
     *     end of a service: due once every one of them has ended, counted from the last end
     */
    static Due due(RetentionRule rule, LocalDate eventDay, List<ServiceDelivered> services, LocalDate today) {
        return switch (rule.kind()) {
            case SET_BY_CLIENT -> Due.unknown(Unknown.SET_BY_CLIENT);
            case UNSPECIFIED -> Due.unknown(Unknown.TEXT_ONLY);
            case UNTIL_END_OF_SERVICE -> serviceEnd(services).map(end -> Due.on(end, today), Due::unknown);
            case PERIOD -> {
                RetentionAnchor anchor = Objects.requireNonNullElse(rule.anchor(), RetentionAnchor.COLLECTION);
                yield switch (anchor) {
                    case END_OF_SERVICE, END_OF_CONTRACT ->
                        serviceEnd(services).map(end -> Due.on(end.plus(rule.period()), today), Due::unknown);
                    case REQUEST_CLOSED -> Due.unknown(Unknown.REQUEST_CLOSED);
                    // The connector's timestamp is the moment its table's retention counts from (docs/connectors.md).
                    case COLLECTION, LAST_CONTACT, INVOICE_DATE ->
                        eventDay == null
                                ? Due.unknown(Unknown.NO_TIMESTAMP)
                                : Due.on(eventDay.plus(rule.period()), today);
                };
            }
        };
    }

    /** The last end of the services, or why there is none: none known, or one still running. */
    private static Either serviceEnd(List<ServiceDelivered> services) {
        if (services.isEmpty()) {
            return new Either(null, Unknown.SERVICE_UNKNOWN);
        }
        if (services.stream().anyMatch(s -> s.endedOn() == null)) {
            return new Either(null, Unknown.SERVICE_RUNNING);
        }
        return new Either(
                services.stream()
                        .map(ServiceDelivered::endedOn)
                        .max(Comparator.naturalOrder())
                        .orElseThrow(),
                null);
    }

    private record Either(LocalDate end, Unknown unknown) {
        Due map(java.util.function.Function<LocalDate, Due> known, java.util.function.Function<Unknown, Due> not) {
            return end != null ? known.apply(end) : not.apply(unknown);
        }
    }

    /** The earliest of several due dates; overdue when any is. */
    public static Optional<Due> earliest(Collection<Due> dues) {
        return dues.stream().filter(d -> d.dueOn() != null).min(Comparator.comparing(Due::dueOn));
    }
}
