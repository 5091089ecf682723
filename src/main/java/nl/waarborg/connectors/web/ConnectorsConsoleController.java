package nl.waarborg.connectors.web;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import nl.waarborg.connectors.internal.ConnectorChecks;
import nl.waarborg.connectors.internal.ConnectorTask;
import nl.waarborg.connectors.internal.ManualTasks;
import nl.waarborg.errors.DomainException;
import nl.waarborg.errors.DomainException.Kind;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Console pages for connectors: the systems, where each is configured and how its last test went; the manual
 * connectors' tasks, a task with the identifiers to look up (a read of personal data, audited with its purpose) and
 * the form to record the outcome.
 */
@Controller
class ConnectorsConsoleController {

    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    private final ConnectorChecks checks;
    private final ManualTasks tasks;
    private final Clock clock;

    ConnectorsConsoleController(ConnectorChecks checks, ManualTasks tasks, Clock clock) {
        this.checks = checks;
        this.tasks = tasks;
        this.clock = clock;
    }

    @GetMapping("/console/connectors")
    @PreAuthorize("hasAuthority('subjects:read')")
    String systems(Model model) {
        model.addAttribute("systems", checks.systems());
        model.addAttribute("zone", AMSTERDAM);
        return "connectors/systems";
    }

    @PostMapping("/console/connectors/{name}/test")
    @PreAuthorize("hasAuthority('subjects:write')")
    String test(@PathVariable String name, Model model) {
        model.addAttribute("tested", checks.test(name));
        return systems(model);
    }

    /** The list shows system, action and dates only, no identifiers: those are on the task page. */
    @GetMapping("/console/connectors/tasks")
    @PreAuthorize("hasAuthority('subjects:read')")
    String tasks(@RequestParam(required = false) String status, Model model) {
        String shown = status == null || status.isBlank() ? "OPEN" : status;
        List<ConnectorTask> list = "ALL".equalsIgnoreCase(shown) ? tasks.list(null, 500) : tasks.list(shown, 500);
        model.addAttribute("tasks", list);
        model.addAttribute("status", shown.toUpperCase(java.util.Locale.ROOT));
        model.addAttribute("now", clock.instant());
        model.addAttribute("zone", AMSTERDAM);
        return "connectors/tasks";
    }

    /** The task names the person's identifiers: showing it is a read of personal data, audited with its purpose. */
    @GetMapping("/console/connectors/tasks/{id}")
    @PreAuthorize("hasAuthority('subjects:read')")
    String task(
            @PathVariable UUID id,
            @RequestParam(required = false) String purpose,
            @RequestParam(required = false) boolean completed,
            Model model) {
        model.addAttribute("completed", completed);
        return show(
                tasks.read(id, purpose == null || purpose.isBlank() ? "console task page" : purpose.strip()), model);
    }

    @PostMapping("/console/connectors/tasks/{id}/complete")
    @PreAuthorize("hasAuthority('subjects:write')")
    String complete(
            @PathVariable UUID id,
            @RequestParam(required = false) String result,
            @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String evidence,
            Model model) {
        try {
            tasks.complete(id, result, outcome, evidence == null || evidence.isBlank() ? null : evidence.strip());
            return "redirect:/console/connectors/tasks/" + id + "?completed=true&purpose=completing%20task";
        } catch (DomainException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                throw e;
            }
            model.addAttribute("error", e.field());
            model.addAttribute("outcome", outcome);
            model.addAttribute("evidence", evidence);
            return show(tasks.read(id, "completing task"), model);
        }
    }

    private String show(ConnectorTask task, Model model) {
        model.addAttribute("task", task);
        model.addAttribute(
                "system",
                checks.systems().stream()
                        .filter(s -> s.name().equals(task.system()))
                        .findFirst()
                        .orElse(null));
        model.addAttribute(
                "overdue", "OPEN".equals(task.status()) && task.dueAt().isBefore(clock.instant()));
        model.addAttribute("zone", AMSTERDAM);
        return "connectors/task";
    }
}
