package nl.waarborg.requests.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The days on which a legal deadline cannot end: Saturdays, Sundays and the holidays of a calendar file (see {@code
 * holidays/nl.txt} for the format). Read once at start; a damaged file stops the start with its name, line and reason,
 * because a wrong calendar would give every requester a wrong due date.
 */
public final class HolidayCalendar {

    private static final Pattern LINE = Pattern.compile(
            "^([a-z0-9][a-z0-9-]{0,62})\\s*=\\s*(?:fixed\\s+(\\d{2}-\\d{2})(?:\\s+sunday\\s+([+-]\\d))?|easter\\s+([+-]\\d{1,3}))$");

    /** One holiday rule; exactly one of {@code day} and {@code easterOffset} is set. */
    record Rule(String key, MonthDay day, int sundayShift, Integer easterOffset) {

        Optional<LocalDate> in(int year) {
            if (easterOffset != null) {
                return Optional.of(easter(year).plusDays(easterOffset));
            }
            if (!day.isValidYear(year)) {
                return Optional.empty();
            }
            LocalDate date = day.atYear(year);
            return Optional.of(
                    date.getDayOfWeek() == DayOfWeek.SUNDAY && sundayShift != 0 ? date.plusDays(sundayShift) : date);
        }
    }

    private final String name;
    private final List<Rule> rules;

    private HolidayCalendar(String name, List<Rule> rules) {
        this.name = name;
        this.rules = List.copyOf(rules);
    }

    /** Reads a calendar; {@code name} is how errors refer to it (the file's name). */
    public static HolidayCalendar read(String name, InputStream in) throws IOException {
        List<Rule> rules = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                Matcher m = LINE.matcher(text);
                if (!m.matches()) {
                    throw new IllegalArgumentException(name + ":" + number
                            + ": expected 'key = fixed MM-DD', 'key = fixed MM-DD sunday -1' or 'key = easter +N'");
                }
                if (!keys.add(m.group(1))) {
                    throw new IllegalArgumentException(name + ":" + number + ": '" + m.group(1) + "' is given twice");
                }
                if (m.group(2) != null) {
                    MonthDay day;
                    try {
                        day = MonthDay.parse("--" + m.group(2));
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException(
                                name + ":" + number + ": " + m.group(2) + " is not a day of the year (MM-DD)");
                    }
                    int shift = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
                    rules.add(new Rule(m.group(1), day, shift, null));
                } else {
                    rules.add(new Rule(m.group(1), null, 0, Integer.parseInt(m.group(4))));
                }
            }
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException(name + ": no holiday rule; a calendar without holidays needs none of "
                    + "its own, but an empty file is more likely a mistake");
        }
        return new HolidayCalendar(name, rules);
    }

    public String name() {
        return name;
    }

    /** The key of the holiday on this day, if it is one. */
    public Optional<String> holiday(LocalDate date) {
        for (Rule rule : rules) {
            if (rule.in(date.getYear()).filter(date::equals).isPresent()) {
                return Optional.of(rule.key());
            }
        }
        return Optional.empty();
    }

    /** Why a deadline cannot end on this day: a holiday's key, {@code saturday} or {@code sunday}; empty on a working day. */
    public Optional<String> closed(LocalDate date) {
        // A holiday on a weekend is named as the holiday: that is what a requester recognises.
        Optional<String> holiday = holiday(date);
        if (holiday.isPresent()) {
            return holiday;
        }
        if (date.getDayOfWeek() == DayOfWeek.SATURDAY) {
            return Optional.of("saturday");
        }
        if (date.getDayOfWeek() == DayOfWeek.SUNDAY) {
            return Optional.of("sunday");
        }
        return Optional.empty();
    }

    /** The holidays of a year in date order, with their keys. */
    public List<Holiday> holidays(int year) {
        return rules.stream()
                .flatMap(r -> r.in(year).map(d -> new Holiday(d, r.key())).stream())
                .sorted(java.util.Comparator.comparing(Holiday::date))
                .toList();
    }

    public record Holiday(LocalDate date, String key) {}

    /** Easter Sunday in the Gregorian calendar (the anonymous algorithm published in Nature, 1876). */
    static LocalDate easter(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = ((h + l - 7 * m + 114) % 31) + 1;
        return LocalDate.of(year, month, day);
    }
}
