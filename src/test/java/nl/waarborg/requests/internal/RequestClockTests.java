package nl.waarborg.requests.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import nl.waarborg.WaarborgTest;
import nl.waarborg.requests.RequestsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * Requests on a clock the test moves: the day of receipt is the Amsterdam day (also in the night a DST change
 * starts), one month after 31 January is the end of February (moved past its weekend), a leap year's 29 February,
 * the clock stopped while identity information was awaited, and an extension refused once the first month is over.
 */
@WaarborgTest
@Import(RequestClockTests.ClockConfiguration.class)
class RequestClockTests {

    static final nl.waarborg.MovableClock CLOCK = new nl.waarborg.MovableClock("2027-01-31T09:00:00Z");

    @TestConfiguration
    static class ClockConfiguration {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @Autowired
    RequestDesk desk;

    @AfterEach
    void back() {
        CLOCK.set("2027-01-31T09:00:00Z");
    }

    DataSubjectRequest received() {
        return desk.submit(new RequestDesk.NewRequest(
                "API",
                null,
                List.of("ACCESS"),
                "nl",
                null,
                "clock-" + UUID.randomUUID() + "@example.nl",
                null,
                null,
                null,
                List.of()));
    }

    @Test
    void theEndOfJanuaryGivesTheEndOfFebruaryAndThePauseAddsItsDays() {
        CLOCK.set("2027-01-31T09:00:00Z");
        DataSubjectRequest r = received();
        assertThat(r.intake().receivedOn()).isEqualTo(LocalDate.parse("2027-01-31"));
        // 28 February 2027 is a Sunday.
        assertThat(r.dueOn()).isEqualTo(LocalDate.parse("2027-03-01"));
        desk.requestVerification(r.reference(), "code sent");
        CLOCK.set("2027-02-10T12:00:00Z");
        assertThat(desk.verify(r.reference(), "ONE_TIME_CODE", null).dueOn())
                .as("ten days paused: 28 February + 10")
                .isEqualTo(LocalDate.parse("2027-03-10"));
    }

    @Test
    void identityInformationAskedLateLeavesTheDeadlineAndTheLetterSaysSo() {
        CLOCK.set("2027-01-31T09:00:00Z");
        DataSubjectRequest r = received();
        CLOCK.set("2027-02-15T09:00:00Z");
        desk.requestVerification(r.reference(), "code sent");
        CLOCK.set("2027-02-25T09:00:00Z");
        assertThat(desk.verify(r.reference(), "ONE_TIME_CODE", null).dueOn())
                .as("asked after the first seven days: no pause")
                .isEqualTo(LocalDate.parse("2027-03-01"));
        String letter = new org.springframework.jdbc.core.JdbcTemplate(dataSource)
                .queryForObject(
                        "SELECT body FROM mail_message WHERE reference = ? AND key LIKE '%:VERIFICATION:%'",
                        String.class, "request " + r.reference());
        assertThat(letter)
                .contains("loopt intussen door")
                .contains("2027-03-01")
                .doesNotContain("staat de termijn voor ons antwoord stil");
    }

    @Autowired
    javax.sql.DataSource dataSource;

    @Test
    void aLeapYearsTwentyNinthOfFebruaryIsDue() {
        CLOCK.set("2028-01-31T10:00:00Z");
        assertThat(received().dueOn()).isEqualTo(LocalDate.parse("2028-02-29"));
    }

    @Test
    void theDayOfReceiptIsTheAmsterdamDayAlsoInTheNightSummerTimeStarts() {
        // 23:30 UTC on 27 March 2027 is 00:30 on 28 March in Amsterdam, the night the clocks go forward.
        CLOCK.set("2027-03-27T23:30:00Z");
        DataSubjectRequest r = received();
        assertThat(r.intake().receivedOn()).isEqualTo(LocalDate.parse("2027-03-28"));
        assertThat(r.dueOn()).isEqualTo(LocalDate.parse("2027-04-28"));
    }

    @Test
    void anExtensionAfterTheFirstMonthIsRefused() {
        CLOCK.set("2027-01-31T09:00:00Z");
        DataSubjectRequest r = received();
        CLOCK.set("2027-03-02T09:00:00Z");
        assertThatThrownBy(() -> desk.extend(r.reference(), 1, "many systems"))
                .isInstanceOfSatisfying(
                        RequestsException.class, e -> assertThat(e.slug()).isEqualTo("extension-too-late"));
        CLOCK.set("2027-03-01T20:00:00Z");
        assertThat(desk.extend(r.reference(), 1, "many systems").dueOn()).isEqualTo(LocalDate.parse("2027-03-31"));
    }
}
