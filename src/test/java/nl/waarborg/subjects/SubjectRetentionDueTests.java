package nl.waarborg.subjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import nl.waarborg.register.RetentionAnchor;
import nl.waarborg.subjects.internal.Model.StoredRecord;
import nl.waarborg.subjects.internal.RetentionDue;
import org.junit.jupiter.api.Test;

/** Due dates count from the anchor's Amsterdam date, clamp to month ends, and show nothing when unknown. */
class SubjectRetentionDueTests {

    static StoredRecord record(
            Instant collected, LocalDate invoice, LocalDate serviceEnded, String period, RetentionAnchor anchor) {
        return new StoredRecord(
                UUID.randomUUID(),
                "user.contact.email",
                false,
                "user.contact.email",
                List.of(),
                null,
                null,
                null,
                "test",
                null,
                Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2020-01-01T00:00:00Z"),
                collected,
                null,
                invoice,
                serviceEnded,
                period,
                anchor,
                false,
                null,
                null);
    }

    @Test
    void monthEndsClampAndLeapDaysFallBack() {
        assertThat(RetentionDue.dueOn(
                        record(null, LocalDate.of(2027, 1, 31), null, "P1M", RetentionAnchor.INVOICE_DATE)))
                .hasValue(LocalDate.of(2027, 2, 28));
        assertThat(RetentionDue.dueOn(
                        record(null, LocalDate.of(2028, 1, 31), null, "P1M", RetentionAnchor.INVOICE_DATE)))
                .hasValue(LocalDate.of(2028, 2, 29));
        assertThat(RetentionDue.dueOn(
                        record(null, LocalDate.of(2028, 2, 29), null, "P7Y", RetentionAnchor.INVOICE_DATE)))
                .hasValue(LocalDate.of(2035, 2, 28));
        assertThat(RetentionDue.dueOn(
                        record(null, null, LocalDate.of(2026, 8, 31), "P6M", RetentionAnchor.END_OF_SERVICE)))
                .hasValue(LocalDate.of(2027, 2, 28));
    }

    @Test
    void countsFromTheAmsterdamDateAcrossDaylightSavingChanges() {
        // 23:30 UTC on 28 March 2026 is 00:30 on 29 March in Amsterdam, the night the clocks go forward.
        StoredRecord spring =
                record(Instant.parse("2026-03-28T23:30:00Z"), null, null, "P6M", RetentionAnchor.COLLECTION);
        assertThat(RetentionDue.anchorDate(spring)).hasValue(LocalDate.of(2026, 3, 29));
        assertThat(RetentionDue.dueOn(spring)).hasValue(LocalDate.of(2026, 9, 29));
        // 22:30 UTC on 24 October 2026 is 00:30 CEST on 25 October, the night the clocks go back.
        StoredRecord autumn =
                record(Instant.parse("2026-10-24T22:30:00Z"), null, null, "P1M", RetentionAnchor.COLLECTION);
        assertThat(RetentionDue.dueOn(autumn)).hasValue(LocalDate.of(2026, 11, 25));
    }

    @Test
    void aRunningServiceOrAMissingPeriodHasNoDueDate() {
        assertThat(RetentionDue.dueOn(record(null, null, null, "P1Y", RetentionAnchor.END_OF_SERVICE)))
                .isEmpty();
        assertThat(RetentionDue.dueOn(record(Instant.now(Clock.systemUTC()), null, null, null, null)))
                .isEmpty();
    }

    @Test
    void isOverdueFromTheDueDayOnInAmsterdam() {
        StoredRecord r =
                record(null, LocalDate.of(2026, 2, 28), null, "P1M", RetentionAnchor.INVOICE_DATE); // due 28 March
        Clock lateOn27th = Clock.fixed(Instant.parse("2026-03-27T22:59:59Z"), RetentionDue.AMSTERDAM); // 23:59:59 CET
        Clock midnight = Clock.fixed(Instant.parse("2026-03-27T23:00:00Z"), RetentionDue.AMSTERDAM); // 00:00 on 28th
        assertThat(RetentionDue.isOverdue(r, lateOn27th)).isFalse();
        assertThat(RetentionDue.isOverdue(r, midnight)).isTrue();
    }
}
