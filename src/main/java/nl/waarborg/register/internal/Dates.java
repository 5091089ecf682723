package nl.waarborg.register.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.RegisterException;

/**
 * Calendar dates as the register and its API take them, {@code YYYY-MM-DD}. A date of the right form that does not
 * exist (30 February) is told apart from one of the wrong form: "has the wrong format" would send the reader looking
 * at the form.
 */
public final class Dates {

    private static final Pattern FORM = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");

    private Dates() {}

    /**
     * The date, or null for null or blank text.
     *
     * @throws RegisterException of kind {@code INVALID} naming {@code field} and why, without repeating the text
     */
    public static LocalDate parse(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new RegisterException(Kind.INVALID, field, field + " " + e.getMessage());
        }
    }

    /**
     * The date.
     *
     * @throws IllegalArgumentException with a reason that starts with a verb ("must be", "is not") and names no value
     */
    static LocalDate parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a date as YYYY-MM-DD");
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        if (month < 1 || month > 12) {
            throw new IllegalArgumentException("is not a date that exists: months are numbered 01 to 12");
        }
        YearMonth yearMonth = YearMonth.of(year, month);
        if (day < 1 || day > yearMonth.lengthOfMonth()) {
            throw new IllegalArgumentException("is not a date that exists: "
                    + yearMonth.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + year + " has "
                    + yearMonth.lengthOfMonth() + " days");
        }
        return LocalDate.of(year, month, day);
    }
}
