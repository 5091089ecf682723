package nl.waarborg.statement.web;

import java.util.List;
import nl.waarborg.statement.StatementVersion;
import nl.waarborg.statement.Statements;
import nl.waarborg.web.Downloads;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The statement over the API, for {@code ./waarborg statement …} and the provider's website. */
@RestController
@RequestMapping("/api/v1/statement")
class StatementApi {

    private final Statements statements;

    StatementApi(Statements statements) {
        this.statements = statements;
    }

    /**
     * The statement in force, or version {@code version}, or the one a register version produced
     * ({@code registerVersion}), in Dutch or English, as HTML, Markdown, PDF or text.
     */
    @GetMapping
    @PreAuthorize("hasAuthority('statement:read')")
    ResponseEntity<byte[]> render(
            @RequestParam(defaultValue = "nl") String lang,
            @RequestParam(defaultValue = "html") String format,
            @RequestParam(required = false) Integer version,
            @RequestParam(required = false) Integer registerVersion) {
        Integer number = registerVersion != null
                ? Integer.valueOf(statements.forRegisterVersion(registerVersion).number())
                : version;
        Statements.Rendered rendered = statements.render(number, lang, format);
        return Downloads.inline(rendered.format().contentType(), rendered.fileName())
                .header(
                        "X-Statement-Version",
                        Integer.toString(rendered.version().number()))
                .header(HttpHeaders.CONTENT_LANGUAGE, rendered.lang())
                .body(rendered.content());
    }

    /** Reads an existing statement (text, Markdown or HTML) into a register YAML draft; stores nothing. */
    @PostMapping(path = "/import", consumes = "*/*")
    @PreAuthorize("hasAuthority('statement:write')")
    // Not required: an empty file gets the import's own "the file is empty", not "not valid JSON".
    Statements.Imported importStatement(@RequestBody(required = false) byte[] body) {
        return statements.importStatement(body);
    }

    @GetMapping("/versions")
    @PreAuthorize("hasAuthority('statement:read')")
    List<StatementVersion> versions() {
        return statements.versions();
    }

    record DiffView(int from, int to, String lang, List<Statements.DiffLine> lines) {}

    @GetMapping("/diff")
    @PreAuthorize("hasAuthority('statement:read')")
    DiffView diff(@RequestParam int from, @RequestParam int to, @RequestParam(defaultValue = "nl") String lang) {
        return new DiffView(from, to, lang, statements.diff(from, to, lang));
    }
}
