package nl.waarborg.subjects;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.RetentionAnchor;
import nl.waarborg.register.RetentionRule;

/**
 * An order to remove the items of one register category whose retention has ended by {@code asOf}.
 *
 * <p>An item is due on the date its rule's anchor event happened (in Europe/Amsterdam) plus the period, clamped to
 * the month's end like {@link LocalDate#plus}; from the first moment of that day. Places inside Waarborg compute this
 * per item. Places that can only compare one timestamp get {@link #cutoff()}: the start of {@code asOf} minus the
 * period. It never lets an item go early; at a month's end it may keep one up to three days longer (31 January plus a
 * month is due on 28 February, but the cut-off of 28 February is 28 January).
 *
 * @param category the register row, with its retention rule; it must be executable
 * @param exclusions what stays whatever its age (legal holds)
 * @param dryRun count what would go and change nothing
 * @param client for a rule set by the client organisation: only that organisation's data, with the period it chose;
 *     null for everyone's data under the register's own period. A place that cannot tell data per organisation
 *     answers {@code SKIPPED}.
 */
public record Expiry(
        DataCategory category,
        LocalDate asOf,
        Exclusions exclusions,
        String operationId,
        boolean dryRun,
        ClientScope client) {

    /** One client organisation's own period for a category whose rule it sets. */
    public record ClientScope(java.util.UUID organisation, Period period) {
        public ClientScope {
            Objects.requireNonNull(organisation, "organisation");
            Objects.requireNonNull(period, "period");
        }
    }

    public Expiry(DataCategory category, LocalDate asOf, Exclusions exclusions, String operationId, boolean dryRun) {
        this(category, asOf, exclusions, operationId, dryRun, null);
    }

    public static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    public Expiry {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(asOf, "asOf");
        exclusions = exclusions == null ? Exclusions.NONE : exclusions;
        Operations.require(operationId);
        if (category.retention() == null || !category.retention().executable()) {
            throw new SubjectsException(
                    SubjectsException.Kind.INVALID,
                    "category",
                    "category " + category.key() + " has no retention rule a machine can execute");
        }
    }

    public RetentionRule rule() {
        return category.retention();
    }

    /** The anchor the rule counts from; the end of the service for "until the service ends". */
    public RetentionAnchor anchor() {
        RetentionRule rule = rule();
        if (rule.kind() == RetentionRule.Kind.UNTIL_END_OF_SERVICE) {
            return RetentionAnchor.END_OF_SERVICE;
        }
        return rule.anchor() == null ? RetentionAnchor.COLLECTION : rule.anchor();
    }

    /**
     * The period after the anchor; zero for "until the service ends". For a client-set rule, the client's choice
     * when the expiry is scoped to one client, otherwise the register's default.
     */
    public Period period() {
        if (client != null) {
            return client.period();
        }
        return rule().kind() == RetentionRule.Kind.UNTIL_END_OF_SERVICE ? Period.ZERO : rule().period();
    }

    /** The organisation whose data alone this expiry concerns, or null for everyone's. */
    public java.util.UUID organisation() {
        return client == null ? null : client.organisation();
    }

    /** Whether the rule counts from a moment each item carries itself (collection, last contact, invoice date). */
    public boolean countsFromItem() {
        return switch (anchor()) {
            case COLLECTION, LAST_CONTACT, INVOICE_DATE -> true;
            case END_OF_SERVICE, END_OF_CONTRACT, REQUEST_CLOSED -> false;
        };
    }

    /**
     * For places that compare one timestamp: items whose anchor moment lies before this instant are due. Empty when
     * the rule counts from an event such a place cannot know (the end of a service, a closed request).
     */
    public Optional<Instant> cutoff() {
        if (!countsFromItem()) {
            return Optional.empty();
        }
        return Optional.of(asOf.minus(period()).atStartOfDay(AMSTERDAM).toInstant());
    }

    /** Whether an item whose anchor event happened on {@code anchorDate} (Amsterdam) is due. */
    public boolean due(LocalDate anchorDate) {
        return anchorDate != null && !anchorDate.plus(period()).isAfter(asOf);
    }
}
