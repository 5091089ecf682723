package nl.waarborg.requests.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.requests.Deadline;
import nl.waarborg.requests.RequestType;
import nl.waarborg.requests.internal.DataSubjectRequest;

/** A request as the API and the CLI show it: the requester's details, the deadline as counted, and the history. */
record RequestView(
        String reference,
        String state,
        String channel,
        Instant receivedAt,
        LocalDate receivedOn,
        Set<RequestType> rights,
        String language,
        Requester requester,
        String description,
        List<String> identifiers,
        Set<UUID> subjects,
        Integer registerVersion,
        String assignee,
        String duplicateOf,
        Deadline deadline,
        long daysLeft,
        boolean paused,
        String extensionReason,
        String verification,
        Instant verifiedAt,
        String outcome,
        Instant closedAt,
        List<DataSubjectRequest.Entry> history,
        List<LetterLine> letters,
        List<nl.waarborg.requests.internal.Forwards.Forward> forwards) {

    record Requester(String name, String email, String phone, String postalAddress) {}

    /** A letter of the request: what it was about and whether it went out. */
    record LetterLine(UUID id, String subject, String state, Instant createdAt, Instant sentAt) {}

    static RequestView of(
            DataSubjectRequest r,
            Deadline deadline,
            LocalDate today,
            String duplicateOf,
            List<nl.waarborg.mail.MailMessage> letters,
            List<nl.waarborg.requests.internal.Forwards.Forward> forwards) {
        DataSubjectRequest.Intake in = r.intake();
        return new RequestView(
                r.reference(),
                r.state().name(),
                in.channel().name(),
                in.receivedAt(),
                in.receivedOn(),
                in.rights(),
                in.language(),
                new Requester(in.requesterName(), in.contactEmail(), in.contactPhone(), in.postalAddress()),
                in.description(),
                in.identifiers(),
                r.subjects(),
                r.registerVersion(),
                r.assignee(),
                duplicateOf,
                deadline,
                java.time.temporal.ChronoUnit.DAYS.between(today, deadline.dueOn()),
                r.pausedSince() != null,
                r.extensionReason(),
                r.verification() == null ? null : r.verification().name(),
                r.verifiedAt(),
                r.outcome(),
                r.closedAt(),
                r.history(),
                letters.stream()
                        .map(m -> new LetterLine(m.id(), m.subject(), m.state().name(), m.createdAt(), m.sentAt()))
                        .toList(),
                forwards);
    }
}
