package nl.waarborg.subjects.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.waarborg.register.RetentionAnchor;
import nl.waarborg.register.RetentionRule;
import nl.waarborg.register.Text;
import nl.waarborg.subjects.internal.DueDates.Due;
import nl.waarborg.subjects.internal.DueDates.Unknown;
import nl.waarborg.subjects.internal.Model.ServiceDelivered;
import org.junit.jupiter.api.Test;

/**
 * Due dates of data outside the built-in store, by the register's rule: month ends clamp, leap days fall back, days
 * count in Amsterdam (calls too, by the day they started there), and what cannot be computed says why.
 */
class DueDatesTests {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    static Due due(RetentionRule rule, LocalDate day) {
        return DueDates.due(rule, day, List.of(), TODAY);
    }

    static RetentionRule collected(String period) {
        return RetentionRule.of(Period.parse(period), RetentionAnchor.COLLECTION);
    }

    static ServiceDelivered service(String key, LocalDate endedOn) {
        return new ServiceDelivered(
                UUID.randomUUID(), UUID.randomUUID(), key, null, LocalDate.of(2020, 1, 1), endedOn, null, null);
    }

    @Test
    void monthEndsClampAndLeapDaysFallBack() {
        assertThat(due(collected("P1M"), LocalDate.of(2026, 1, 31)).dueOn()).isEqualTo(LocalDate.of(2026, 2, 28));
        assertThat(due(collected("P1M"), LocalDate.of(2024, 1, 31)).dueOn()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(due(collected("P1Y"), LocalDate.of(2024, 2, 29)).dueOn()).isEqualTo(LocalDate.of(2025, 2, 28));
        assertThat(due(collected("P4Y"), LocalDate.of(2024, 2, 29)).dueOn()).isEqualTo(LocalDate.of(2028, 2, 29));
        assertThat(due(collected("P6M"), LocalDate.of(2026, 8, 31)).dueOn()).isEqualTo(LocalDate.of(2027, 2, 28));
        assertThat(due(collected("P30D"), LocalDate.of(2026, 12, 15)).dueOn()).isEqualTo(LocalDate.of(2027, 1, 14));
        // The timestamp is the anchor whatever the rule names: the connector maps its retention column to it.
        assertThat(due(RetentionRule.of(Period.ofYears(7), RetentionAnchor.INVOICE_DATE), LocalDate.of(2017, 1, 31))
                        .dueOn())
                .isEqualTo(LocalDate.of(2024, 1, 31));
    }

    @Test
    void overdueFromTheDueDayOn() {
        assertThat(due(collected("P1M"), TODAY.minusMonths(1)).overdue()).isTrue();
        assertThat(due(collected("P1M"), TODAY.minusMonths(1).plusDays(1)).overdue())
                .isFalse();
        assertThat(due(collected("P1M"), TODAY.minusMonths(1).plusDays(1)).dueOn())
                .isEqualTo(TODAY.plusDays(1));
    }

    @Test
    void daysCountInAmsterdamForCallsToo() {
        // 23:30 UTC on 28 March 2026 is 00:30 on 29 March in Amsterdam, the night the clocks go forward: a call then
        // counts from the 29th like any other data (traffic expiry deletes that part of the 28 March UTC partition by
        // row; see TrafficDataStore).
        Instant spring = Instant.parse("2026-03-28T23:30:00Z");
        assertThat(DueDates.eventDay(spring)).isEqualTo(LocalDate.of(2026, 3, 29));
        assertThat(due(collected("P1M"), DueDates.eventDay(spring)).dueOn()).isEqualTo(LocalDate.of(2026, 4, 29));
        assertThat(due(collected("P6M"), DueDates.eventDay(spring)).dueOn()).isEqualTo(LocalDate.of(2026, 9, 29));
        // 22:30 UTC on 24 October 2026 is 00:30 CEST on the 25th; 23:30 UTC on the 25th is already the 26th (CET).
        assertThat(DueDates.eventDay(Instant.parse("2026-10-24T22:30:00Z"))).isEqualTo(LocalDate.of(2026, 10, 25));
        assertThat(DueDates.eventDay(Instant.parse("2026-10-25T00:30:00Z"))).isEqualTo(LocalDate.of(2026, 10, 25));
        assertThat(DueDates.eventDay(Instant.parse("2026-10-25T22:59:59Z"))).isEqualTo(LocalDate.of(2026, 10, 25));
        assertThat(DueDates.eventDay(Instant.parse("2026-10-25T23:00:00Z"))).isEqualTo(LocalDate.of(2026, 10, 26));
        // A leap-day call at 00:30 Amsterdam time counts from 29 February: a year later is 28 February.
        Instant leap = Instant.parse("2024-02-28T23:30:00Z");
        assertThat(DueDates.eventDay(leap)).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(due(collected("P1Y"), DueDates.eventDay(leap)).dueOn()).isEqualTo(LocalDate.of(2025, 2, 28));
        assertThat(due(collected("P1Y"), DueDates.eventDay(Instant.parse("2024-02-29T12:00:00Z")))
                        .dueOn())
                .isEqualTo(LocalDate.of(2025, 2, 28));
    }

    @Test
    void endOfServiceRulesWaitForEveryServiceToEnd() {
        RetentionRule until = RetentionRule.untilEndOfService();
        RetentionRule afterEnd = RetentionRule.of(Period.ofMonths(1), RetentionAnchor.END_OF_SERVICE);
        LocalDate day = LocalDate.of(2025, 1, 1);
        List<ServiceDelivered> ended =
                List.of(service("voip", LocalDate.of(2025, 12, 31)), service("voip", LocalDate.of(2026, 1, 31)));
        assertThat(DueDates.due(until, day, ended, TODAY).dueOn()).isEqualTo(LocalDate.of(2026, 1, 31));
        assertThat(DueDates.due(until, day, ended, TODAY).overdue()).isTrue();
        assertThat(DueDates.due(afterEnd, day, ended, TODAY).dueOn()).isEqualTo(LocalDate.of(2026, 2, 28));
        List<ServiceDelivered> oneRunning = List.of(service("voip", LocalDate.of(2025, 12, 31)), service("voip", null));
        assertThat(DueDates.due(until, day, oneRunning, TODAY).unknown()).isEqualTo(Unknown.SERVICE_RUNNING);
        assertThat(DueDates.due(afterEnd, day, List.of(), TODAY).unknown()).isEqualTo(Unknown.SERVICE_UNKNOWN);
        assertThat(DueDates.due(RetentionRule.of(Period.ofYears(1), RetentionAnchor.END_OF_CONTRACT), day, ended, TODAY)
                        .dueOn())
                .isEqualTo(LocalDate.of(2027, 1, 31));
    }

    @Test
    void saysWhyWhenNoDateCanBeGiven() {
        LocalDate day = LocalDate.of(2026, 1, 1);
        RetentionRule byClient = new RetentionRule(
                RetentionRule.Kind.SET_BY_CLIENT,
                Period.ofDays(30),
                RetentionAnchor.COLLECTION,
                Period.ofYears(1),
                null);
        RetentionRule textOnly = new RetentionRule(
                RetentionRule.Kind.UNSPECIFIED, null, null, null, new Text("Zolang nodig", "As needed"));
        assertThat(due(byClient, day)).isEqualTo(new Due(null, false, Unknown.SET_BY_CLIENT));
        assertThat(due(textOnly, day)).isEqualTo(new Due(null, false, Unknown.TEXT_ONLY));
        assertThat(due(RetentionRule.of(Period.ofDays(30), RetentionAnchor.REQUEST_CLOSED), day)
                        .unknown())
                .isEqualTo(Unknown.REQUEST_CLOSED);
        assertThat(due(collected("P1Y"), null).unknown()).isEqualTo(Unknown.NO_TIMESTAMP);

        DueDates withoutRegister = new DueDates(
                Optional.empty(), List.of(), Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC));
        assertThat(withoutRegister.rule("telecom.traffic_data", null)).isEmpty();
        assertThat(withoutRegister.dueAt(Optional.empty(), Instant.parse("2026-01-01T00:00:00Z")))
                .isEqualTo(new Due(null, false, Unknown.NO_REGISTER));
        assertThat(withoutRegister.registerVersion()).isZero();
    }

    @Test
    void earliestOfSeveralIgnoresTheUnknown() {
        Due late = Due.on(LocalDate.of(2027, 1, 1), TODAY);
        Due early = Due.on(LocalDate.of(2026, 1, 1), TODAY);
        assertThat(DueDates.earliest(List.of(late, Due.unknown(Unknown.SET_BY_CLIENT), early)))
                .hasValue(early);
        assertThat(early.overdue()).isTrue();
        assertThat(DueDates.earliest(List.of(Due.unknown(Unknown.TEXT_ONLY)))).isEmpty();
    }
}
