package nl.waarborg.retention.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import nl.waarborg.register.RetentionAnchor;
import nl.waarborg.register.RetentionRule;
import org.junit.jupiter.api.Test;

/**
 * The day a run counts to when a time-range hold keeps items from its first day on: nothing of the range may go, at
 * month ends and on leap days too. An item of day d goes when d + period is not after that day.
 */
class RetentionTimeTests {

    static boolean goes(LocalDate item, LocalDate countTo, Period period) {
        return !item.plus(period).isAfter(countTo);
    }

    @Test
    void nothingFromTheRangesFirstDayGoesAtAMonthsEnd() {
        Period month = Period.ofMonths(1);
        LocalDate from = LocalDate.of(2026, 3, 31);
        LocalDate countTo = RetentionRuns.keepFrom(from, month);
        // 31 March + 1 month is 30 April, like 30 March + 1 month: clamping must not let 31 March go.
        assertThat(goes(LocalDate.of(2026, 3, 31), countTo, month)).isFalse();
        assertThat(goes(LocalDate.of(2026, 4, 15), countTo, month)).isFalse();
        assertThat(goes(LocalDate.of(2026, 3, 29), countTo, month)).isTrue();
        // 31 January + 1 month is 28 February.
        LocalDate jan = RetentionRuns.keepFrom(LocalDate.of(2026, 1, 31), month);
        assertThat(goes(LocalDate.of(2026, 1, 31), jan, month)).isFalse();
        assertThat(goes(LocalDate.of(2026, 1, 27), jan, month)).isTrue();
    }

    @Test
    void aLeapDayInTheRangeStaysAndTheDayBeforeGoes() {
        Period year = Period.ofYears(1);
        LocalDate countTo = RetentionRuns.keepFrom(LocalDate.of(2024, 2, 29), year);
        assertThat(goes(LocalDate.of(2024, 2, 29), countTo, year)).isFalse();
        assertThat(goes(LocalDate.of(2024, 2, 27), countTo, year)).isTrue();
        Period zero = Period.ZERO; // "until the service ends": counts from the end day itself
        LocalDate end = RetentionRuns.keepFrom(LocalDate.of(2024, 2, 29), zero);
        assertThat(goes(LocalDate.of(2024, 2, 29), end, zero)).isFalse();
        assertThat(goes(LocalDate.of(2024, 2, 28), end, zero)).isTrue();
    }

    @Test
    void rulesAreRecordedInAFormThatDoesNotFollowTheRegistersWording() {
        assertThat(RetentionRuns.describe(RetentionRule.of(Period.ofMonths(6), RetentionAnchor.COLLECTION)))
                .isEqualTo("P6M after collection");
        assertThat(RetentionRuns.describe(RetentionRule.untilEndOfService())).isEqualTo("until the service ends");
        assertThat(RetentionRuns.period(RetentionRule.untilEndOfService())).isEqualTo(Period.ZERO);
    }

    @Test
    void theDayCountsInAmsterdamAcrossDaylightSavingChanges() {
        // 23:30 UTC on the night summer time starts, and on the night it ends, is already the next day in Amsterdam.
        assertThat(Dates.today(
                        java.time.Clock.fixed(java.time.Instant.parse("2026-03-28T23:30:00Z"), ZoneId.of("UTC"))))
                .isEqualTo(LocalDate.of(2026, 3, 29));
        assertThat(Dates.today(
                        java.time.Clock.fixed(java.time.Instant.parse("2026-10-24T22:30:00Z"), ZoneId.of("UTC"))))
                .isEqualTo(LocalDate.of(2026, 10, 25));
        assertThat(Dates.today(
                        java.time.Clock.fixed(java.time.Instant.parse("2026-10-25T22:59:59Z"), ZoneId.of("UTC"))))
                .isEqualTo(LocalDate.of(2026, 10, 25));
    }
}
