package nl.waarborg.disclosures.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import nl.waarborg.disclosures.Disclosure;
import nl.waarborg.disclosures.Disclosures;
import nl.waarborg.disclosures.DisclosuresException;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.Registers;
import nl.waarborg.web.ConsoleInputs;
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
 * Console pages for disclosures to authorities: the log with a form to record a demand, and per demand its facts, the
 * answer and the end. Every page view is audited by the service.
 */
@Controller
class DisclosuresConsoleController {

    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(AMSTERDAM);

    private final Disclosures disclosures;
    private final Registers registers;

    DisclosuresConsoleController(Disclosures disclosures, Registers registers) {
        this.disclosures = disclosures;
        this.registers = registers;
    }

    /** A moment as the console shows it: Amsterdam time, to the minute. */
    public static String local(Instant at) {
        return at == null ? "—" : MINUTE.format(at);
    }

    @GetMapping("/console/disclosures")
    @PreAuthorize("hasAuthority('disclosures:read')")
    String list(Model model) {
        model.addAttribute("items", disclosures.list(false));
        model.addAttribute("categories", categories());
        model.addAttribute("bases", Disclosure.LegalBasis.values());
        return "disclosures/list";
    }

    /** The log as CSV or XLSX for staff signed in to the console (the API's export takes a token). */
    @GetMapping("/console/disclosures/export.{format:csv|xlsx}")
    @PreAuthorize("hasAuthority('disclosures:read')")
    org.springframework.http.ResponseEntity<byte[]> export(@PathVariable String format) {
        return DisclosuresApi.export(disclosures.list(false), format);
    }

    @PostMapping("/console/disclosures")
    @PreAuthorize("hasAuthority('disclosures:write')")
    String record(
            @RequestParam(required = false) String authority,
            @RequestParam(required = false) String legalBasis,
            @RequestParam(required = false) String basisNote,
            @RequestParam(required = false) String demandReference,
            @RequestParam(required = false) String receivedAt,
            @RequestParam(required = false) String subjectId,
            @RequestParam(required = false) String phone,
            @RequestParam(required = false) List<String> categories,
            @RequestParam(required = false) String periodFrom,
            @RequestParam(required = false) String periodTo,
            @RequestParam(required = false) String provided,
            @RequestParam(required = false) String tell,
            @RequestParam(required = false) String tellFrom,
            Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        String[] saved = {null};
        return ConsoleInputs.act(
                model,
                response,
                () -> saved[0] = disclosures
                        .record(new Disclosures.NewDisclosure(
                                authority,
                                legalBasis,
                                basisNote,
                                demandReference,
                                ConsoleInputs.moment(receivedAt, "receivedAt"),
                                ConsoleInputs.id(subjectId, "subjectId"),
                                phone,
                                categories == null ? List.of() : categories,
                                ConsoleInputs.day(periodFrom, "periodFrom"),
                                ConsoleInputs.day(periodTo, "periodTo"),
                                provided,
                                tell,
                                ConsoleInputs.day(tellFrom, "tellFrom")))
                        .reference(),
                () -> "redirect:/console/disclosures/" + saved[0] + "?saved",
                () -> list(model));
    }

    @GetMapping("/console/disclosures/{reference}")
    @PreAuthorize("hasAuthority('disclosures:read')")
    String disclosure(@PathVariable String reference, Model model) {
        Disclosure d = disclosures
                .view(reference)
                .orElseThrow(() ->
                        new DisclosuresException(Kind.NOT_FOUND, "reference", "no disclosure has this reference"));
        model.addAttribute("d", d);
        model.addAttribute("receivedAt", local(d.receivedAt()));
        model.addAttribute("answeredAt", local(d.answeredAt()));
        model.addAttribute("closedAt", local(d.closedAt()));
        model.addAttribute(
                "categoryNames",
                d.categories().stream()
                        .map(k -> registers
                                        .describe(k)
                                        .in(org.springframework.context.i18n.LocaleContextHolder.getLocale())
                                + " (" + k + ")")
                        .toList());
        return "disclosures/disclosure";
    }

    @PostMapping("/console/disclosures/{reference}/answer")
    @PreAuthorize("hasAuthority('disclosures:write')")
    String answer(
            @PathVariable String reference,
            @RequestParam(required = false) String answeredAt,
            @RequestParam(required = false) String provided,
            Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        return ConsoleInputs.act(
                model,
                response,
                () -> disclosures.answer(reference, ConsoleInputs.moment(answeredAt, "answeredAt"), provided),
                () -> "redirect:/console/disclosures/" + reference + "?saved",
                () -> disclosure(reference, model));
    }

    @PostMapping("/console/disclosures/{reference}/close")
    @PreAuthorize("hasAuthority('disclosures:write')")
    String close(
            @PathVariable String reference,
            @RequestParam(required = false) String note,
            Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        return ConsoleInputs.act(
                model,
                response,
                () -> disclosures.close(reference, note),
                () -> "redirect:/console/disclosures/" + reference + "?saved",
                () -> disclosure(reference, model));
    }

    private List<DataCategory> categories() {
        return registers.current().map(v -> v.register().categories().toList()).orElse(List.of());
    }

    @Configuration(proxyBeanMethods = false)
    static class Menu {
        @Bean
        ConsoleMenuItem disclosuresMenu() {
            return new ConsoleMenuItem("menu.disclosures", "/console/disclosures", "disclosures:read", 41);
        }

        @Bean
        ConsoleMenuItem recipientsMenu() {
            return new ConsoleMenuItem("transfers.menu", "/console/disclosures/recipients", "disclosures:read", 42);
        }
    }
}
