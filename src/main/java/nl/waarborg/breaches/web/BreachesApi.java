package nl.waarborg.breaches.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.waarborg.breaches.Breach;
import nl.waarborg.breaches.BreachException;
import nl.waarborg.breaches.Breaches;
import nl.waarborg.breaches.internal.AuthorityForm;
import nl.waarborg.errors.DomainException.Kind;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The breach register over HTTP: report, complete the facts, decide, record the notices, close; each breach with its
 * deadline and time left, its history, and the authority's form filled in.
 */
@RestController
@RequestMapping("/api/v1/breaches")
class BreachesApi {

    private final Breaches breaches;
    private final AuthorityForm form;
    private final nl.waarborg.breaches.internal.AffectedPeople people;
    private final Clock clock;

    BreachesApi(
            Breaches breaches, AuthorityForm form, nl.waarborg.breaches.internal.AffectedPeople people, Clock clock) {
        this.people = people;
        this.breaches = breaches;
        this.form = form;
        this.clock = clock;
    }

    /** A breach with its clock: when the notice is due and how many minutes are left (negative: overdue). */
    record View(Breach breach, Instant dueAt, Long minutesLeft, boolean overdue, List<Breach.Event> history) {}

    View view(Breach b, boolean withHistory) {
        Instant now = clock.instant();
        Long left = b.clockRuns() ? Duration.between(now, b.dueAt()).toMinutes() : null;
        return new View(
                b,
                b.dueAt(),
                left,
                left != null && left < 0,
                withHistory ? breaches.history(b.reference()) : List.of());
    }

    @GetMapping
    @PreAuthorize("hasAuthority('breaches:read')")
    List<View> list(@RequestParam(defaultValue = "false") boolean open) {
        return breaches.list(open).stream().map(b -> view(b, false)).toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('breaches:write')")
    View report(@RequestBody(required = false) Breaches.Facts facts) {
        return view(breaches.report(facts), true);
    }

    @GetMapping("/{reference}")
    @PreAuthorize("hasAuthority('breaches:read')")
    View get(@PathVariable String reference) {
        return view(found(reference), true);
    }

    @PatchMapping("/{reference}")
    @PreAuthorize("hasAuthority('breaches:write')")
    View update(@PathVariable String reference, @RequestBody(required = false) Breaches.Facts facts) {
        return view(breaches.update(found(reference).reference(), facts), true);
    }

    @PostMapping("/{reference}/assessment")
    @PreAuthorize("hasAuthority('breaches:write')")
    View assess(@PathVariable String reference, @RequestBody(required = false) Breaches.Assessment assessment) {
        return view(breaches.assess(found(reference).reference(), assessment), true);
    }

    @PostMapping("/{reference}/authority-notice")
    @PreAuthorize("hasAuthority('breaches:write')")
    View notice(@PathVariable String reference, @RequestBody(required = false) Breaches.AuthorityNotice notice) {
        return view(breaches.notifyAuthority(found(reference).reference(), notice), true);
    }

    /** What the people were told and how: {@code {"at": "…", "how": "…"}}. */
    record PeopleNotice(Instant at, String how) {}

    @PostMapping("/{reference}/people-notified")
    @PreAuthorize("hasAuthority('breaches:write')")
    View people(@PathVariable String reference, @RequestBody(required = false) PeopleNotice notice) {
        PeopleNotice n = notice == null ? new PeopleNotice(null, null) : notice;
        return view(breaches.peopleNotified(found(reference).reference(), n.at(), n.how()), true);
    }

    /**
     * The scope to count: a time window of collection (either end open), optionally one organisation and service, and
     * the places to count in (empty: every place that holds the breach's categories).
     */
    record Scope(
            Instant from,
            Instant to,
            java.util.UUID organisationId,
            String serviceKey,
            java.util.List<String> places) {}

    /** Counts the people of the breach's categories in every place (or the named ones); the counts become its facts. */
    @PostMapping("/{reference}/scope")
    @PreAuthorize("hasAuthority('breaches:write')")
    nl.waarborg.breaches.internal.AffectedPeople.Found scope(
            @PathVariable String reference, @RequestBody(required = false) Scope scope) {
        Scope s = scope == null ? new Scope(null, null, null, null, null) : scope;
        return people.scope(
                found(reference).reference(),
                s.from(),
                s.to(),
                s.organisationId(),
                s.serviceKey(),
                s.places() == null ? java.util.Set.of() : new java.util.LinkedHashSet<>(s.places()));
    }

    /** Sends the letter (Dutch and English) to every person listed who has not had it. */
    @PostMapping("/{reference}/letters")
    @PreAuthorize("hasAuthority('breaches:write')")
    nl.waarborg.breaches.internal.AffectedPeople.Sent letters(
            @PathVariable String reference,
            @RequestBody(required = false) nl.waarborg.breaches.internal.AffectedPeople.Text text) {
        return people.tell(found(reference).reference(), text);
    }

    /** An optional step taken: a police report, the insurer, the controllers whose data it was (Art. 33(2)). */
    record Step(String kind, String note) {}

    @PostMapping("/{reference}/steps")
    @PreAuthorize("hasAuthority('breaches:write')")
    View step(@PathVariable String reference, @RequestBody(required = false) Step step) {
        Step s = step == null ? new Step(null, null) : step;
        return view(breaches.step(found(reference).reference(), s.kind(), s.note()), true);
    }

    /** The public notice's text in both languages. */
    record NoticeText(String textNl, String textEn) {}

    /** Publishes the public notice at {@code /privacy/notices/<reference>} and records the people told by it. */
    @PostMapping("/{reference}/public-notice")
    @PreAuthorize("hasAuthority('breaches:write')")
    Breaches.PublicNotice publicNotice(@PathVariable String reference, @RequestBody(required = false) NoticeText text) {
        NoticeText t = text == null ? new NoticeText(null, null) : text;
        return breaches.publishNotice(found(reference).reference(), t.textNl(), t.textEn());
    }

    record Closing(String note) {}

    @PostMapping("/{reference}/close")
    @PreAuthorize("hasAuthority('breaches:write')")
    View close(@PathVariable String reference, @RequestBody(required = false) Closing closing) {
        return view(breaches.close(found(reference).reference(), closing == null ? null : closing.note()), true);
    }

    /**
     * The authority's form filled in: JSON (question and answer per line), or with {@code format=text} text to copy,
     * with {@code format=pdf} a PDF to keep.
     */
    @GetMapping("/{reference}/authority-form")
    @PreAuthorize("hasAuthority('breaches:read')")
    ResponseEntity<?> authorityForm(
            @PathVariable String reference, @RequestParam(defaultValue = "json") String format) {
        Breach b = found(reference);
        if ("pdf".equals(format)) {
            return ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_PDF)
                    .header("Content-Disposition", "attachment; filename=\"melding-" + b.reference() + ".pdf\"")
                    .body(form.pdf(b));
        }
        if ("text".equals(format)) {
            return ResponseEntity.ok()
                    .contentType(new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8))
                    .body(form.text(b));
        }
        if (!"json".equals(format)) {
            throw new BreachException(Kind.INVALID, "format", "format is json, text or pdf");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reference", b.reference());
        body.put("answers", form.answers(b));
        return ResponseEntity.ok(body);
    }

    private Breach found(String reference) {
        return breaches.get(reference)
                .orElseThrow(() -> new BreachException(Kind.NOT_FOUND, "reference", "no breach with this reference"));
    }
}
