package nl.waarborg.subjects.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.Identifiers;
import nl.waarborg.subjects.InvalidIdentifierException;
import nl.waarborg.subjects.SubjectSummary;
import nl.waarborg.subjects.internal.Directory;
import nl.waarborg.subjects.internal.Inventory;
import nl.waarborg.subjects.internal.Model.NewIdentifier;
import nl.waarborg.subjects.internal.Model.NewRole;
import nl.waarborg.subjects.internal.Model.NewSubject;
import nl.waarborg.subjects.internal.Model.RoleLink;
import nl.waarborg.subjects.internal.Model.StoredIdentifier;
import nl.waarborg.subjects.internal.Model.Subject;
import nl.waarborg.subjects.internal.Overview;
import nl.waarborg.web.ApiProblem;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Data subjects over the API: create and change them, their identifiers and roles; find them by any identifier; read
 * everything known of one. Reads are audited with the caller's {@code purpose}.
 */
@RestController
@RequestMapping("/api/v1/subjects")
class SubjectsApi {

    private final Inventory inventory;
    private final Directory directory;
    private final Overview overview;

    SubjectsApi(Inventory inventory, Directory directory, Overview overview) {
        this.inventory = inventory;
        this.directory = directory;
        this.overview = overview;
    }

    /**
     * Finds subjects by an identifier. Without {@code kind} every kind the value can stand for is tried. The value
     * travels in the query string because the call is a read; Waarborg writes no access log.
     */
    @GetMapping
    @PreAuthorize("hasAuthority('subjects:read')")
    List<SubjectSummary> find(
            @RequestParam(required = false) String identifier,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String purpose) {
        if (identifier == null || identifier.isBlank()) {
            throw ApiProblem.invalid("identifier", "identifier is required");
        }
        List<UUID> ids;
        if (kind == null || kind.isBlank()) {
            ids = directory.findAny(identifier, purpose);
        } else {
            // The directory normalises and reports an invalid identifier itself.
            ids = directory.find(new Identifier(kind(kind), identifier), purpose);
        }
        return ids.stream()
                .map(inventory::subject)
                .flatMap(java.util.Optional::stream)
                .map(directory::toSummary)
                .toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('subjects:write')")
    Subject create(@RequestBody NewSubject body) {
        return inventory.createSubject(body);
    }

    /** Many subjects as newline-delimited JSON (one NewSubject per line), streamed. */
    @PostMapping(
            path = "/bulk",
            consumes = {"application/x-ndjson", "application/jsonl", "text/plain"})
    @PreAuthorize("hasAuthority('subjects:write')")
    Map<String, Object> bulk(HttpServletRequest request) throws IOException {
        return NdjsonImport.asMap(
                NdjsonImport.run(request.getInputStream(), NewSubject.class, inventory::createSubject));
    }

    /**
     * Everything known of one person and where it lives; {@code external=true} also asks the external systems (slow:
     * up to their connectors' timeouts). {@code /overview} is the same answer under the name the docs use.
     */
    @GetMapping({"/{id}", "/{id}/overview"})
    @PreAuthorize("hasAuthority('subjects:read')")
    Overview.SubjectOverview get(
            @PathVariable UUID id,
            @RequestParam(required = false) String purpose,
            @RequestParam(defaultValue = "false") boolean external,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate callsFrom,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate callsTo,
            @RequestParam(defaultValue = "" + Overview.DEFAULT_CALLS) int calls,
            @RequestParam(defaultValue = "0") int callsOffset) {
        return overview.read(id, purpose, new Overview.Options(external, callsFrom, callsTo, calls, callsOffset))
                .orElseThrow(() -> ApiProblem.notFound("Subject " + id));
    }

    /**
     * What Waarborg's own places (recordings, traffic data) and, with {@code external=true}, the connected systems
     * hold under an identifier, for someone who is not a registered subject: a caller who is no customer has the same
     * rights. Without {@code kind}, every kind the value can stand for is searched. Audited by a hash of the
     * identifiers, never the value. {@code found} says whether anything is held.
     */
    @GetMapping("/unregistered")
    @PreAuthorize("hasAuthority('subjects:read')")
    Overview.SubjectOverview unregistered(
            @RequestParam(required = false) String identifier,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String purpose,
            @RequestParam(defaultValue = "false") boolean external,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate callsFrom,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate callsTo,
            @RequestParam(defaultValue = "" + Overview.DEFAULT_CALLS) int calls,
            @RequestParam(defaultValue = "0") int callsOffset) {
        if (identifier == null || identifier.isBlank()) {
            throw ApiProblem.invalid("identifier", "identifier is required");
        }
        List<Identifier> identifiers;
        if (kind == null || kind.isBlank()) {
            identifiers = Identifiers.candidates(identifier);
            if (identifiers.isEmpty()) {
                throw ApiProblem.invalid("identifier", "identifier is empty or of no known kind");
            }
        } else {
            try {
                identifiers = List.of(Identifiers.normalise(kind(kind), identifier));
            } catch (InvalidIdentifierException e) {
                throw ApiProblem.invalid("identifier", e.getMessage());
            }
        }
        return overview.readUnregistered(
                identifiers, purpose, new Overview.Options(external, callsFrom, callsTo, calls, callsOffset));
    }

    /**
     * Changes the subject's own fields: {@code displayName} (required) and {@code externalRef} (left as it is when
     * the body does not mention it; null or "" clears it). Identifiers and roles have their own calls.
     */
    @PutMapping("/{id}")
    @PreAuthorize("hasAuthority('subjects:write')")
    Subject update(@PathVariable UUID id, @RequestBody JsonNode body) {
        return inventory.updateSubject(
                id, text(body, "displayName"), body != null && body.has("externalRef"), text(body, "externalRef"));
    }

    @PostMapping("/{id}/identifiers")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('subjects:write')")
    StoredIdentifier addIdentifier(@PathVariable UUID id, @RequestBody NewIdentifier body) {
        return inventory.addIdentifier(id, body);
    }

    @PutMapping("/{id}/identifiers/{identifierId}")
    @PreAuthorize("hasAuthority('subjects:write')")
    StoredIdentifier updateIdentifier(
            @PathVariable UUID id, @PathVariable UUID identifierId, @RequestBody NewIdentifier body) {
        return inventory.updateIdentifier(id, identifierId, body);
    }

    @DeleteMapping("/{id}/identifiers/{identifierId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasAuthority('subjects:write')")
    void removeIdentifier(@PathVariable UUID id, @PathVariable UUID identifierId) {
        inventory.removeIdentifier(id, identifierId);
    }

    @PostMapping("/{id}/roles")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('subjects:write')")
    RoleLink addRole(@PathVariable UUID id, @RequestBody NewRole body) {
        return inventory.addRole(id, body);
    }

    @PutMapping("/{id}/roles/{roleId}")
    @PreAuthorize("hasAuthority('subjects:write')")
    RoleLink updateRole(@PathVariable UUID id, @PathVariable UUID roleId, @RequestBody NewRole body) {
        return inventory.updateRole(id, roleId, body);
    }

    @DeleteMapping("/{id}/roles/{roleId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasAuthority('subjects:write')")
    void removeRole(@PathVariable UUID id, @PathVariable UUID roleId) {
        inventory.removeRole(id, roleId);
    }

    /** A text field of a JSON body; null when absent or null; any other type is refused naming the field. */
    static String text(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ApiProblem.invalid(field, field + " must be text");
        }
        return value.asString();
    }

    static IdentifierKind kind(String raw) {
        try {
            return IdentifierKind.valueOf(raw.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("kind", "kind must be one of " + List.of(IdentifierKind.values()));
        }
    }
}
