package nl.waarborg.breaches.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nl.waarborg.breaches.Breach;
import nl.waarborg.breaches.BreachException;
import nl.waarborg.breaches.Breaches;
import nl.waarborg.breaches.internal.AuthorityForm;
import nl.waarborg.errors.DomainException;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.Registers;
import nl.waarborg.web.ConsoleMenuItem;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's breach register: the breaches with their clocks (time left, overdue in red), a form to record one,
 * and per breach its facts, the decision, the notice, the people told, the authority's form filled in and the history.
 * Times are entered and shown in Amsterdam time; the clock itself counts real hours (across a DST change too).
 */
@Controller
class BreachesConsoleController {

    static final ZoneId AMSTERDAM = BreachTimes.AMSTERDAM;

    private final Breaches breaches;
    private final AuthorityForm form;
    private final nl.waarborg.breaches.internal.AffectedPeople people;
    private final Registers registers;
    private final Clock clock;

    private final nl.waarborg.subjects.DataStores stores;

    BreachesConsoleController(
            Breaches breaches,
            AuthorityForm form,
            nl.waarborg.breaches.internal.AffectedPeople people,
            Registers registers,
            nl.waarborg.subjects.DataStores stores,
            Clock clock) {
        this.people = people;
        this.stores = stores;
        this.breaches = breaches;
        this.form = form;
        this.registers = registers;
        this.clock = clock;
    }

    /** A line of the list, with the clock worked out. */
    record Line(Breach breach, String awareAt, String dueAt, String left, boolean overdue) {}

    Line line(Breach b) {
        Long minutes =
                b.clockRuns() ? Duration.between(clock.instant(), b.dueAt()).toMinutes() : null;
        return new Line(
                b,
                BreachTimes.local(b.awareAt()),
                BreachTimes.local(b.dueAt()),
                minutes == null ? null : Math.abs(minutes) / 60 + ":" + String.format("%02d", Math.abs(minutes) % 60),
                minutes != null && minutes < 0);
    }

    @GetMapping("/console/breaches")
    @PreAuthorize("hasAuthority('breaches:read')")
    String list(Model model) {
        model.addAttribute(
                "lines", breaches.list(false).stream().map(this::line).toList());
        model.addAttribute("hours", breaches.telecom() ? 24 : 72);
        model.addAttribute("categories", categories());
        model.addAttribute("now", BreachTimes.local(clock.instant()));
        return "breaches/list";
    }

    @PostMapping("/console/breaches")
    @PreAuthorize("hasAuthority('breaches:write')")
    String report(
            @RequestParam(required = false) String title,
            @RequestParam(required = false) String description,
            @RequestParam(required = false) String awareAt,
            @RequestParam(required = false) String startedAt,
            @RequestParam(required = false) List<String> nature,
            @RequestParam(required = false) List<String> categories,
            @RequestParam(required = false) String peopleApprox,
            @RequestParam(required = false) String recordsApprox,
            @RequestParam(required = false) String consequences,
            @RequestParam(required = false) String measuresTaken,
            @RequestParam(defaultValue = "false") boolean encrypted,
            @RequestParam(defaultValue = "false") boolean keySafe,
            @RequestParam(defaultValue = "false") boolean ongoing,
            Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        try {
            Breach b = breaches.report(new Breaches.Facts(
                    title,
                    description,
                    moment(startedAt, "startedAt"),
                    moment(awareAt, "awareAt"),
                    ongoing,
                    natures(nature),
                    categories == null ? List.of() : categories,
                    count(peopleApprox, "peopleApprox"),
                    count(recordsApprox, "recordsApprox"),
                    encrypted,
                    keySafe,
                    consequences,
                    measuresTaken,
                    null));
            return "redirect:/console/breaches/" + b.reference() + "?saved";
        } catch (DomainException e) {
            response.setStatus(nl.waarborg.web.Problems.status(e.kind()).value());
            model.addAttribute("errorDetail", e.detail());
            model.addAttribute("errorField", e.field());
            model.addAttribute("draftTitle", title == null || title.length() > 200 ? "" : title);
            return list(model);
        }
    }

    @GetMapping("/console/breaches/{reference}")
    @PreAuthorize("hasAuthority('breaches:read')")
    String breach(@PathVariable String reference, Model model) {
        Breach b = found(reference);
        model.addAttribute("line", line(b));
        model.addAttribute("b", b);
        model.addAttribute("history", breaches.history(reference));
        model.addAttribute("answers", form.answers(b));
        model.addAttribute(
                "services",
                registers.current().map(v -> v.register().services()).orElse(List.of()));
        model.addAttribute("zone", AMSTERDAM);
        // What the privacy statement promises about breaches, shown beside the decision: the law sets the minimum, the
        // promise may go further, and the people were told it.
        model.addAttribute(
                "promise",
                registers
                        .current()
                        .map(v -> v.register().promises().breachNotification())
                        .orElse(null));
        model.addAttribute(
                "places",
                stores.stores().stream()
                        .filter(s -> nl.waarborg.subjects.DataStores.ALL.contains(s.kind()))
                        .map(nl.waarborg.subjects.DataStore::name)
                        .toList());
        model.addAttribute(
                "categoryNames",
                b.categories().stream()
                        .map(k -> registers.describe(k).in(Locale.forLanguageTag("nl")) + " (" + k + ")")
                        .toList());
        return "breaches/breach";
    }

    /** The authority's form as text, to copy field by field into the AP's online form. */
    @GetMapping("/console/breaches/{reference}/authority-form.txt")
    @PreAuthorize("hasAuthority('breaches:read')")
    org.springframework.http.ResponseEntity<String> formText(@PathVariable String reference) {
        Breach b = found(reference);
        return org.springframework.http.ResponseEntity.ok()
                .contentType(new org.springframework.http.MediaType(
                        org.springframework.http.MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8))
                .body(form.text(b));
    }

    @GetMapping("/console/breaches/{reference}/authority-form.pdf")
    @PreAuthorize("hasAuthority('breaches:read')")
    org.springframework.http.ResponseEntity<byte[]> formPdf(@PathVariable String reference) {
        Breach b = found(reference);
        return org.springframework.http.ResponseEntity.ok()
                .contentType(org.springframework.http.MediaType.APPLICATION_PDF)
                .header("Content-Disposition", "attachment; filename=\"melding-" + b.reference() + ".pdf\"")
                .body(form.pdf(b));
    }

    @PostMapping("/console/breaches/{reference}/assessment")
    @PreAuthorize("hasAuthority('breaches:write')")
    String assess(
            @PathVariable String reference,
            @RequestParam(required = false) String risk,
            @RequestParam(required = false) String exemption,
            @RequestParam(required = false) String reasons,
            Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        return act(
                reference,
                model,
                response,
                () -> breaches.assess(
                        reference,
                        new Breaches.Assessment(
                                option(Breach.Risk.class, risk, "risk"),
                                null,
                                null,
                                option(Breach.Exemption.class, exemption, "peopleExemption"),
                                reasons)));
    }

    @PostMapping("/console/breaches/{reference}/authority-notice")
    @PreAuthorize("hasAuthority('breaches:write')")
    String notice(
            @PathVariable String reference,
            @RequestParam(required = false) String authorityReference,
            @RequestParam(required = false) String delayReasons,
            @RequestParam(required = false) String followUp,
            Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        return act(
                reference,
                model,
                response,
                () -> breaches.notifyAuthority(
                        reference, new Breaches.AuthorityNotice(authorityReference, null, delayReasons, followUp)));
    }

    @PostMapping("/console/breaches/{reference}/people-notified")
    @PreAuthorize("hasAuthority('breaches:write')")
    String people(
            @PathVariable String reference,
            @RequestParam(required = false) String how,
            Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        return act(reference, model, response, () -> breaches.peopleNotified(reference, null, how));
    }

    @PostMapping("/console/breaches/{reference}/scope")
    @PreAuthorize("hasAuthority('breaches:write')")
    String scope(
            @PathVariable String reference,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String serviceKey,
            @RequestParam(required = false) List<String> places,
            Model model,
            jakarta.servlet.http.HttpServletResponse response,
            org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        return act(reference, model, response, () -> {
            if ((from == null || from.isBlank()) && (to == null || to.isBlank())) {
                throw new BreachException(
                        Kind.INVALID, "from", "give the window: when the data concerned was collected from, or until");
            }
            // What each place counted is shown once, on the page the form returns to.
            redirect.addFlashAttribute(
                    "found",
                    people.scope(
                            reference,
                            moment(from, "from"),
                            moment(to, "to"),
                            null,
                            serviceKey == null || serviceKey.isBlank() ? null : serviceKey.strip(),
                            places == null ? java.util.Set.of() : new java.util.TreeSet<>(places)));
        });
    }

    @PostMapping("/console/breaches/{reference}/letters")
    @PreAuthorize("hasAuthority('breaches:write')")
    String letters(
            @PathVariable String reference,
            @RequestParam(required = false) String subjectNl,
            @RequestParam(required = false) String bodyNl,
            @RequestParam(required = false) String subjectEn,
            @RequestParam(required = false) String bodyEn,
            Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        return act(
                reference,
                model,
                response,
                () -> people.tell(
                        reference,
                        new nl.waarborg.breaches.internal.AffectedPeople.Text(subjectNl, bodyNl, subjectEn, bodyEn)));
    }

    @PostMapping("/console/breaches/{reference}/public-notice")
    @PreAuthorize("hasAuthority('breaches:write')")
    String publicNotice(
            @PathVariable String reference,
            @RequestParam(required = false) String textNl,
            @RequestParam(required = false) String textEn,
            Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        return act(reference, model, response, () -> breaches.publishNotice(reference, textNl, textEn));
    }

    @PostMapping("/console/breaches/{reference}/close")
    @PreAuthorize("hasAuthority('breaches:write')")
    String close(
            @PathVariable String reference,
            @RequestParam(required = false) String note,
            Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        return act(reference, model, response, () -> breaches.close(reference, note));
    }

    private String act(
            String reference, Model model, jakarta.servlet.http.HttpServletResponse response, Runnable step) {
        return nl.waarborg.web.ConsoleInputs.act(
                model,
                response,
                step,
                () -> "redirect:/console/breaches/" + reference + "?saved",
                () -> breach(reference, model));
    }

    private Breach found(String reference) {
        return breaches.get(reference)
                .orElseThrow(() -> new BreachException(Kind.NOT_FOUND, "reference", "no breach with this reference"));
    }

    private List<DataCategory> categories() {
        return registers.current().map(v -> v.register().categories().toList()).orElse(List.of());
    }

    private static Instant moment(String value, String field) {
        return nl.waarborg.web.ConsoleInputs.moment(value, field);
    }

    private static Integer count(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new BreachException(Kind.INVALID, field, field + " is a whole number");
        }
    }

    private static List<Breach.Nature> natures(List<String> values) {
        List<Breach.Nature> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                out.add(option(Breach.Nature.class, v, "nature"));
            }
        }
        return out;
    }

    private static <E extends Enum<E>> E option(Class<E> type, String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BreachException(Kind.INVALID, field, field + " has no such value");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Menu {
        @Bean
        ConsoleMenuItem breachesMenu() {
            return new ConsoleMenuItem("menu.breaches", "/console/breaches", "breaches:read", 39);
        }
    }
}
