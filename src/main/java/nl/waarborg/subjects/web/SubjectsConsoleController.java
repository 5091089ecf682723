package nl.waarborg.subjects.web;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.waarborg.errors.DomainException;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.Identifiers;
import nl.waarborg.subjects.RegisteredSubjectException;
import nl.waarborg.subjects.SubjectSummary;
import nl.waarborg.subjects.internal.Directory;
import nl.waarborg.subjects.internal.Inventory;
import nl.waarborg.subjects.internal.Overview;
import nl.waarborg.subjects.internal.RecordStore;
import nl.waarborg.subjects.internal.Recordings;
import nl.waarborg.subjects.internal.RetentionDue;
import nl.waarborg.web.ApiProblem;
import org.springframework.core.io.Resource;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Console pages: search a person by any identifier, see everything known of them grouped by service and category,
 * where it lives and when it is due for deletion. Every page that shows personal data is audited with its purpose.
 */
@Controller
class SubjectsConsoleController {

    private final Directory directory;
    private final Inventory inventory;
    private final Overview overview;
    private final RecordStore store;
    private final Recordings recordings;
    private final List<nl.waarborg.subjects.SubjectPageSection> sections;

    SubjectsConsoleController(
            Directory directory,
            Inventory inventory,
            Overview overview,
            RecordStore store,
            Recordings recordings,
            List<nl.waarborg.subjects.SubjectPageSection> sections) {
        this.sections = sections;
        this.directory = directory;
        this.inventory = inventory;
        this.overview = overview;
        this.store = store;
        this.recordings = recordings;
    }

    @GetMapping("/console/subjects")
    @PreAuthorize("hasAuthority('subjects:read')")
    String search(
            @RequestParam(required = false) String q, @RequestParam(required = false) String purpose, Model model) {
        if (q != null && !q.isBlank()) {
            String why = purpose(purpose, "console search");
            try {
                List<SubjectSummary> found = directory.findAny(q, why).stream()
                        .map(inventory::subject)
                        .flatMap(java.util.Optional::stream)
                        .map(directory::toSummary)
                        .toList();
                model.addAttribute("results", found);
                if (found.isEmpty()) {
                    // Not a registered person: the identifier may still occur in calls or recordings.
                    List<SubjectSummary.Holding> held = overview.heldUnder(Identifiers.candidates(q), why);
                    model.addAttribute("held", held.isEmpty() ? null : held);
                }
            } catch (DomainException e) {
                model.addAttribute("error", "subjects.search.unknownKind");
            }
        }
        return "subjects/search";
    }

    @GetMapping("/console/subjects/{id}")
    @PreAuthorize("hasAuthority('subjects:read')")
    String subject(
            @PathVariable UUID id,
            @RequestParam(required = false) String purpose,
            @RequestParam(defaultValue = "false") boolean external,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate callsFrom,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate callsTo,
            @RequestParam(defaultValue = "" + Overview.DEFAULT_CALLS) int calls,
            @RequestParam(defaultValue = "0") int callsOffset,
            Model model) {
        String why = purpose(purpose, "console subject page");
        Overview.SubjectOverview view = overview.read(
                        id, why, new Overview.Options(external, callsFrom, callsTo, calls, callsOffset))
                .orElseThrow(() -> ApiProblem.notFound("Subject " + id));
        model.addAttribute("view", view);
        model.addAttribute("purpose", why);
        model.addAttribute("zone", RetentionDue.AMSTERDAM);
        List<nl.waarborg.subjects.Identifier> ids = view.subject().identifiers().stream()
                .map(i -> new nl.waarborg.subjects.Identifier(i.kind(), i.value()))
                .toList();
        model.addAttribute(
                "sections",
                sections.stream()
                        .map(s -> s.section(ids, org.springframework.context.i18n.LocaleContextHolder.getLocale()))
                        .flatMap(java.util.Optional::stream)
                        .toList());
        return "subjects/subject";
    }

    /**
     * Everything held under an identifier that belongs to no registered subject (a caller who is not a customer): the
     * same page as a subject's, without the parts only a registered subject has.
     */
    @GetMapping("/console/subjects/unregistered")
    @PreAuthorize("hasAuthority('subjects:read')")
    String unregistered(
            @RequestParam String q,
            @RequestParam(required = false) String purpose,
            @RequestParam(defaultValue = "false") boolean external,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate callsFrom,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate callsTo,
            @RequestParam(defaultValue = "" + Overview.DEFAULT_CALLS) int calls,
            @RequestParam(defaultValue = "0") int callsOffset,
            Model model) {
        if (q.isBlank()) {
            return "redirect:/console/subjects";
        }
        List<Identifier> candidates = Identifiers.candidates(q);
        if (candidates.isEmpty()) {
            throw ApiProblem.invalid("q", "This looks like no known kind of identifier");
        }
        String why = purpose(purpose, "console unregistered page");
        try {
            model.addAttribute(
                    "view",
                    overview.readUnregistered(
                            candidates, why, new Overview.Options(external, callsFrom, callsTo, calls, callsOffset)));
        } catch (RegisteredSubjectException registered) {
            // A registered person's page is the complete answer; the search lists them when there are several.
            return registered.subjects().size() == 1
                    ? "redirect:/console/subjects/" + registered.subjects().get(0)
                    : "redirect:/console/subjects?q="
                            + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8);
        }
        model.addAttribute("purpose", why);
        model.addAttribute("q", q);
        model.addAttribute("zone", RetentionDue.AMSTERDAM);
        return "subjects/subject";
    }

    @GetMapping("/console/subjects/records/{id}")
    @PreAuthorize("hasAuthority('subjects:read')")
    String record(@PathVariable UUID id, @RequestParam(required = false) String reason, Model model) {
        var record = store.metadata(id).orElseThrow(() -> ApiProblem.notFound("Record " + id));
        model.addAttribute("record", record);
        model.addAttribute("zone", RetentionDue.AMSTERDAM);
        model.addAttribute("view", overview.record(record));
        // Spaces alone were sent: say so instead of showing the same form again without a word.
        model.addAttribute("reasonBlank", record.sensitive() && reason != null && reason.isBlank());
        if (!record.sensitive() || (reason != null && !reason.isBlank())) {
            var content = store.read(id, purpose(reason, "console record page"));
            Map<String, String> fields = new LinkedHashMap<>();
            content.payload()
                    .properties()
                    .forEach(f -> fields.put(
                            f.getKey(),
                            f.getValue().isString()
                                    ? f.getValue().asString()
                                    : f.getValue().toString()));
            model.addAttribute("fields", fields);
        }
        return "subjects/record";
    }

    @GetMapping("/console/subjects/recordings/{id}/audio")
    @PreAuthorize("hasAuthority('subjects:read')")
    ResponseEntity<Resource> audio(@PathVariable UUID id, @RequestParam(required = false) String reason) {
        Recordings.Audio audio = recordings.open(id, reason);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(audio.recording().contentType()))
                .header(HttpHeaders.ACCEPT_RANGES, "bytes")
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline()
                                .filename("recording-" + id)
                                .build()
                                .toString())
                .body(audio.body());
    }

    /**
     * A page that cannot be shown (a record restricted to storage only, one that does not exist) says why, with the
     * right status, instead of an error page without words.
     */
    @org.springframework.web.bind.annotation.ExceptionHandler(DomainException.class)
    String problem(DomainException problem, jakarta.servlet.http.HttpServletResponse response, Model model) {
        response.setStatus(nl.waarborg.web.Problems.status(problem.kind()).value());
        model.addAttribute("kind", problem.kind().name());
        model.addAttribute("detail", problem.detail());
        model.addAttribute("field", problem.field());
        return "subjects/problem";
    }

    /** A parameter of the wrong form (a date that does not exist, a number that is none) is the person's to fix. */
    @org.springframework.web.bind.annotation.ExceptionHandler({
        org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class,
        org.springframework.web.bind.MissingServletRequestParameterException.class
    })
    String badParameter(Exception e, jakarta.servlet.http.HttpServletResponse response, Model model) {
        String field = e instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException m
                ? m.getName()
                : ((org.springframework.web.bind.MissingServletRequestParameterException) e).getParameterName();
        response.setStatus(400);
        model.addAttribute("kind", DomainException.Kind.INVALID.name());
        model.addAttribute("detail", field + " has the wrong form");
        model.addAttribute("field", field);
        return "subjects/problem";
    }

    private static String purpose(String given, String fallback) {
        return given == null || given.isBlank() ? fallback : given.strip();
    }
}
