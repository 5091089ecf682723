package nl.waarborg.register.web;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import nl.waarborg.errors.DomainException;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import nl.waarborg.register.Service;
import nl.waarborg.register.internal.Finding;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.register.internal.Vocabulary;
import nl.waarborg.web.ApiProblem;
import nl.waarborg.web.Downloads;
import nl.waarborg.web.Problems;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The register in the console: per service like a privacy statement's table, details, history, checks, records. */
@Controller
@PreAuthorize("hasAuthority('register:read')")
class RegisterConsoleController {

    private final java.time.Clock clock;

    private final Registers registers;
    private final RegisterEditor editor;

    private final List<nl.waarborg.audit.ActorNames> actorNames;

    RegisterConsoleController(
            Registers registers,
            RegisterEditor editor,
            List<nl.waarborg.audit.ActorNames> actorNames,
            java.time.Clock clock) {
        this.clock = clock;
        this.registers = registers;
        this.editor = editor;
        this.actorNames = actorNames;
    }

    /** One line of the overview table. */
    record Row(
            String service,
            int serviceSpan,
            String key,
            String description,
            String retention,
            String controller,
            String basis,
            boolean flagged) {}

    @GetMapping("/console/register")
    String overview(@RequestParam(required = false) Integer version, Locale locale, Model model) {
        var current = version == null ? registers.current() : registers.version(version);
        if (current.isEmpty()) {
            if (version != null) {
                throw ApiProblem.notFound("register version " + version);
            }
            return "register/empty";
        }
        RegisterVersion v = current.get();
        List<Finding> findings = editor.check(v.number());
        // Applied although the check found errors: say so, with the reason given, above the register.
        model.addAttribute(
                "accepted",
                editor.versions().stream()
                        .filter(s -> s.number() == v.number() && s.acceptedFindingsReason() != null)
                        .findFirst()
                        .orElse(null));
        var flagged = findings.stream().map(Finding::category).collect(Collectors.toSet());
        List<Row> rows = new java.util.ArrayList<>();
        for (Service s : v.register().services()) {
            for (int i = 0; i < s.categories().size(); i++) {
                DataCategory c = s.categories().get(i);
                rows.add(new Row(
                        i == 0 ? s.name().in(locale) : null,
                        s.categories().size(),
                        c.key(),
                        c.description().in(locale),
                        c.retention().text().in(locale),
                        controller(c, v, locale),
                        basis(c, locale),
                        flagged.contains(c.key())));
            }
        }
        model.addAttribute("version", v);
        model.addAttribute("organisation", v.register().organisation());
        model.addAttribute("rows", rows);
        model.addAttribute("findings", findings.size());
        model.addAttribute(
                "latest", registers.current().map(RegisterVersion::number).orElse(0));
        return "register/overview";
    }

    /** Everything the register says about one category. */
    record Field(String labelKey, String value) {}

    @GetMapping("/console/register/categories/{key}")
    String category(
            @PathVariable String key, @RequestParam(required = false) Integer version, Locale locale, Model model) {
        RegisterVersion v = editor.version(version);
        DataCategory c = v.register().category(key).orElseThrow(() -> ApiProblem.notFound("category " + key));
        Service service = v.register().serviceOf(key).orElseThrow();
        List<Field> fields = new java.util.ArrayList<>();
        fields.add(new Field("register.field.service", service.name().in(locale)));
        fields.add(new Field("register.field.key", c.key()));
        fields.add(new Field(
                "register.field.dataCategories",
                c.dataCategories().stream()
                        .map(k -> Vocabulary.categoryName(k).in(locale) + " (" + k + ")")
                        .collect(Collectors.joining(", "))));
        fields.add(new Field(
                "register.field.subjects",
                c.subjects().stream()
                        .map(k -> Vocabulary.subjectName(k).in(locale))
                        .collect(Collectors.joining(", "))));
        fields.add(new Field(
                "register.field.purposes",
                c.purposes().stream()
                        .map(p -> p.text().in(locale) + " (" + String.join(", ", p.uses()) + ")")
                        .collect(Collectors.joining("; "))));
        fields.add(new Field("register.field.basis", basis(c, locale)));
        if (c.consent() != null) {
            fields.add(
                    new Field("register.field.consent", c.consent().mechanism().in(locale)));
            fields.add(new Field(
                    "register.field.withdrawal",
                    c.consent().withdrawal() == null
                            ? "—"
                            : c.consent().withdrawal().in(locale)));
        }
        fields.add(new Field("register.field.controller", controller(c, v, locale)));
        fields.add(new Field(
                "register.field.source",
                c.source().key()
                        + (c.sourceDetail() == null
                                ? ""
                                : ": " + c.sourceDetail().in(locale))));
        fields.add(new Field(
                "register.field.recipients",
                c.recipients().stream()
                        .map(k -> v.register()
                                .recipient(k)
                                .map(r -> r.name(locale) + " (" + r.kind().key()
                                        + (r.country() == null ? "" : ", " + r.country()) + ")")
                                .orElse(k))
                        .collect(Collectors.joining("; "))));
        fields.add(new Field(
                "register.field.transfers",
                c.transfers().stream()
                        .map(t -> t.country() + " — " + t.safeguard().key())
                        .collect(Collectors.joining("; "))));
        fields.add(new Field(
                "register.field.security",
                c.security().stream()
                        .map(k -> Vocabulary.securityName(k).in(locale))
                        .collect(Collectors.joining(", "))));
        fields.add(new Field("register.field.sensitive", Boolean.toString(c.sensitive())));
        fields.add(new Field("register.field.portable", Boolean.toString(c.portable())));
        fields.add(new Field("register.field.retention", c.retention().text().in(locale)));
        fields.add(new Field(
                "register.field.retentionRule",
                c.retention().kind().name().toLowerCase(Locale.ROOT).replace('_', '-')
                        + (c.retention().period() == null
                                ? ""
                                : " " + c.retention().period())
                        + (c.retention().maximum() == null
                                ? ""
                                : " max " + c.retention().maximum())
                        + (c.retention().anchor() == null
                                ? ""
                                : " / " + c.retention().anchor().key())));
        model.addAttribute("version", v);
        model.addAttribute("title", c.description().in(locale));
        model.addAttribute("fields", fields);
        model.addAttribute(
                "findings",
                editor.check(v.number()).stream()
                        .filter(f -> key.equals(f.category()))
                        .map(f -> new FindingView(f, locale))
                        .toList());
        return "register/category";
    }

    @GetMapping("/console/register/versions")
    String versions(Model model) {
        var versions = editor.versions();
        model.addAttribute("versions", versions);
        model.addAttribute("authors", authors(versions));
        return "register/versions";
    }

    @GetMapping("/console/register/diff")
    String diff(@RequestParam int from, @RequestParam int to, Model model) {
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("changes", editor.diff(from, to));
        return "register/diff";
    }

    /** A finding with its explanation in the page's language. */
    record FindingView(
            String severity, String rule, String explanation, String source, String category, String recipient) {
        FindingView(Finding f, Locale locale) {
            this(
                    f.severity().name(),
                    f.rule(),
                    f.explanation().in(locale),
                    f.legalSource(),
                    f.category(),
                    f.recipient());
        }
    }

    @GetMapping("/console/register/check")
    String check(@RequestParam(required = false) Integer version, Locale locale, Model model) {
        RegisterVersion v = editor.version(version);
        model.addAttribute("version", v);
        model.addAttribute(
                "findings",
                editor.check(v.number()).stream()
                        .map(f -> new FindingView(f, locale))
                        .toList());
        return "register/check";
    }

    /**
     * Every recipient with its kind, country and transfer ground, the processing agreement (signed, term, review,
     * Art. 28(3) clauses, sub-processors, audit right, and what the check says of it) and the categories that go to it.
     */
    @GetMapping("/console/register/recipients")
    String recipients(@RequestParam(required = false) Integer version, Locale locale, Model model) {
        RegisterVersion v = editor.version(version);
        model.addAttribute("version", v);
        model.addAttribute(
                "recipients",
                nl.waarborg.register.internal.RecipientOverview.of(
                        v.register(), editor.check(v.number()), java.time.LocalDate.now(clock), locale));
        return "register/recipients";
    }

    @GetMapping("/console/register/records/{kind}")
    String record(
            @PathVariable String kind,
            @RequestParam(required = false) String client,
            @RequestParam(required = false) Integer version,
            Locale locale,
            Model model) {
        boolean processor = processor(kind);
        RegisterVersion v = editor.version(version);
        model.addAttribute("version", v);
        model.addAttribute("kind", kind);
        model.addAttribute("client", client);
        model.addAttribute("clients", v.register().clients());
        model.addAttribute("table", editor.record(processor, client, v.number(), locale));
        return "register/record";
    }

    @GetMapping("/console/register/records/{kind}/download")
    ResponseEntity<byte[]> downloadRecord(
            @PathVariable String kind,
            @RequestParam(required = false) String client,
            @RequestParam(required = false) Integer version,
            @RequestParam(defaultValue = "xlsx") String format,
            Locale locale) {
        return download(editor.exportRecord(processor(kind), client, version, format, locale));
    }

    @GetMapping("/console/register/export")
    ResponseEntity<byte[]> export(
            @RequestParam(defaultValue = "xlsx") String format, @RequestParam(required = false) Integer version) {
        return download(editor.export(format, version));
    }

    /** A missing version, category or record in the console is a page that says so, not a stack trace. */
    @org.springframework.web.bind.annotation.ExceptionHandler(DomainException.class)
    String problem(DomainException problem, jakarta.servlet.http.HttpServletResponse response, Model model) {
        response.setStatus(Problems.status(problem.kind()).value());
        model.addAttribute("detail", problem.getMessage());
        return "register/problem";
    }

    private static boolean processor(String kind) {
        if (!kind.equals("controller") && !kind.equals("processor")) {
            throw ApiProblem.notFound("record " + kind);
        }
        return kind.equals("processor");
    }

    private static ResponseEntity<byte[]> download(RegisterEditor.Export export) {
        return Downloads.attachment(export.contentType(), export.fileName()).body(export.content());
    }

    private static String controller(DataCategory c, RegisterVersion v, Locale locale) {
        boolean en = "en".equals(locale.getLanguage());
        String provider = v.register().organisation().shortName() != null
                ? v.register().organisation().shortName()
                : v.register().organisation().legalName();
        return switch (c.controller()) {
            case PROVIDER -> provider;
            case CLIENT -> en ? "Client organisation" : "Opdrachtgevende partij";
            case JOINT -> provider + (en ? " and the client organisation (joint)" : " en opdrachtgever (gezamenlijk)");
        };
    }

    private static String basis(DataCategory c, Locale locale) {
        return nl.waarborg.register.internal.RegisterTables.basis(c, locale);
    }

    /**
     * The current names of the versions' authors, keyed by the stored reference ({@code STAFF:…}, {@code API_TOKEN:…}):
     * a version keeps the reference, the account's module says who it is.
     */
    private java.util.Map<String, String> authors(List<nl.waarborg.register.internal.VersionSummary> versions) {
        return nl.waarborg.audit.ActorNames.resolve(
                actorNames, versions.stream().map(v -> v.author()).toList());
    }
}
