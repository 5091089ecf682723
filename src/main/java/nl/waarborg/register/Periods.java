package nl.waarborg.register;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;

/** Reads and describes the ISO-8601 periods of retention rules. */
public final class Periods {

    private Periods() {}

    /** The longest retention period accepted: longer is a typing error, and dates that far ahead overflow. */
    public static final int MAX_YEARS = 100;

    /**
     * Parses {@code P6M}, {@code P30D}, {@code P1Y6M}, {@code P2W}; refuses time parts, zero and negative periods, and
     * periods longer than {@value #MAX_YEARS} years.
     *
     * @throws IllegalArgumentException with a reason that names no value
     */
    public static Period parse(String text) {
        // At most six digits a part: java.time would overflow on more, and no retention needs them.
        if (text == null || !text.matches("P(\\d{1,6}Y)?(\\d{1,6}M)?(\\d{1,6}W)?(\\d{1,6}D)?") || text.equals("P")) {
            throw new IllegalArgumentException(
                    "not an ISO-8601 period of years, months, weeks or days such as P30D, P6M or P7Y");
        }
        Period period = Period.parse(text);
        if (period.isZero()) {
            throw new IllegalArgumentException("a retention period must be longer than zero");
        }
        LocalDate start = LocalDate.of(2000, 1, 1);
        if (start.plus(period).isAfter(start.plusYears(MAX_YEARS))) {
            throw new IllegalArgumentException("a retention period is at most " + MAX_YEARS + " years");
        }
        return period;
    }

    /** "6 maanden" or "6 months"; "1 jaar en 6 maanden". */
    public static String describe(Period period, boolean dutch) {
        List<String> parts = new ArrayList<>();
        add(parts, period.getYears(), dutch ? "jaar" : "year", dutch ? "jaar" : "years");
        add(parts, period.getMonths(), dutch ? "maand" : "month", dutch ? "maanden" : "months");
        add(parts, period.getDays(), dutch ? "dag" : "day", dutch ? "dagen" : "days");
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1))
                + (dutch ? " en " : " and ")
                + parts.get(parts.size() - 1);
    }

    private static void add(List<String> parts, int amount, String one, String many) {
        if (amount != 0) {
            parts.add(amount + " " + (amount == 1 ? one : many));
        }
    }
}
