package nl.waarborg.register;

import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;

/**
 * How long the data of a category is kept, in a form the retention module can execute.
 *
 * <ul>
 *   <li>{@link Kind#PERIOD}: {@code period} counted from {@code anchor};
 *   <li>{@link Kind#UNTIL_END_OF_SERVICE}: as long as the service runs, removed when it ends;
 *   <li>{@link Kind#SET_BY_CLIENT}: the client organisation chooses, {@code period} is the default and
 *       {@code maximum} the most it may choose, counted from {@code anchor};
 *   <li>{@link Kind#UNSPECIFIED}: only a display text; not executable, and the check says so.
 * </ul>
 *
 * @param display optional text shown instead of the generated one, for example "Afhankelijk van de gebruiker"
 * @param anonymise when the period ends, the built-in store keeps the record without anything that points to a person
 *     (for statistics) instead of deleting it; other places delete ({@code then: anonymise} in the register)
 */
public record RetentionRule(
        Kind kind, Period period, RetentionAnchor anchor, Period maximum, Text display, boolean anonymise) {

    public RetentionRule(Kind kind, Period period, RetentionAnchor anchor, Period maximum, Text display) {
        this(kind, period, anchor, maximum, display, false);
    }

    /** The same rule, anonymising instead of deleting when it ends. */
    public RetentionRule anonymising() {
        return new RetentionRule(kind, period, anchor, maximum, display, true);
    }

    public enum Kind {
        PERIOD,
        UNTIL_END_OF_SERVICE,
        SET_BY_CLIENT,
        UNSPECIFIED
    }

    public static RetentionRule of(Period period, RetentionAnchor anchor) {
        return new RetentionRule(Kind.PERIOD, period, anchor, null, null);
    }

    public static RetentionRule untilEndOfService() {
        return new RetentionRule(Kind.UNTIL_END_OF_SERVICE, null, RetentionAnchor.END_OF_SERVICE, null, null);
    }

    /** Whether a machine can tell from this rule when data must go. */
    public boolean executable() {
        return kind != Kind.UNSPECIFIED;
    }

    /**
     * The last day data may be kept, given the date of the anchor event (for {@link Kind#UNTIL_END_OF_SERVICE}, the
     * date the service ended). Empty when the rule is not executable. For a client-set rule this is the default.
     */
    public Optional<LocalDate> expiresOn(LocalDate anchorDate) {
        return switch (kind) {
            case PERIOD, SET_BY_CLIENT -> Optional.of(anchorDate.plus(period));
            case UNTIL_END_OF_SERVICE -> Optional.of(anchorDate);
            case UNSPECIFIED -> Optional.empty();
        };
    }

    /** The text for the statement and the console: the override if set, otherwise generated from the rule. */
    public Text text() {
        if (display != null) {
            return display;
        }
        Text base = generated();
        return anonymise && kind != Kind.UNSPECIFIED
                ? new Text(base.nl() + ", daarna geanonimiseerd", base.en() + ", then anonymised")
                : base;
    }

    private Text generated() {
        return switch (kind) {
            case PERIOD ->
                new Text(
                        Periods.describe(period, true) + " " + anchor.after().nl(),
                        Periods.describe(period, false) + " " + anchor.after().en());
            case UNTIL_END_OF_SERVICE -> new Text("Tot het einde van de dienstverlening", "Until the service ends");
            case SET_BY_CLIENT ->
                new Text(
                        "Ingesteld door de opdrachtgever (standaard " + Periods.describe(period, true) + ", hoogstens "
                                + Periods.describe(maximum, true) + ")",
                        "Set by the client organisation (default " + Periods.describe(period, false) + ", at most "
                                + Periods.describe(maximum, false) + ")");
            case UNSPECIFIED -> new Text("Niet vastgelegd", "Not specified");
        };
    }
}
