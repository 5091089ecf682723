package nl.waarborg.statement.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import nl.waarborg.errors.DomainException;
import nl.waarborg.statement.StatementVersion;
import nl.waarborg.statement.Statements;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** The privacy officer's view: versions, the difference between two of them, and reading in an existing statement. */
@Controller
class StatementConsole {

    /** Unchanged lines shown around each change, so the officer sees where in the statement it is. */
    static final int CONTEXT = 2;

    private final Statements statements;

    StatementConsole(Statements statements) {
        this.statements = statements;
    }

    record Row(StatementVersion version, boolean inForce, boolean reworded) {}

    /**
     * A row of the difference as the page shows it: {@code del}, {@code ins} or {@code same} for a line, {@code gap}
     * for {@code skipped} unchanged lines left out.
     */
    record DiffRow(String kind, String text, int skipped) {}

    @GetMapping("/console/statement")
    @PreAuthorize("hasAuthority('statement:read')")
    String overview(
            @RequestParam(required = false) Integer from,
            @RequestParam(required = false) Integer to,
            @RequestParam(defaultValue = "nl") String text,
            Model model) {
        // Not "lang": that parameter switches the whole console's language (and its cookie).
        String lang = "en".equals(text) ? "en" : "nl";
        List<StatementVersion> versions = statements.versions();
        Integer inForce = statements.inForce().map(StatementVersion::number).orElse(null);
        model.addAttribute(
                "rows",
                versions.stream()
                        .map(v -> new Row(v, inForce != null && inForce == v.number(), statements.reworded(v)))
                        .toList());
        model.addAttribute("idCopy", statements.registerDemandsIdCopy());
        model.addAttribute("lang", lang);
        if (versions.size() >= 2) {
            int a = from != null ? from : versions.get(1).number();
            int b = to != null ? to : versions.get(0).number();
            model.addAttribute("from", a);
            model.addAttribute("to", b);
            Set<Integer> numbers =
                    versions.stream().map(StatementVersion::number).collect(Collectors.toSet());
            if (!numbers.contains(a) || !numbers.contains(b)) {
                model.addAttribute("diffMissing", numbers.contains(a) ? b : a);
            } else {
                try {
                    model.addAttribute("diff", rows(statements.diff(a, b, lang, CONTEXT)));
                } catch (DomainException e) {
                    // A version whose register version is gone: nothing to compare, but the page still works.
                    model.addAttribute("diffFailed", true);
                }
            }
        }
        return "statement/console";
    }

    static List<DiffRow> rows(List<Statements.DiffHunk> hunks) {
        List<DiffRow> rows = new ArrayList<>();
        for (Statements.DiffHunk hunk : hunks) {
            if (hunk.unchangedBefore() > 0) {
                rows.add(new DiffRow("gap", null, hunk.unchangedBefore()));
            }
            for (Statements.DiffLine line : hunk.lines()) {
                String kind = switch (line.kind()) {
                    case '-' -> "del";
                    case '+' -> "ins";
                    default -> "same";
                };
                rows.add(new DiffRow(kind, line.text(), 0));
            }
            if (hunk.unchangedAfter() > 0) {
                rows.add(new DiffRow("gap", null, hunk.unchangedAfter()));
            }
        }
        return rows;
    }

    @PostMapping("/console/statement/import")
    @PreAuthorize("hasAuthority('statement:write')")
    String importStatement(@RequestParam("file") MultipartFile file, Model model) throws IOException {
        try {
            model.addAttribute("imported", statements.importStatement(file.getBytes()));
        } catch (DomainException e) {
            model.addAttribute("importError", e.getMessage());
        }
        return overview(null, null, "nl", model);
    }
}
