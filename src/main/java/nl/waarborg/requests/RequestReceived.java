package nl.waarborg.requests;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

/** A request was received on any channel; carries references only, never the requester's details. */
public record RequestReceived(
        UUID requestId,
        String reference,
        Set<RequestType> rights,
        Channel channel,
        LocalDate receivedOn,
        LocalDate dueOn) {

    public RequestReceived {
        rights = java.util.Collections.unmodifiableSet(
                rights.isEmpty() ? java.util.EnumSet.noneOf(RequestType.class) : java.util.EnumSet.copyOf(rights));
    }
}
