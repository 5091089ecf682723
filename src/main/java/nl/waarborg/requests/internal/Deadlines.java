package nl.waarborg.requests.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.waarborg.requests.Deadline;
import org.springframework.stereotype.Component;

/** Counts the legal deadline of a request on the configured holiday calendar. */
@Component
public class Deadlines {

    /** The law allows at most two months on top of the first (Art. 12(3) GDPR). */
    public static final int MAX_EXTENSION_MONTHS = 2;

    private final HolidayCalendar calendar;

    Deadlines(HolidayCalendar calendar) {
        this.calendar = calendar;
    }

    public Deadline due(LocalDate receivedOn, int extensionMonths, int pausedDays) {
        if (extensionMonths < 0 || extensionMonths > MAX_EXTENSION_MONTHS) {
            throw new IllegalArgumentException("an extension is 0, 1 or 2 months");
        }
        if (pausedDays < 0) {
            throw new IllegalArgumentException("paused days cannot be negative");
        }
        // plusMonths keeps the day of the month and falls back to the month's last day: EDPB 01/2022 counting.
        LocalDate counted = receivedOn.plusMonths(1L + extensionMonths).plusDays(pausedDays);
        LocalDate due = counted;
        List<Deadline.SkippedDay> skipped = new ArrayList<>();
        for (Optional<String> closed = calendar.closed(due); closed.isPresent(); closed = calendar.closed(due)) {
            skipped.add(new Deadline.SkippedDay(due, closed.get()));
            due = due.plusDays(1);
        }
        return new Deadline(receivedOn, extensionMonths, pausedDays, counted, due, skipped);
    }

    public HolidayCalendar calendar() {
        return calendar;
    }
}
