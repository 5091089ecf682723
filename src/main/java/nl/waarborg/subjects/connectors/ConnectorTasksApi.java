package nl.waarborg.subjects.connectors;

import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The manual connectors' staff tasks, and which systems are connected. */
@RestController
@RequestMapping("/api/v1/connectors")
class ConnectorTasksApi {

    private final ManualTasks tasks;
    private final ConnectorRegistry registry;

    ConnectorTasksApi(ManualTasks tasks, ConnectorRegistry registry) {
        this.tasks = tasks;
        this.registry = registry;
    }

    @GetMapping
    @PreAuthorize("hasAuthority('subjects:read')")
    java.util.Map<String, String> systems() {
        return registry.systems();
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
