package nl.waarborg.connectors.web;

import java.util.List;
import java.util.UUID;
import nl.waarborg.connectors.internal.ConnectorChecks;
import nl.waarborg.connectors.internal.ConnectorTask;
import nl.waarborg.connectors.internal.ManualTasks;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Which systems are connected and how they test, and the manual connectors' staff tasks. */
@RestController
@RequestMapping("/api/v1/connectors")
class ConnectorTasksApi {

    private final ManualTasks tasks;
    private final ConnectorChecks checks;

    ConnectorTasksApi(ManualTasks tasks, ConnectorChecks checks) {
        this.tasks = tasks;
        this.checks = checks;
    }

    /** Every system with its type, categories, where it is configured, its state and its last connection test. */
    @GetMapping
    @PreAuthorize("hasAuthority('subjects:read')")
    List<ConnectorChecks.SystemView> systems() {
        return checks.systems();
    }

    /** Tests the connection to one system (reads no one's data); audited. */
    @PostMapping("/{name}/test")
    @PreAuthorize("hasAuthority('subjects:write')")
    ConnectorChecks.Outcome test(@PathVariable String name) {
        return checks.test(name);
    }

    @GetMapping("/tasks")
    @PreAuthorize("hasAuthority('subjects:read')")
    List<ConnectorTask> list(
            @RequestParam(required = false) String status, @RequestParam(defaultValue = "100") int limit) {
        return tasks.list(status, limit);
    }

    @GetMapping("/tasks/{id}")
    @PreAuthorize("hasAuthority('subjects:read')")
    ConnectorTask get(@PathVariable UUID id) {
        return tasks.read(id);
    }

    /**
     * @param result DONE, NOT_FOUND or FAILED
     * @param outcome what staff did or found
     * @param evidence where the proof is (a document reference, a screenshot's location), or the proof in words
     */
    record Completion(String result, String outcome, String evidence) {}

    @PostMapping("/tasks/{id}/complete")
    @PreAuthorize("hasAuthority('subjects:write')")
    ConnectorTask complete(@PathVariable UUID id, @RequestBody Completion body) {
        return tasks.complete(id, body.result(), body.outcome(), body.evidence());
    }
}
