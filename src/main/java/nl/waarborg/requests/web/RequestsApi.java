package nl.waarborg.requests.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.requests.Deadline;
import nl.waarborg.requests.RequestState;
import nl.waarborg.requests.RequestType;
import nl.waarborg.requests.RequestsException;
import nl.waarborg.requests.internal.DataSubjectRequest;
import nl.waarborg.requests.internal.QueueLine;
import nl.waarborg.requests.internal.RequestDesk;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Data-subject requests: receive them (staff entry, a provider's own site or app), find them, move them on. */
@RestController
@RequestMapping("/api/v1/requests")
class RequestsApi {

    private final RequestDesk desk;
    private final nl.waarborg.requests.internal.Consultations consultations;

    private final nl.waarborg.requests.internal.AccessPackages packages;
    private final nl.waarborg.requests.internal.Erasures erasures;
    private final nl.waarborg.requests.internal.ProcessingRights rights;
    private final nl.waarborg.requests.internal.ProcessingBlocks blockIndex;
    private final nl.waarborg.requests.internal.Rectifications rectifications;
    private final nl.waarborg.requests.internal.Transmissions transmissions;
    private final nl.waarborg.requests.internal.RecipientNotices notices;

    RequestsApi(
            RequestDesk desk,
            nl.waarborg.requests.internal.Consultations consultations,
            nl.waarborg.requests.internal.AccessPackages packages,
            nl.waarborg.requests.internal.Erasures erasures,
            nl.waarborg.requests.internal.ProcessingRights rights,
            nl.waarborg.requests.internal.ProcessingBlocks blockIndex,
            nl.waarborg.requests.internal.Rectifications rectifications,
            nl.waarborg.requests.internal.Transmissions transmissions,
            nl.waarborg.requests.internal.RecipientNotices notices) {
        this.rectifications = rectifications;
        this.transmissions = transmissions;
        this.notices = notices;
        this.erasures = erasures;
        this.rights = rights;
        this.blockIndex = blockIndex;
        this.desk = desk;
        this.consultations = consultations;
        this.packages = packages;
    }

    /** What an erasure did per place, what it kept and why. */
    record ErasureView(
            boolean complete,
            boolean subjectForgotten,
            List<PlaceView> places,
            List<nl.waarborg.requests.internal.Erasures.Kept> kept,
            String text) {}

    /** One place's part of a right carried out; never personal data. */
    record PlaceView(String place, String status, long affected, String reference, String detail) {
        static PlaceView of(nl.waarborg.subjects.StoreResult r) {
            return new PlaceView(r.store(), r.status().name(), r.affected(), r.reference(), r.detail());
        }
    }

    /**
     * Erases the verified requester's data in every place, keeping (restricted) what a legal duty or hold still
     * requires; places that finish later are pending, and calling this again asks only them.
     */
    @PostMapping("/{reference}/erasure")
    @PreAuthorize("hasAuthority('requests:write')")
    ErasureView erase(@PathVariable String reference) {
        var o = erasures.erase(reference);
        return new ErasureView(
                o.complete(),
                o.subjectForgotten(),
                o.places().stream().map(PlaceView::of).toList(),
                o.kept(),
                o.text());
    }

    /** What a restriction, objection or consent withdrawal did. */
    record RightView(List<PlaceView> places, String text) {
        static RightView of(nl.waarborg.requests.internal.ProcessingRights.Outcome o) {
            return new RightView(o.places().stream().map(PlaceView::of).toList(), o.text());
        }
    }

    record Objection(Boolean marketing, List<String> categories, String compellingGrounds) {}

    record Categories(List<String> categories) {}

    record Reason(String reason) {}

    /**
     * Restricts the person's data in every place and in the index other systems ask (Art. 18): all of it, or the
     * register rows in {@code categories}.
     */
    @PostMapping("/{reference}/restriction")
    @PreAuthorize("hasAuthority('requests:write')")
    RightView restrict(@PathVariable String reference, @RequestBody(required = false) Categories body) {
        return RightView.of(rights.restrict(reference, body == null ? null : body.categories()));
    }

    /** Tells the person, by letter, that the restriction will be lifted and why (Art. 18(3)); required before lifting. */
    @PostMapping("/{reference}/restriction/lift-notice")
    @PreAuthorize("hasAuthority('requests:write')")
    RequestView announceLift(@PathVariable String reference, @RequestBody(required = false) Reason body) {
        rights.announceLift(reference, body == null ? null : body.reason());
        return view(desk.show(reference));
    }

    @PostMapping("/{reference}/restriction/lift")
    @PreAuthorize("hasAuthority('requests:write')")
    RightView lift(@PathVariable String reference, @RequestBody(required = false) Lift body) {
        return RightView.of(rights.lift(reference, body == null ? null : body.postedOn()));
    }

    /** @param postedOn for a notice that went by post: the day staff posted it */
    record Lift(java.time.LocalDate postedOn) {}

    /** An objection (Art. 21): to direct marketing (for good) and/or to categories on legitimate interest. */
    @PostMapping("/{reference}/objection")
    @PreAuthorize("hasAuthority('requests:write')")
    RightView object(@PathVariable String reference, @RequestBody(required = false) Objection body) {
        Objection o = body == null ? new Objection(null, null, null) : body;
        return RightView.of(
                rights.object(reference, Boolean.TRUE.equals(o.marketing()), o.categories(), o.compellingGrounds()));
    }

    /** Withdraws consent for the listed categories, or for every category on consent when none are listed. */
    @PostMapping("/{reference}/consent-withdrawal")
    @PreAuthorize("hasAuthority('requests:write')")
    RightView withdrawConsent(@PathVariable String reference, @RequestBody(required = false) Categories body) {
        return RightView.of(rights.withdrawConsent(reference, body == null ? null : body.categories()));
    }

    /** The restrictions, objections and withdrawn consents this request placed in the index. */
    @GetMapping("/{reference}/blocks")
    @PreAuthorize("hasAuthority('requests:read')")
    List<nl.waarborg.requests.internal.ProcessingBlocks.Block> blocks(@PathVariable String reference) {
        return blockIndex.of(desk.show(reference).id());
    }

    record Correction(String category, String field, String value) {}

    record Destination(String url) {}

    record Told(String how) {}

    /** Applies a correction (Art. 16) in every place that keeps the data; the recipients are told (Art. 19). */
    @PostMapping("/{reference}/rectification")
    @PreAuthorize("hasAuthority('requests:write')")
    RightView rectify(@PathVariable String reference, @RequestBody(required = false) Correction body) {
        Correction c = body == null ? new Correction(null, null, null) : body;
        var o = rectifications.rectify(reference, c.category(), c.field(), c.value());
        return new RightView(o.places().stream().map(PlaceView::of).toList(), o.text());
    }

    /** Sends the portable data straight to another provider over HTTPS (Art. 20(2)); never twice. */
    @PostMapping("/{reference}/portability/transmission")
    @PreAuthorize("hasAuthority('requests:write')")
    nl.waarborg.requests.internal.Transmissions.Sent transmit(
            @PathVariable String reference, @RequestBody(required = false) Destination body) {
        return transmissions.transmit(reference, body == null ? null : body.url());
    }

    /** The recipients to tell of a rectification, erasure or restriction (Art. 19), and whether they were. */
    @GetMapping("/{reference}/recipient-notices")
    @PreAuthorize("hasAuthority('requests:read')")
    List<nl.waarborg.requests.internal.RecipientNotices.Notice> notices(@PathVariable String reference) {
        return notices.of(desk.show(reference).id());
    }

    @PostMapping("/{reference}/recipient-notices/{id}/told")
    @PreAuthorize("hasAuthority('requests:write')")
    nl.waarborg.requests.internal.RecipientNotices.Notice told(
            @PathVariable String reference, @PathVariable java.util.UUID id, @RequestBody(required = false) Told body) {
        return notices.told(desk.show(reference).id(), id, body == null ? null : body.how());
    }

    /** What a prepared access package holds, without the data. */
    record PackageView(
            java.util.UUID id,
            java.time.Instant expiresAt,
            long sizeBytes,
            long items,
            int recordings,
            int unreadableRecordings,
            List<String> categories,
            int consultationDays,
            boolean complete,
            List<nl.waarborg.requests.internal.AccessPackages.Place> places) {}

    /**
     * Prepares the access package of a verified request asking for access or portability and keeps it, sealed, for
     * the requester to download once the request is answered (the answer's letter carries the link).
     */
    @PostMapping("/{reference}/package")
    @PreAuthorize("hasAuthority('requests:write')")
    PackageView preparePackage(@PathVariable String reference) {
        var p = packages.prepare(reference);
        var b = p.built();
        return new PackageView(
                p.id(),
                p.expiresAt(),
                p.sizeBytes(),
                b.items(),
                b.recordings(),
                b.unreadableRecordings(),
                b.categories(),
                b.consultationDays(),
                b.complete(),
                b.places());
    }

    /**
     * The access package as a ZIP, built now and not kept: for an answer sent by post ({@code ./waarborg request
     * package REF --out FILE}). Every place's export is audited with the request as purpose.
     */
    @GetMapping(value = "/{reference}/package", produces = "application/zip")
    @PreAuthorize("hasAuthority('requests:write')")
    org.springframework.http.ResponseEntity<byte[]> packageZip(@PathVariable String reference) {
        var built = packages.build(reference);
        return nl.waarborg.web.Downloads.attachment("application/zip", "request-" + reference + ".zip")
                .header(org.springframework.http.HttpHeaders.CACHE_CONTROL, "no-store")
                .body(built.zip());
    }

    /**
     * For an access answer: on which days the requester's data was consulted and why (CJEU C-579/21), from the audit
     * trail, without the staff members' identities. Only for a verified request; reading it is audited.
     */
    @GetMapping("/{reference}/consultations")
    @PreAuthorize("hasAuthority('requests:read')")
    List<nl.waarborg.requests.internal.Consultations.Consultation> consultations(@PathVariable String reference) {
        DataSubjectRequest r = desk.show(reference);
        if (r.verification() == null) {
            throw new RequestsException(
                    Kind.CONFLICT,
                    "request-state",
                    "state",
                    "the consultations of a person's data are only given once the request is verified");
        }
        return consultations.of(r);
    }

    /** One line of the queue, with the days left (negative when overdue). */
    record Line(
            String reference,
            String state,
            String channel,
            Set<RequestType> rights,
            LocalDate receivedOn,
            LocalDate dueOn,
            long daysLeft,
            boolean overdue,
            boolean paused,
            int extensionMonths,
            String assignee,
            boolean duplicate) {}

    /**
     * The queue, soonest due first. {@code state} repeats or is left out for every open state; {@code assignee=} (empty)
     * lists the unassigned ones.
     */
    @GetMapping
    @PreAuthorize("hasAuthority('requests:read')")
    List<Line> queue(
            @RequestParam(required = false) List<String> state,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String assignee,
            @RequestParam(defaultValue = "200") int limit) {
        Set<RequestState> states = EnumSet.noneOf(RequestState.class);
        if (state != null) {
            for (String s : state) {
                states.add(parse(RequestState.class, "state", s));
            }
        }
        RequestType t = type == null || type.isBlank() ? null : parse(RequestType.class, "type", type);
        return desk.queue(states, t, assignee, limit).stream().map(this::line).toList();
    }

    private Line line(QueueLine l) {
        long left = desk.daysLeft(l);
        return new Line(
                l.reference(),
                l.state().name(),
                l.channel().name(),
                l.rights(),
                l.receivedOn(),
                desk.dueOn(l),
                left,
                l.state().isOpen() && left < 0,
                l.pausedSince() != null,
                l.extensionMonths(),
                l.assignee(),
                l.duplicate());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('requests:write')")
    RequestView submit(@RequestBody(required = false) RequestDesk.NewRequest body) {
        return view(desk.submit(body));
    }

    @GetMapping("/{reference}")
    @PreAuthorize("hasAuthority('requests:read')")
    RequestView show(@PathVariable String reference) {
        return view(desk.show(reference));
    }

    /** The due date of a request received on {@code received}, with the days passed over and why. */
    @GetMapping("/deadline")
    @PreAuthorize("hasAuthority('requests:read')")
    Deadline deadline(
            @RequestParam(required = false) String received,
            @RequestParam(defaultValue = "0") int extensionMonths,
            @RequestParam(defaultValue = "0") int pausedDays) {
        if (received == null || received.isBlank()) {
            throw new RequestsException(Kind.INVALID, "received", "give the day of receipt as YYYY-MM-DD");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(received.strip());
        } catch (DateTimeParseException e) {
            throw new RequestsException(Kind.INVALID, "received", "received must be a date as YYYY-MM-DD that exists");
        }
        if (day.getYear() < 2000 || day.getYear() > 2200) {
            throw new RequestsException(Kind.INVALID, "received", "received lies outside the years 2000 to 2200");
        }
        if (extensionMonths < 0 || extensionMonths > 2) {
            throw new RequestsException(Kind.INVALID, "extensionMonths", "an extension is 0, 1 or 2 months");
        }
        if (pausedDays < 0 || pausedDays > 366) {
            throw new RequestsException(Kind.INVALID, "pausedDays", "paused days lie between 0 and 366");
        }
        return desk.deadline(day, extensionMonths, pausedDays);
    }

    record Note(String note) {}

    record Verification(String method, String note) {}

    /** @param refusedInPart what was not done and why, for an answer that refuses part of the request */
    record Answer(String summary, String refusedInPart) {}

    record Refusal(String reasons) {}

    record Closing(String reason) {}

    record Extension(Integer months, String reason) {}

    record Assignment(String assignee) {}

    record NoteText(String text) {}

    record Instruction(String instruction) {}

    /** What a client organisation that controls part of the data instructed (the request was forwarded to it). */
    @PostMapping("/{reference}/forwards/{clientKey}/instruction")
    @PreAuthorize("hasAuthority('requests:write')")
    RequestView instruction(
            @PathVariable String reference,
            @PathVariable String clientKey,
            @RequestBody(required = false) Instruction body) {
        return view(desk.instruction(
                reference, clientKey, required(body, "instruction").instruction()));
    }

    @PostMapping("/{reference}/verification-requests")
    @PreAuthorize("hasAuthority('requests:write')")
    RequestView requestVerification(@PathVariable String reference, @RequestBody(required = false) Note body) {
        return view(desk.requestVerification(reference, body == null ? null : body.note()));
    }

    @PostMapping("/{reference}/verification")
    @PreAuthorize("hasAuthority('requests:write')")
    RequestView verify(@PathVariable String reference, @RequestBody(required = false) Verification body) {
        Verification v = required(body, "method");
        return view(desk.verify(reference, v.method(), v.note()));
    }

    @PostMapping("/{reference}/start")
    @PreAuthorize("hasAuthority('requests:write')")
    RequestView start(@PathVariable String reference) {
        return view(desk.start(reference));
    }

    @PostMapping("/{reference}/answer")
    @PreAuthorize("hasAuthority('requests:write')")
    RequestView answer(@PathVariable String reference, @RequestBody(required = false) Answer body) {
        Answer a = required(body, "summary");
        return view(desk.answer(reference, a.summary(), a.refusedInPart()));
    }

    @PostMapping("/{reference}/refusal")
    @PreAuthorize("hasAuthority('requests:write')")
    RequestView refuse(@PathVariable String reference, @RequestBody(required = false) Refusal body) {
        return view(desk.refuse(reference, required(body, "reasons").reasons()));
    }

    @PostMapping("/{reference}/withdrawal")
    @PreAuthorize("hasAuthority('requests:write')")
    RequestView withdraw(@PathVariable String reference, @RequestBody(required = false) Note body) {
        return view(desk.withdraw(reference, body == null ? null : body.note()));
    }

    @PostMapping("/{reference}/closing-unverified")
    @PreAuthorize("hasAuthority('requests:write')")
    RequestView closeUnverified(@PathVariable String reference, @RequestBody(required = false) Closing body) {
        return view(desk.closeUnverified(reference, required(body, "reason").reason()));
    }

    @PostMapping("/{reference}/extension")
    @PreAuthorize("hasAuthority('requests:write')")
    RequestView extend(@PathVariable String reference, @RequestBody(required = false) Extension body) {
        Extension e = required(body, "months");
        return view(desk.extend(reference, e.months(), e.reason()));
    }

    @PostMapping("/{reference}/assignment")
    @PreAuthorize("hasAuthority('requests:write')")
    RequestView assign(@PathVariable String reference, @RequestBody(required = false) Assignment body) {
        return view(desk.assign(reference, required(body, "assignee").assignee()));
    }

    @PostMapping("/{reference}/notes")
    @PreAuthorize("hasAuthority('requests:write')")
    RequestView note(@PathVariable String reference, @RequestBody(required = false) NoteText body) {
        return view(desk.note(reference, required(body, "text").text()));
    }

    private RequestView view(DataSubjectRequest r) {
        return RequestView.of(
                r, desk.deadline(r), desk.today(), desk.duplicateReference(r), desk.letters(r), desk.forwards(r));
    }

    private static <T> T required(T body, String field) {
        if (body == null) {
            throw new RequestsException(Kind.INVALID, field, "this step needs a JSON body with " + field);
        }
        return body;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new RequestsException(
                    Kind.INVALID,
                    field,
                    field + " must be one of "
                            + String.join(
                                    ", ",
                                    java.util.Arrays.stream(type.getEnumConstants())
                                            .map(Enum::name)
                                            .toList()));
        }
    }
}
