package nl.waarborg.requests;

import java.time.LocalDate;
import java.util.List;

/**
 * When a request must be answered, and how that day was found: one month after the day of receipt (Art. 12(3) GDPR,
 * counted as the EDPB does: 31 January gives 28 or 29 February), plus any extension and the days the clock was paused,
 * moved past Saturdays, Sundays and holidays (Algemene termijnenwet).
 *
 * @param receivedOn the day the request reached any channel (for a letter its postmark, for a call the day of the call)
 * @param extensionMonths 0, 1 or 2
 * @param pausedDays days the clock stood still while identity information was awaited
 * @param counted the day the months and paused days lead to, before moving past days that do not count
 * @param dueOn the last day to answer
 * @param skipped the days passed over between {@code counted} and {@code dueOn}, each with why
 */
public record Deadline(
        LocalDate receivedOn,
        int extensionMonths,
        int pausedDays,
        LocalDate counted,
        LocalDate dueOn,
        List<SkippedDay> skipped) {

    public Deadline {
        skipped = List.copyOf(skipped);
    }

    /** A day a deadline cannot end on: {@code saturday}, {@code sunday} or a holiday's key from the calendar. */
    public record SkippedDay(LocalDate date, String reason) {}
}
