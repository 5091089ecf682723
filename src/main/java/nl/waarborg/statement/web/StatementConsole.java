package nl.waarborg.statement.web;

import java.io.IOException;
import java.util.List;
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

    private final Statements statements;

    StatementConsole(Statements statements) {
        this.statements = statements;
    }

    record Row(StatementVersion version, boolean inForce, boolean reworded) {}

    @GetMapping("/console/statement")
    @PreAuthorize("hasAuthority('statement:read')")
    String overview(
            @RequestParam(required = false) Integer from,
            @RequestParam(required = false) Integer to,
            @RequestParam(defaultValue = "nl") String lang,
            Model model) {
        List<StatementVersion> versions = statements.versions();
        Integer inForce = statements.inForce().map(StatementVersion::number).orElse(null);
        model.addAttribute(
                "rows",
                versions.stream()
                        .map(v -> new Row(v, inForce != null && inForce == v.number(), statements.reworded(v)))
                        .toList());
        model.addAttribute("idCopy", statements.registerDemandsIdCopy());
        model.addAttribute("lang", "en".equals(lang) ? "en" : "nl");
        if (versions.size() >= 2) {
            int a = from != null ? from : versions.get(1).number();
            int b = to != null ? to : versions.get(0).number();
            model.addAttribute("from", a);
            model.addAttribute("to", b);
            try {
                model.addAttribute("diff", statements.diff(a, b, "en".equals(lang) ? "en" : "nl"));
            } catch (DomainException e) {
                model.addAttribute("diffError", e.getMessage());
            }
        }
        return "statement/console";
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
