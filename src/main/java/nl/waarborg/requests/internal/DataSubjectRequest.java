package nl.waarborg.requests.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.requests.Channel;
import nl.waarborg.requests.Deadline;
import nl.waarborg.requests.RequestState;
import nl.waarborg.requests.RequestStateChanged;
import nl.waarborg.requests.RequestType;
import nl.waarborg.requests.RequestsException;
import nl.waarborg.requests.VerificationMethod;

/**
 * A data-subject request: the aggregate that alone moves itself from state to state. Each transition checks that the
 * current state allows it, records a history entry and registers an event that {@link RequestDesk} publishes after
 * storing. The deadline is derived from the recorded facts (receipt, pause, extension), never typed in.
 */
public final class DataSubjectRequest {

    /** One entry of the history: a transition, an extension, an assignment, a link or a note. */
    public record Entry(Instant at, String kind, RequestState from, RequestState to, String actor, String text) {}

    /** What the requester gave and how the request came in; fixed once received. */
    public record Intake(
            Channel channel,
            Instant receivedAt,
            LocalDate receivedOn,
            Instant enteredAt,
            Set<RequestType> rights,
            String language,
            String requesterName,
            String contactEmail,
            String contactPhone,
            String postalAddress,
            String description,
            List<String> identifiers) {

        public Intake {
            // In the law's order (the enum's), whatever order they were given in.
            rights = java.util.Collections.unmodifiableSet(
                    rights.isEmpty() ? EnumSet.noneOf(RequestType.class) : EnumSet.copyOf(rights));
            identifiers = List.copyOf(identifiers);
        }
    }

    private final UUID id;
    private final String reference;
    private final Intake intake;
    private final Integer registerVersion;
    private final Set<UUID> subjects;
    private RequestState state;
    private String assignee;
    private UUID duplicateOf;
    private int extensionMonths;
    private String extensionReason;
    private int pausedDays;
    private LocalDate pausedSince;
    private LocalDate dueOn;
    private VerificationMethod verification;
    private Instant verifiedAt;
    private String outcome;
    private Instant closedAt;
    private final int version;
    private final List<Entry> history;
    private final List<Entry> added = new ArrayList<>();
    private final List<Object> events = new ArrayList<>();
    /** Transient: the part an answer refused, for the letter of that step. */
    private String refusedInPart;

    DataSubjectRequest(
            UUID id,
            String reference,
            Intake intake,
            Integer registerVersion,
            Set<UUID> subjects,
            RequestState state,
            String assignee,
            UUID duplicateOf,
            int extensionMonths,
            String extensionReason,
            int pausedDays,
            LocalDate pausedSince,
            LocalDate dueOn,
            VerificationMethod verification,
            Instant verifiedAt,
            String outcome,
            Instant closedAt,
            int version,
            List<Entry> history) {
        this.id = id;
        this.reference = reference;
        this.intake = intake;
        this.registerVersion = registerVersion;
        this.subjects = Set.copyOf(new LinkedHashSet<>(subjects));
        this.state = state;
        this.assignee = assignee;
        this.duplicateOf = duplicateOf;
        this.extensionMonths = extensionMonths;
        this.extensionReason = extensionReason;
        this.pausedDays = pausedDays;
        this.pausedSince = pausedSince;
        this.dueOn = dueOn;
        this.verification = verification;
        this.verifiedAt = verifiedAt;
        this.outcome = outcome;
        this.closedAt = closedAt;
        this.version = version;
        this.history = new ArrayList<>(history);
    }

    /** A request just received: its deadline counted from the day of receipt. */
    static DataSubjectRequest receive(
            UUID id,
            String reference,
            Intake intake,
            Integer registerVersion,
            Set<UUID> subjects,
            Deadlines deadlines,
            String actor) {
        DataSubjectRequest r = new DataSubjectRequest(
                id,
                reference,
                intake,
                registerVersion,
                subjects,
                RequestState.RECEIVED,
                null,
                null,
                0,
                null,
                0,
                null,
                deadlines.due(intake.receivedOn(), 0, 0).dueOn(),
                null,
                null,
                null,
                null,
                0,
                List.of());
        r.record(new Entry(
                intake.enteredAt(),
                "RECEIVED",
                null,
                RequestState.RECEIVED,
                actor,
                intake.channel().name()));
        return r;
    }

    /**
     * Asks the requester for identity information. Asked without delay — within {@code askDays} of receipt — the clock
     * stands still from today until it arrives; asked later, the deadline stays where it is (Art. 12(3)).
     */
    void requestVerification(Instant at, LocalDate today, String actor, String note, int askDays) {
        require("ask for identity information", RequestState.RECEIVED);
        if (withoutDelay(today, askDays)) {
            pausedSince = today;
        }
        move(at, RequestState.AWAITING_VERIFICATION, "VERIFICATION_REQUESTED", actor, note);
    }

    /** Whether identity information asked today is asked without delay: the clock may stand still for it. */
    boolean withoutDelay(LocalDate today, int askDays) {
        return !today.isAfter(intake.receivedOn().plusDays(askDays));
    }

    /**
     * Asks for an identity document, only for a reasonable doubt that staff record (EDPB 01/2022 §73–79): the clock
     * stands still as for any identity information asked.
     */
    void requestDocument(Instant at, LocalDate today, String actor, String doubt, int askDays) {
        require("ask for an identity document", RequestState.RECEIVED, RequestState.AWAITING_VERIFICATION);
        String why = text(
                "doubt", doubt, "an identity document may only be asked for a reasonable doubt: record that doubt");
        if (pausedSince == null && state == RequestState.RECEIVED && withoutDelay(today, askDays)) {
            pausedSince = today;
        }
        if (state == RequestState.RECEIVED) {
            move(at, RequestState.AWAITING_VERIFICATION, "DOCUMENT_REQUESTED", actor, why);
        } else {
            record(new Entry(at, "DOCUMENT_REQUESTED", state, state, actor, why));
        }
    }

    /** Whether staff asked for an identity document (the portal takes one only then). */
    boolean documentRequested() {
        return state == RequestState.AWAITING_VERIFICATION
                && history.stream().anyMatch(e -> e.kind().equals("DOCUMENT_REQUESTED"));
    }

    /** The identity information asked for has arrived: the clock runs again while staff look at it. */
    void documentReceived(Instant at, LocalDate today, String actor, Deadlines deadlines) {
        require("receive an identity document for", RequestState.AWAITING_VERIFICATION);
        resume(today, deadlines);
        record(new Entry(at, "DOCUMENT_RECEIVED", state, state, actor, null));
    }

    void verify(
            Instant at, LocalDate today, VerificationMethod method, String actor, String note, Deadlines deadlines) {
        require("record the identity as checked", RequestState.RECEIVED, RequestState.AWAITING_VERIFICATION);
        if (method == null) {
            throw new RequestsException(Kind.INVALID, "method", "say how the identity was checked");
        }
        if (method == VerificationMethod.IDENTITY_DOCUMENT && (note == null || note.isBlank())) {
            throw new RequestsException(
                    Kind.INVALID,
                    "note",
                    "an identity document may only be asked for a reasonable doubt: record that doubt in the note");
        }
        resume(today, deadlines);
        verification = method;
        verifiedAt = at;
        move(at, RequestState.VERIFIED, "VERIFIED", actor, note);
    }

    void start(Instant at, String actor) {
        require("start the work", RequestState.VERIFIED);
        move(at, RequestState.IN_PROGRESS, "STARTED", actor, null);
    }

    void answer(Instant at, String actor, String summary) {
        answer(at, actor, summary, null);
    }

    /**
     * Checks that the request is open and asks for one of the rights, before a right is carried out; answers itself.
     */
    DataSubjectRequest requireOpenFor(RequestType... rights) {
        if (java.util.Arrays.stream(rights).noneMatch(intake.rights()::contains)) {
            throw new RequestsException(
                    Kind.CONFLICT,
                    "rights",
                    "request " + reference + " does not ask for "
                            + String.join(
                                    " or ",
                                    java.util.Arrays.stream(rights)
                                            .map(t -> t.name()
                                                    .toLowerCase(java.util.Locale.ROOT)
                                                    .replace('_', ' '))
                                            .toList()));
        }
        if (!state.isOpen()) {
            throw new RequestsException(
                    Kind.CONFLICT,
                    "state",
                    "request " + reference + " is " + state.name().toLowerCase().replace('_', ' '));
        }
        return this;
    }

    /**
     * A right carried out where the data lives (an access package prepared, data erased, restricted): recorded with
     * what was done per place; a verified request that was not started yet is started by it.
     */
    void carriedOut(Instant at, String actor, RequestType right, String text) {
        require("carry out a right for", RequestState.VERIFIED, RequestState.IN_PROGRESS);
        if (!intake.rights().contains(right)) {
            throw new RequestsException(
                    Kind.CONFLICT, "rights", "request " + reference + " does not ask for " + right.name());
        }
        if (state == RequestState.VERIFIED) {
            move(at, RequestState.IN_PROGRESS, "STARTED", actor, null);
        }
        record(new Entry(at, "CARRIED_OUT_" + right.name(), state, state, actor, text));
    }

    /**
     * Answers; with {@code refusedInPart} what was not done and why (a partial refusal, Art. 12(4) GDPR): its letter
     * adds the right to complain and to go to court.
     */
    void answer(Instant at, String actor, String summary, String refusedInPart) {
        require("answer", RequestState.VERIFIED, RequestState.IN_PROGRESS);
        String done = text("summary", summary, "say what was done and answered");
        String refused = refusedInPart == null || refusedInPart.isBlank()
                ? null
                : text("refusedInPart", refusedInPart, "say what was not done and why");
        this.refusedInPart = refused;
        outcome = refused == null ? done : done + "\n\n" + refused;
        closedAt = at;
        move(at, RequestState.ANSWERED, refused == null ? "ANSWERED" : "ANSWERED_IN_PART", actor, outcome);
    }

    /** What an answer refused, for its letter; null when nothing was. */
    String refusedInPart() {
        return refusedInPart;
    }

    /** A refusal always states its reasons (Art. 12(4) GDPR); the letter adds the right to complain and to go to court. */
    void refuse(Instant at, LocalDate today, String actor, String reasons, Deadlines deadlines) {
        requireOpen("refuse");
        outcome = text("reasons", reasons, "a refusal must give its reasons");
        resume(today, deadlines);
        closedAt = at;
        move(at, RequestState.REFUSED, "REFUSED", actor, outcome);
    }

    void withdraw(Instant at, LocalDate today, String actor, String note, Deadlines deadlines) {
        requireOpen("withdraw");
        resume(today, deadlines);
        closedAt = at;
        move(at, RequestState.WITHDRAWN, "WITHDRAWN", actor, note);
    }

    void closeUnverified(Instant at, LocalDate today, String actor, String reason, Deadlines deadlines) {
        require("close as unverified", RequestState.AWAITING_VERIFICATION);
        outcome = text("reason", reason, "say why the request is closed without verification");
        resume(today, deadlines);
        closedAt = at;
        move(at, RequestState.CLOSED_UNVERIFIED, "CLOSED_UNVERIFIED", actor, outcome);
    }

    /**
     * Extends the deadline by one or two months in all, only with a reason and only while the first month runs (the
     * requester must be told before it ends, Art. 12(3) GDPR).
     */
    void extend(Instant at, LocalDate today, int months, String actor, String reason, Deadlines deadlines) {
        requireOpen("extend");
        if (months < 1 || extensionMonths + months > Deadlines.MAX_EXTENSION_MONTHS) {
            throw new RequestsException(
                    Kind.INVALID,
                    "months",
                    "a request can be extended by at most two months in all"
                            + (extensionMonths > 0 ? "; it already has " + extensionMonths : ""));
        }
        String why = text("reason", reason, "an extension needs its reasons, which the requester is told");
        LocalDate firstMonth = deadlines
                .due(intake.receivedOn(), 0, pausedDays + runningPause(today))
                .dueOn();
        if (today.isAfter(firstMonth)) {
            throw new RequestsException(
                    Kind.REFUSED,
                    "extension-too-late",
                    "months",
                    "the first month ended on " + firstMonth
                            + ": an extension must be told to the requester within the first month");
        }
        extensionMonths += months;
        extensionReason = why;
        dueOn = deadlines.due(intake.receivedOn(), extensionMonths, pausedDays).dueOn();
        record(new Entry(at, "EXTENDED", state, state, actor, "+" + months + " — " + why));
    }

    void assign(Instant at, String actor, String to) {
        requireOpen("assign");
        assignee = to == null || to.isBlank() ? null : to.strip();
        record(new Entry(at, "ASSIGNED", state, state, actor, assignee));
    }

    /** Forwarded to the client organisation that controls part of the data (the provider is its processor). */
    void forwarded(Instant at, String actor, String text) {
        requireOpen("forward");
        record(new Entry(at, "FORWARDED", state, state, actor, text));
    }

    /** What the client organisation instructed for the part it controls. */
    void clientInstruction(Instant at, String actor, String text) {
        requireOpen("record a client's instruction for");
        record(new Entry(
                at, "CLIENT_INSTRUCTION", state, state, actor, text("instruction", text, "give the instruction")));
    }

    void note(Instant at, String actor, String text) {
        record(new Entry(at, "NOTE", state, state, actor, text("text", text, "a note needs text")));
    }

    /** Links this request to an earlier open one of the same person: both stay, neither is lost. */
    void duplicateOf(Instant at, DataSubjectRequest earlier, String actor) {
        duplicateOf = earlier.id;
        record(new Entry(at, "DUPLICATE_OF", state, state, actor, earlier.reference));
    }

    void duplicatedBy(Instant at, DataSubjectRequest later, String actor) {
        record(new Entry(at, "DUPLICATED_BY", state, state, actor, later.reference));
    }

    /** The deadline as the recorded facts give it; while paused, the days paused so far count as paused. */
    public Deadline deadline(Deadlines deadlines, LocalDate today) {
        return deadlines.due(intake.receivedOn(), extensionMonths, pausedDays + runningPause(today));
    }

    private int runningPause(LocalDate today) {
        return pausedSince == null ? 0 : (int) Math.max(0, ChronoUnit.DAYS.between(pausedSince, today));
    }

    private void resume(LocalDate today, Deadlines deadlines) {
        if (pausedSince != null) {
            pausedDays += runningPause(today);
            pausedSince = null;
            dueOn = deadlines
                    .due(intake.receivedOn(), extensionMonths, pausedDays)
                    .dueOn();
        }
    }

    private void move(Instant at, RequestState to, String kind, String actor, String text) {
        RequestState from = state;
        state = to;
        record(new Entry(at, kind, from, to, actor, text));
        events.add(new RequestStateChanged(id, reference, from, to, at));
    }

    private void record(Entry entry) {
        history.add(entry);
        added.add(entry);
    }

    private void require(String action, RequestState... allowed) {
        if (!EnumSet.of(allowed[0], allowed).contains(state)) {
            throw new RequestsException(
                    Kind.CONFLICT,
                    "request-state",
                    "state",
                    "cannot " + action + " a request that is "
                            + state.name().toLowerCase().replace('_', ' '));
        }
    }

    private void requireOpen(String action) {
        if (!state.isOpen()) {
            throw new RequestsException(
                    Kind.CONFLICT,
                    "request-state",
                    "state",
                    "cannot " + action + " a request that is "
                            + state.name().toLowerCase().replace('_', ' '));
        }
    }

    private static String text(String field, String value, String missing) {
        if (value == null || value.isBlank()) {
            throw new RequestsException(Kind.INVALID, field, missing);
        }
        String v = value.strip();
        if (v.length() > 10_000) {
            throw new RequestsException(Kind.INVALID, field, field + " is longer than 10,000 characters");
        }
        if (v.indexOf('\0') >= 0) {
            throw new RequestsException(Kind.INVALID, field, field + " contains a NUL character");
        }
        return v;
    }

    public UUID id() {
        return id;
    }

    public String reference() {
        return reference;
    }

    public Intake intake() {
        return intake;
    }

    public Integer registerVersion() {
        return registerVersion;
    }

    public Set<UUID> subjects() {
        return subjects;
    }

    public RequestState state() {
        return state;
    }

    public String assignee() {
        return assignee;
    }

    public UUID duplicateOf() {
        return duplicateOf;
    }

    public int extensionMonths() {
        return extensionMonths;
    }

    public String extensionReason() {
        return extensionReason;
    }

    public int pausedDays() {
        return pausedDays;
    }

    public LocalDate pausedSince() {
        return pausedSince;
    }

    public LocalDate dueOn() {
        return dueOn;
    }

    public VerificationMethod verification() {
        return verification;
    }

    public Instant verifiedAt() {
        return verifiedAt;
    }

    public String outcome() {
        return outcome;
    }

    public Instant closedAt() {
        return closedAt;
    }

    int version() {
        return version;
    }

    public List<Entry> history() {
        return List.copyOf(history);
    }

    List<Entry> added() {
        return List.copyOf(added);
    }

    List<Object> events() {
        return List.copyOf(events);
    }
}
