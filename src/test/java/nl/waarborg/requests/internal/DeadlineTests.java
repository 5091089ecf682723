package nl.waarborg.requests.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import nl.waarborg.requests.Deadline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The legal deadline counted as the EDPB counts a month and moved past the days the Algemene termijnenwet names, on
 * the calendar file Waarborg ships.
 */
class DeadlineTests {

    static HolidayCalendar calendar;
    static Deadlines deadlines;

    @BeforeAll
    static void readCalendar() throws IOException {
        try (InputStream in = DeadlineTests.class.getResourceAsStream("/holidays/nl.txt")) {
            calendar = HolidayCalendar.read("holidays/nl.txt", in);
        }
        deadlines = new Deadlines(calendar);
    }

    static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    @ParameterizedTest(name = "received {0} -> due {1}")
    @CsvSource({
        // The EDPB's examples: the same day of the next month, or that month's last day.
        "2025-08-31, 2025-09-30",
        "2026-03-09, 2026-04-09",
        // 31 January: 28 February, or 29 in a leap year; 28 February 2027 is a Sunday.
        "2028-01-31, 2028-02-29",
        "2024-01-31, 2024-02-29",
        "2027-01-31, 2027-03-01",
        "2026-01-30, 2026-03-02",
        // 29 February gives 29 March.
        "2028-02-29, 2028-03-29",
    })
    void oneMonthIsCountedAsTheEdpbCountsIt(String received, String due) {
        assertThat(deadlines.due(d(received), 0, 0).dueOn()).isEqualTo(d(due));
    }

    @Test
    void easterSundayAndMondayAreBothPassedOver() {
        // 5 March 2026 + one month = Easter Sunday 5 April; Easter Monday follows.
        Deadline due = deadlines.due(d("2026-03-05"), 0, 0);
        assertThat(due.counted()).isEqualTo(d("2026-04-05"));
        assertThat(due.dueOn()).isEqualTo(d("2026-04-07"));
        assertThat(due.skipped())
                .containsExactly(
                        new Deadline.SkippedDay(d("2026-04-05"), "sunday"),
                        new Deadline.SkippedDay(d("2026-04-06"), "easter-monday"));
    }

    @ParameterizedTest(name = "{2} on {1}")
    @CsvSource({
        "2026-12-01, 2027-01-01, new-years-day",
        "2026-03-06, 2026-04-06, easter-monday",
        "2026-03-27, 2026-04-27, kings-day",
        // 27 April 2025 is a Sunday: King's Day is Saturday 26 April.
        "2025-03-26, 2025-04-26, kings-day",
        "2026-04-05, 2026-05-05, liberation-day",
        "2026-04-14, 2026-05-14, ascension-day",
        "2026-04-25, 2026-05-25, whit-monday",
        "2026-11-25, 2026-12-25, christmas-day",
        "2026-11-26, 2026-12-26, boxing-day",
    })
    void everyHolidayOfTheAlgemeneTermijnenwetMovesTheDeadline(String received, String holiday, String key) {
        Deadline due = deadlines.due(d(received), 0, 0);
        assertThat(due.skipped()).first().isEqualTo(new Deadline.SkippedDay(d(holiday), key));
        assertThat(due.dueOn()).isAfter(d(holiday));
        assertThat(calendar.closed(due.dueOn())).isEmpty();
        for (Deadline.SkippedDay skipped : due.skipped()) {
            assertThat(calendar.closed(skipped.date())).contains(skipped.reason());
        }
    }

    @Test
    void christmasAndTheWeekendAfterItAreSkippedInOneGo() {
        Deadline due = deadlines.due(d("2026-11-25"), 0, 0);
        assertThat(due.dueOn()).isEqualTo(d("2026-12-28"));
        assertThat(due.skipped())
                .extracting(Deadline.SkippedDay::reason)
                .containsExactly("christmas-day", "boxing-day", "sunday");
    }

    @Test
    void kingsDayMovesToSaturdayOnlyWhenThe27thIsASunday() {
        assertThat(calendar.holiday(d("2025-04-26"))).contains("kings-day");
        assertThat(calendar.holiday(d("2025-04-27"))).isEmpty();
        assertThat(calendar.holiday(d("2031-04-26"))).contains("kings-day");
        assertThat(calendar.holiday(d("2026-04-27"))).contains("kings-day");
        assertThat(calendar.holiday(d("2026-04-26"))).isEmpty();
    }

    @ParameterizedTest(name = "Easter {0}")
    @CsvSource({"2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2038-04-25", "2285-03-22", "2008-03-23"})
    void easterFollowsTheGregorianComputus(String easter) {
        assertThat(HolidayCalendar.easter(d(easter).getYear())).isEqualTo(d(easter));
    }

    @Test
    void aPauseAndAnExtensionAddTheirDaysAndMonths() {
        assertThat(deadlines.due(d("2026-03-05"), 0, 10).dueOn()).isEqualTo(d("2026-04-15"));
        // Two months more: 5 June 2026 is a Friday.
        assertThat(deadlines.due(d("2026-03-05"), 2, 0).dueOn()).isEqualTo(d("2026-06-05"));
        assertThat(deadlines.due(d("2026-01-31"), 1, 0).dueOn()).isEqualTo(d("2026-03-31"));
        assertThatThrownBy(() -> deadlines.due(d("2026-03-05"), 3, 0)).hasMessageContaining("0, 1 or 2");
    }

    @Test
    void theHolidaysOfAYearAreListedInDateOrder() {
        List<HolidayCalendar.Holiday> holidays = calendar.holidays(2026);
        assertThat(holidays)
                .extracting(HolidayCalendar.Holiday::date)
                .containsExactly(
                        d("2026-01-01"),
                        d("2026-04-06"),
                        d("2026-04-27"),
                        d("2026-05-05"),
                        d("2026-05-14"),
                        d("2026-05-25"),
                        d("2026-12-25"),
                        d("2026-12-26"));
    }

    @Test
    void aDamagedCalendarFileIsRefusedWithItsLineAndReason() {
        assertThatThrownBy(() -> read("# fine\nnew-years-day = fixed 01-01\nkings-day = fixed 04-31\n"))
                .hasMessage("x.txt:3: 04-31 is not a day of the year (MM-DD)");
        assertThatThrownBy(() -> read("a = fixed 01-01\na = easter +1\n")).hasMessage("x.txt:2: 'a' is given twice");
        assertThatThrownBy(() -> read("a = sometimes\n")).hasMessageStartingWith("x.txt:1: expected");
        assertThatThrownBy(() -> read("a = fixed 01-01\u0000\n")).hasMessageStartingWith("x.txt:1: expected");
        assertThatThrownBy(() -> read("")).hasMessageStartingWith("x.txt: no holiday rule");
        assertThatThrownBy(() -> read("a = easter +1000\n")).hasMessageStartingWith("x.txt:1: expected");
    }

    @Test
    void anotherCountrysCalendarCanBeGiven() throws IOException {
        HolidayCalendar belgian = read("national-day = fixed 07-21\nlabour-day = fixed 05-01\n");
        Deadlines be = new Deadlines(belgian);
        // 21 July 2026 is a Tuesday.
        assertThat(be.due(d("2026-06-21"), 0, 0).dueOn()).isEqualTo(d("2026-07-22"));
        assertThat(be.due(d("2026-04-05"), 0, 0).dueOn())
                .as("5 May is no holiday there")
                .isEqualTo(d("2026-05-05"));
    }

    static HolidayCalendar read(String text) throws IOException {
        return HolidayCalendar.read("x.txt", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
