package nl.waarborg.statement.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nl.waarborg.errors.DomainException;
import nl.waarborg.statement.StatementVersion;
import nl.waarborg.statement.Statements;
import nl.waarborg.statement.internal.StatementComposer;
import nl.waarborg.web.Downloads;
import nl.waarborg.web.Problems;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;

/**
 * The public statement: no sign-in, no audit (it holds no personal data). The language follows the address, not the
 * console's language cookie, so a link to {@code /en/privacy} always shows English.
 */
@Controller
class StatementPages {

    private static final List<String> LABELS = List.of(
            "statement.public.title",
            "statement.public.none",
            "statement.public.archive",
            "statement.public.other",
            "statement.public.downloads",
            "statement.archive.title",
            "statement.archive.intro",
            "statement.archive.version",
            "statement.archive.from",
            "statement.archive.register",
            "statement.archive.current",
            "statement.archive.back");

    private final Statements statements;
    private final MessageSource messages;

    StatementPages(Statements statements, MessageSource messages) {
        this.statements = statements;
        this.messages = messages;
    }

    @GetMapping({"/privacy", "/privacy/"})
    String dutch(Model model, HttpServletRequest request, HttpServletResponse response) {
        return page("nl", null, model, request, response);
    }

    @GetMapping({"/en/privacy", "/en/privacy/"})
    String english(Model model, HttpServletRequest request, HttpServletResponse response) {
        return page("en", null, model, request, response);
    }

    @GetMapping("/privacy/archive")
    String dutchArchive(Model model, HttpServletRequest request) {
        return archive("nl", model, request);
    }

    @GetMapping("/en/privacy/archive")
    String englishArchive(Model model, HttpServletRequest request) {
        return archive("en", model, request);
    }

    @GetMapping("/privacy/archive/{number}")
    String dutchVersion(
            @PathVariable int number, Model model, HttpServletRequest request, HttpServletResponse response) {
        return page("nl", number, model, request, response);
    }

    @GetMapping("/en/privacy/archive/{number}")
    String englishVersion(
            @PathVariable int number, Model model, HttpServletRequest request, HttpServletResponse response) {
        return page("en", number, model, request, response);
    }

    /** The same statement as Markdown, text or PDF, for saving or printing. */
    @GetMapping("/privacy/download")
    ResponseEntity<byte[]> download(
            @RequestParam(defaultValue = "nl") String lang,
            @RequestParam(defaultValue = "pdf") String format,
            @RequestParam(required = false) Integer version) {
        Statements.Rendered rendered = statements.render(version, lang, format);
        return Downloads.inline(rendered.format().contentType(), rendered.fileName())
                .header(HttpHeaders.CONTENT_LANGUAGE, rendered.lang())
                .body(rendered.content());
    }

    private String page(
            String lang, Integer number, Model model, HttpServletRequest request, HttpServletResponse response) {
        labels(lang, model, request);
        Optional<StatementVersion> inForce = statements.inForce();
        if (number == null && inForce.isEmpty()) {
            response.setStatus(404);
            return "statement/public";
        }
        Statements.Rendered rendered =
                statements.render(number != null ? number : inForce.get().number(), lang, "html");
        model.addAttribute("article", new String(rendered.content(), StandardCharsets.UTF_8));
        model.addAttribute("version", rendered.version());
        model.addAttribute(
                "archived",
                number != null && inForce.map(v -> v.number() != number).orElse(true));
        model.addAttribute(
                "effective",
                rendered.version()
                        .effectiveFrom()
                        .format(DateTimeFormatter.ofPattern("d MMMM yyyy", StatementComposer.locale(lang))));
        return "statement/public";
    }

    private String archive(String lang, Model model, HttpServletRequest request) {
        labels(lang, model, request);
        Locale locale = StatementComposer.locale(lang);
        DateTimeFormatter date = DateTimeFormatter.ofPattern("d MMMM yyyy", locale);
        Integer current = statements.inForce().map(StatementVersion::number).orElse(null);
        model.addAttribute(
                "rows",
                statements.versions().stream()
                        .map(v -> new ArchiveRow(
                                v.number(),
                                v.effectiveFrom().format(date),
                                v.registerVersion(),
                                current != null && current == v.number()))
                        .toList());
        return "statement/archive";
    }

    private void labels(String lang, Model model, HttpServletRequest request) {
        Locale locale = StatementComposer.locale(lang);
        // The view is rendered in the locale the resolver gives, and that locale is what the response's
        // Content-Language says. The resolver would answer the console's language cookie (Dutch by default); this
        // page's language is its address, so the resolver is told so for this request only, leaving the cookie alone.
        request.setAttribute(CookieLocaleResolver.LOCALE_REQUEST_ATTRIBUTE_NAME, locale);
        Map<String, String> t = new LinkedHashMap<>();
        LABELS.forEach(k -> t.put(k, messages.getMessage(k, null, locale)));
        model.addAttribute("t", t);
        model.addAttribute("lang", lang);
        model.addAttribute("base", "en".equals(lang) ? "/en/privacy" : "/privacy");
        model.addAttribute("otherBase", "en".equals(lang) ? "/privacy" : "/en/privacy");
        model.addAttribute("otherLang", "en".equals(lang) ? "nl" : "en");
    }

    record ArchiveRow(int number, String effectiveFrom, int registerVersion, boolean current) {}

    /** An unknown version, language or format: the page says there is no such statement, with the right status. */
    @ExceptionHandler(DomainException.class)
    String problem(DomainException problem, Model model, HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(Problems.status(problem.kind()).value());
        labels(request.getRequestURI().startsWith("/en/") ? "en" : "nl", model, request);
        return "statement/public";
    }
}
