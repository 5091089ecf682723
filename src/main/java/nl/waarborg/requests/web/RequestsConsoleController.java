package nl.waarborg.requests.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import nl.waarborg.errors.DomainException;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.requests.Channel;
import nl.waarborg.requests.RequestState;
import nl.waarborg.requests.RequestType;
import nl.waarborg.requests.RequestsException;
import nl.waarborg.requests.VerificationMethod;
import nl.waarborg.requests.internal.DataSubjectRequest;
import nl.waarborg.requests.internal.QueueLine;
import nl.waarborg.requests.internal.RequestDesk;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The staff pages for requests: the queue with days left, a request with its history and the steps its state allows,
 * and the form for a letter, a call or a visit. Errors are shown in the page's language, naming the field.
 */
@Controller
class RequestsConsoleController {

    /** Fields and problem types the pages have a message for; anything else shows the domain's own text. */
    private static final Set<String> KNOWN = Set.of(
            "channel",
            "receivedOn",
            "rights",
            "email",
            "language",
            "method",
            "note",
            "summary",
            "reasons",
            "reason",
            "months",
            "text",
            "doubt",
            "refusedInPart",
            "instruction",
            "clientKey",
            "request-state",
            "request-changed",
            "extension-too-late",
            "lift-notice-not-sent",
            "lift-notice-not-posted",
            "postedOn");

    private final RequestDesk desk;
    private final nl.waarborg.requests.internal.IdentityDocuments documents;
    private final nl.waarborg.requests.internal.LetterPdf letterPdf;
    private final List<nl.waarborg.audit.ActorNames> actorNames;

    private final nl.waarborg.requests.internal.AccessPackages packages;
    private final nl.waarborg.requests.internal.Erasures erasures;
    private final nl.waarborg.requests.internal.ProcessingRights rights;
    private final nl.waarborg.requests.internal.ProcessingBlocks blockIndex;
    private final nl.waarborg.register.Registers registers;
    private final nl.waarborg.requests.internal.Rectifications rectifications;
    private final nl.waarborg.requests.internal.Transmissions transmissions;
    private final nl.waarborg.requests.internal.RecipientNotices notices;

    RequestsConsoleController(
            RequestDesk desk,
            nl.waarborg.requests.internal.IdentityDocuments documents,
            nl.waarborg.requests.internal.LetterPdf letterPdf,
            List<nl.waarborg.audit.ActorNames> actorNames,
            nl.waarborg.requests.internal.AccessPackages packages,
            nl.waarborg.requests.internal.Erasures erasures,
            nl.waarborg.requests.internal.ProcessingRights rights,
            nl.waarborg.requests.internal.ProcessingBlocks blockIndex,
            nl.waarborg.register.Registers registers,
            nl.waarborg.requests.internal.Rectifications rectifications,
            nl.waarborg.requests.internal.Transmissions transmissions,
            nl.waarborg.requests.internal.RecipientNotices notices) {
        this.rectifications = rectifications;
        this.transmissions = transmissions;
        this.notices = notices;
        this.packages = packages;
        this.erasures = erasures;
        this.rights = rights;
        this.blockIndex = blockIndex;
        this.registers = registers;
        this.desk = desk;
        this.documents = documents;
        this.letterPdf = letterPdf;
        this.actorNames = actorNames;
    }

    /** A letter of the request as a PDF to print and post; audited as an export. */
    @GetMapping("/console/requests/{reference}/letters/{id}.pdf")
    @PreAuthorize("hasAuthority('requests:read')")
    org.springframework.http.ResponseEntity<byte[]> letterPdf(
            @PathVariable String reference, @PathVariable java.util.UUID id) {
        byte[] pdf = letterPdf
                .render(reference, id)
                .orElseThrow(() -> new RequestsException(Kind.NOT_FOUND, "id", "this request has no such letter"));
        return nl.waarborg.web.Downloads.attachment("application/pdf", "letter-" + reference + ".pdf")
                .body(pdf);
    }

    /** The identity document, stamped, for the staff member deciding the verification; audited, never cached. */
    @GetMapping("/console/requests/{reference}/document")
    @PreAuthorize("hasAuthority('requests:write')")
    org.springframework.http.ResponseEntity<byte[]> document(@PathVariable String reference) {
        var document = documents
                .view(reference)
                .orElseThrow(() -> new RequestsException(Kind.NOT_FOUND, "document", "this request holds no document"));
        return org.springframework.http.ResponseEntity.ok()
                .contentType(org.springframework.http.MediaType.parseMediaType(document.mediaType()))
                .header("Content-Disposition", "inline; filename=\"identity-document\"")
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .body(document.bytes());
    }

    /** A queue line with its days left, as the page shows it. */
    record Row(QueueLine line, LocalDate dueOn, long daysLeft, boolean overdue) {}

    @GetMapping("/console/requests")
    @PreAuthorize("hasAuthority('requests:read')")
    String queue(
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String assignee,
            Model model) {
        RequestState s = option(RequestState.class, state);
        RequestType t = option(RequestType.class, type);
        String who = assignee == null || assignee.isBlank() || assignee.length() > 200 ? null : assignee.strip();
        List<Row> rows = desk.queue(s == null ? Set.of() : EnumSet.of(s), t, who, 500).stream()
                .map(l -> {
                    long left = desk.daysLeft(l);
                    return new Row(l, desk.dueOn(l), left, l.state().isOpen() && left < 0);
                })
                .toList();
        model.addAttribute("rows", rows);
        model.addAttribute("state", s == null ? "" : s.name());
        model.addAttribute("type", t == null ? "" : t.name());
        model.addAttribute("assignee", who == null ? "" : who);
        model.addAttribute("states", RequestState.values());
        model.addAttribute("types", RequestType.values());
        return "requests/queue";
    }

    @GetMapping("/console/requests/new")
    @PreAuthorize("hasAuthority('requests:write')")
    String newRequest(Model model) {
        model.addAttribute("channels", List.of(Channel.LETTER, Channel.PHONE, Channel.IN_PERSON, Channel.EMAIL));
        model.addAttribute("types", RequestType.values());
        model.addAttribute("today", desk.today());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new Form("LETTER", null, List.of(), "nl", null, null, null, null, null, null));
        }
        return "requests/new";
    }

    /** What was typed, shown again after an error. */
    record Form(
            String channel,
            String receivedOn,
            List<String> rights,
            String language,
            String requesterName,
            String email,
            String phone,
            String postalAddress,
            String description,
            String identifiers) {}

    @PostMapping("/console/requests")
    @PreAuthorize("hasAuthority('requests:write')")
    String submit(
            @RequestParam(required = false) String channel,
            @RequestParam(required = false) String receivedOn,
            @RequestParam(required = false) List<String> rights,
            @RequestParam(required = false) String language,
            @RequestParam(required = false) String requesterName,
            @RequestParam(required = false) String email,
            @RequestParam(required = false) String phone,
            @RequestParam(required = false) String postalAddress,
            @RequestParam(required = false) String description,
            @RequestParam(required = false) String identifiers,
            Model model) {
        Form form = new Form(
                channel,
                receivedOn,
                rights == null ? List.of() : rights,
                language,
                requesterName,
                email,
                phone,
                postalAddress,
                description,
                identifiers);
        try {
            DataSubjectRequest r = desk.submit(new RequestDesk.NewRequest(
                    channel,
                    date(receivedOn, "receivedOn"),
                    form.rights(),
                    language,
                    requesterName,
                    email,
                    phone,
                    postalAddress,
                    description,
                    identifiers == null
                            ? List.of()
                            : Arrays.stream(identifiers.split("\\R"))
                                    .map(String::strip)
                                    .filter(x -> !x.isEmpty())
                                    .toList()));
            return "redirect:/console/requests/" + r.reference() + "?received=true";
        } catch (DomainException e) {
            model.addAttribute("form", form);
            return failed(e, model, newRequest(model));
        }
    }

    @GetMapping("/console/requests/{reference}")
    @PreAuthorize("hasAuthority('requests:read')")
    String show(@PathVariable String reference, Model model) {
        DataSubjectRequest r = desk.show(reference);
        model.addAttribute("r", r);
        model.addAttribute("deadline", desk.deadline(r));
        model.addAttribute(
                "daysLeft",
                java.time.temporal.ChronoUnit.DAYS.between(
                        desk.today(), desk.deadline(r).dueOn()));
        model.addAttribute("duplicateOf", desk.duplicateReference(r));
        model.addAttribute("methods", VerificationMethod.values());
        model.addAttribute("letters", desk.letters(r));
        model.addAttribute("documentHeld", documents.held(r));
        model.addAttribute("forwards", desk.forwards(r));
        model.addAttribute("pkg", packages.prepared(r).orElse(null));
        model.addAttribute("blocks", blockIndex.of(r.id()));
        model.addAttribute("notices", notices.of(r.id()));
        model.addAttribute("transmissionOffered", transmissions.offered());
        model.addAttribute("categories", registers.categories());
        List<nl.waarborg.register.DataCategory> rows = registers.categories();
        model.addAttribute(
                "objectable",
                rows.stream()
                        .filter(c -> c.legalBasis() == nl.waarborg.register.LegalBasis.LEGITIMATE_INTERESTS)
                        .toList());
        model.addAttribute(
                "consented",
                rows.stream()
                        .filter(c -> c.legalBasis() == nl.waarborg.register.LegalBasis.CONSENT)
                        .toList());
        model.addAttribute("carriedOut", carriedOut(r));
        model.addAttribute(
                "names",
                nl.waarborg.audit.ActorNames.resolve(
                        actorNames,
                        r.history().stream()
                                .map(DataSubjectRequest.Entry::actor)
                                .toList()));
        return "requests/request";
    }

    /** One step on a request: the form's {@code step} says which; the other fields are the step's own. */
    @PostMapping("/console/requests/{reference}/{step}")
    @PreAuthorize("hasAuthority('requests:write')")
    String step(
            @PathVariable String reference,
            @PathVariable String step,
            @RequestParam(required = false) String note,
            @RequestParam(required = false) String method,
            @RequestParam(required = false) String summary,
            @RequestParam(required = false) String reasons,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String months,
            @RequestParam(required = false) String assignee,
            @RequestParam(required = false) String text,
            @RequestParam(required = false) String doubt,
            @RequestParam(required = false) String refusedInPart,
            @RequestParam(required = false) String clientKey,
            @RequestParam(required = false) String instruction,
            @RequestParam(required = false) String marketing,
            @RequestParam(required = false) List<String> categories,
            @RequestParam(required = false) String compellingGrounds,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String field,
            @RequestParam(required = false) String value,
            @RequestParam(required = false) String url,
            @RequestParam(required = false) String noticeId,
            @RequestParam(required = false) String how,
            @RequestParam(required = false) String postedOn,
            Model model) {
        try {
            switch (step) {
                case "ask" -> desk.requestVerification(reference, note);
                case "verify" -> desk.verify(reference, method, note);
                case "start" -> desk.start(reference);
                case "answer" -> desk.answer(reference, summary, refusedInPart);
                case "refuse" -> desk.refuse(reference, reasons);
                case "withdraw" -> desk.withdraw(reference, note);
                case "close" -> desk.closeUnverified(reference, reason);
                case "extend" -> desk.extend(reference, months(months), reason);
                case "assign" -> desk.assign(reference, assignee);
                case "note" -> desk.note(reference, text);
                case "ask-document" -> documents.ask(reference, doubt);
                case "instruction" -> desk.instruction(reference, clientKey, instruction);
                case "package" -> packages.prepare(reference);
                case "erase" -> erasures.erase(reference);
                case "restrict" -> rights.restrict(reference, categories);
                case "lift-notice" -> rights.announceLift(reference, reason);
                case "lift" -> rights.lift(reference, day(postedOn));
                case "object" -> rights.object(reference, "true".equals(marketing), categories, compellingGrounds);
                case "withdraw-consent" -> rights.withdrawConsent(reference, categories);
                case "rectify" -> rectifications.rectify(reference, category, field, value);
                case "transmit" -> transmissions.transmit(reference, url);
                case "told" -> notices.told(desk.show(reference).id(), notice(noticeId), how);
                default -> throw new RequestsException(Kind.NOT_FOUND, "step", "no such step");
            }
            return "redirect:/console/requests/" + reference + "?done=" + step;
        } catch (DomainException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                throw e;
            }
            model.addAttribute("failedStep", step);
            return failed(e, model, show(reference, model));
        }
    }

    /** The answer's suggested text: what the rights carried out so far recorded, newest last. */
    static String carriedOut(DataSubjectRequest r) {
        return String.join(
                "\n\n",
                r.history().stream()
                        .filter(e -> e.kind().startsWith("CARRIED_OUT_"))
                        .map(DataSubjectRequest.Entry::text)
                        .toList());
    }

    private static java.util.UUID notice(String id) {
        try {
            return java.util.UUID.fromString(id == null ? "" : id.strip());
        } catch (IllegalArgumentException e) {
            throw new RequestsException(Kind.INVALID, "noticeId", "noticeId is not a notice of this request");
        }
    }

    private static java.time.LocalDate day(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new RequestsException(Kind.INVALID, "postedOn", "postedOn must be a date as YYYY-MM-DD that exists");
        }
    }

    private static Integer months(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new RequestsException(Kind.INVALID, "months", "months is 1 or 2");
        }
    }

    private static String failed(DomainException e, Model model, String view) {
        PageErrors.show(e, model, KNOWN);
        return view;
    }

    private static <E extends Enum<E>> E option(Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static LocalDate date(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new RequestsException(Kind.INVALID, field, field + " must be a date as YYYY-MM-DD that exists");
        }
    }
}
