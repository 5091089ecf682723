package nl.waarborg.requests.internal;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.requests.Channel;
import nl.waarborg.requests.RequestState;
import nl.waarborg.requests.RequestType;

/** One line of the staff queue: no personal data, only what the queue sorts and filters on. */
public record QueueLine(
        UUID id,
        String reference,
        RequestState state,
        Channel channel,
        Set<RequestType> rights,
        LocalDate receivedOn,
        LocalDate dueOn,
        LocalDate pausedSince,
        int pausedDays,
        int extensionMonths,
        String assignee,
        boolean duplicate) {

    public QueueLine {
        rights = java.util.Collections.unmodifiableSet(
                rights.isEmpty() ? java.util.EnumSet.noneOf(RequestType.class) : java.util.EnumSet.copyOf(rights));
    }
}
