package nl.waarborg.register.web;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.waarborg.documents.Table;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.internal.Dates;
import nl.waarborg.register.internal.Finding;
import nl.waarborg.register.internal.InvalidRegisterException;
import nl.waarborg.register.internal.RegisterChange;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.register.internal.RegisterReader;
import nl.waarborg.register.internal.RegisterWriter;
import nl.waarborg.register.internal.UnacceptedFindingsException;
import nl.waarborg.register.internal.VersionSummary;
import nl.waarborg.web.Downloads;
import nl.waarborg.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The register over the API, for {@code ./waarborg register …} and the provider's own tooling. */
@RestController
@RequestMapping("/api/v1/register")
class RegisterApi {

    private final RegisterEditor editor;

    private final java.time.Clock clock;

    RegisterApi(RegisterEditor editor, java.time.Clock clock) {
        this.editor = editor;
        this.clock = clock;
    }

    /** The version metadata and the register in its canonical JSON form. */
    record VersionView(
            int number,
            java.time.Instant appliedAt,
            String author,
            String changeSummary,
            LocalDate inForceFrom,
            String contentHash,
            Map<String, Object> register) {
        static VersionView of(RegisterVersion v) {
            return new VersionView(
                    v.number(),
                    v.appliedAt(),
                    v.author(),
                    v.changeSummary(),
                    v.inForceFrom(),
                    v.contentHash(),
                    RegisterWriter.tree(v.register()));
        }
    }

    record CheckView(int version, int errors, int warnings, List<Finding> findings) {
        static CheckView of(int version, List<Finding> findings) {
            return new CheckView(
                    version,
                    (int) findings.stream()
                            .filter(f -> f.severity() == Finding.Severity.ERROR)
                            .count(),
                    (int) findings.stream()
                            .filter(f -> f.severity() == Finding.Severity.WARNING)
                            .count(),
                    findings);
        }
    }

    record DiffView(int from, int to, List<RegisterChange> changes) {}

    @GetMapping
    @PreAuthorize("hasAuthority('register:read')")
    VersionView current() {
        return VersionView.of(editor.version(null));
    }

    /**
     * Applies a YAML or JSON register; 201 with the new version, or 200 when it equals the current one. A register with
     * error findings is refused (409 {@code unaccepted-findings}) unless {@code acceptFindings} gives the reason.
     */
    @PostMapping(consumes = "*/*")
    @PreAuthorize("hasAuthority('register:write')")
    ResponseEntity<RegisterEditor.ApplyResult> apply(
            // Not required: an empty file is the register's own error ("the file is empty"), not an unreadable body.
            @RequestBody(required = false) byte[] body,
            @RequestParam(required = false) String summary,
            // Read here rather than by Spring: a date that does not exist is told apart from a wrongly written one.
            @RequestParam(required = false) @Parameter(schema = @Schema(type = "string", format = "date"))
                    String inForceFrom,
            // A register whose check finds errors is applied only with the reason they are accepted (recorded).
            @RequestParam(required = false) String acceptFindings) {
        LocalDate from = Dates.parse("inForceFrom", inForceFrom);
        var result = editor.apply(RegisterReader.decode(body), summary, from, acceptFindings);
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(result);
    }

    @GetMapping("/versions")
    @PreAuthorize("hasAuthority('register:read')")
    List<VersionSummary> versions() {
        return editor.versions();
    }

    @GetMapping("/versions/{number}")
    @PreAuthorize("hasAuthority('register:read')")
    VersionView version(@PathVariable int number) {
        return VersionView.of(editor.version(number));
    }

    @GetMapping("/diff")
    @PreAuthorize("hasAuthority('register:read')")
    DiffView diff(@RequestParam int from, @RequestParam int to) {
        return new DiffView(from, to, editor.diff(from, to));
    }

    @GetMapping("/check")
    @PreAuthorize("hasAuthority('register:read')")
    CheckView check(@RequestParam(required = false) Integer version) {
        RegisterVersion checked = editor.version(version);
        return CheckView.of(checked.number(), editor.check(checked.number()));
    }

    /**
     * The recipients with their processing agreement's state today, the Art. 28(3) clauses they lack, the categories
     * that go to them and the check's findings on them (in the {@code Accept-Language} asked, Dutch by default).
     */
    @GetMapping("/recipients")
    @PreAuthorize("hasAuthority('register:read')")
    List<nl.waarborg.register.internal.RecipientOverview> recipients(
            @RequestParam(required = false) Integer version, java.util.Locale locale) {
        RegisterVersion v = editor.version(version);
        return nl.waarborg.register.internal.RecipientOverview.of(
                v.register(), editor.check(v.number()), java.time.LocalDate.now(clock), locale);
    }

    /** Checks a file without applying it. A POST because it carries a file; it changes nothing. */
    @PostMapping(path = "/check", consumes = "*/*")
    @PreAuthorize("hasAuthority('register:read')")
    CheckView checkFile(@RequestBody(required = false) byte[] body) {
        return CheckView.of(0, editor.checkFile(RegisterReader.decode(body)));
    }

    @GetMapping("/export")
    @PreAuthorize("hasAuthority('register:read')")
    ResponseEntity<byte[]> export(
            @RequestParam(defaultValue = "yaml") String format, @RequestParam(required = false) Integer version) {
        return download(editor.export(format, version));
    }

    @GetMapping("/records/controller")
    @PreAuthorize("hasAuthority('register:read')")
    ResponseEntity<?> controllerRecord(
            @RequestParam(defaultValue = "json") String format,
            @RequestParam(required = false) Integer version,
            @RequestParam(defaultValue = "nl") String lang) {
        return record(false, null, format, version, lang);
    }

    @GetMapping("/records/processor")
    @PreAuthorize("hasAuthority('register:read')")
    ResponseEntity<?> processorRecord(
            @RequestParam(required = false) String client,
            @RequestParam(defaultValue = "json") String format,
            @RequestParam(required = false) Integer version,
            @RequestParam(defaultValue = "nl") String lang) {
        return record(true, client, format, version, lang);
    }

    private ResponseEntity<?> record(boolean processor, String client, String format, Integer version, String lang) {
        Locale locale = "en".equals(lang) ? Locale.ENGLISH : Locale.forLanguageTag("nl");
        if ("json".equals(format)) {
            Table table = editor.record(processor, client, version, locale);
            return ResponseEntity.ok(table);
        }
        return download(editor.exportRecord(processor, client, version, format, locale));
    }

    private static ResponseEntity<byte[]> download(RegisterEditor.Export export) {
        return Downloads.attachment(export.contentType(), export.fileName()).body(export.content());
    }

    /** All errors of the file, each with line, column and path, not just the first. */
    /** 409 with the findings as a list ({@code rule@category}) beside the sentence. */
    @ExceptionHandler(UnacceptedFindingsException.class)
    ResponseEntity<ProblemDetail> unaccepted(UnacceptedFindingsException e) {
        ProblemDetail problem = Problems.of(e);
        problem.setProperty("findings", e.findings());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler(InvalidRegisterException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRegisterException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, e.slug(), e.getMessage(), e.field());
        problem.setProperty(
                "errors",
                e.errors().stream()
                        .map(error -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("line", error.line());
                            m.put("column", error.column());
                            m.put("path", error.path());
                            m.put("reason", error.reason());
                            return m;
                        })
                        .toList());
        return ResponseEntity.badRequest()
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
