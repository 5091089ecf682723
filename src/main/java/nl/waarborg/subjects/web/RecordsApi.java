package nl.waarborg.subjects.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.waarborg.subjects.internal.Model.NewRecord;
import nl.waarborg.subjects.internal.Model.RecordContent;
import nl.waarborg.subjects.internal.Model.StoredRecord;
import nl.waarborg.subjects.internal.Overview;
import nl.waarborg.subjects.internal.RecordCategories;
import nl.waarborg.subjects.internal.RecordStore;
import nl.waarborg.web.ApiProblem;
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

/** Records of the built-in store. Reading a sensitive record needs a {@code reason}; every read is audited. */
@RestController
@RequestMapping("/api/v1/subjects")
class RecordsApi {

    private final RecordStore store;
    private final Overview overview;
    private final RecordCategories categories;

    RecordsApi(RecordStore store, Overview overview, RecordCategories categories) {
        this.store = store;
        this.overview = overview;
        this.categories = categories;
    }

    @PostMapping("/records")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('subjects:write')")
    StoredRecord create(@RequestBody NewRecord body) {
        return store.create(body);
    }

    /** Many records as newline-delimited JSON (one NewRecord per line), streamed; each line its own transaction. */
    @PostMapping(
            path = "/records/bulk",
            consumes = {"application/x-ndjson", "application/jsonl", "text/plain"})
    @PreAuthorize("hasAuthority('subjects:write')")
    Map<String, Object> bulk(HttpServletRequest request) throws IOException {
        return NdjsonImport.asMap(NdjsonImport.run(request.getInputStream(), NewRecord.class, store::create));
    }

    @GetMapping("/records/{id}")
    @PreAuthorize("hasAuthority('subjects:read')")
    RecordContent read(
            @PathVariable UUID id,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String purpose) {
        return store.read(id, reason != null ? reason : purpose);
    }

    @PutMapping("/records/{id}")
    @PreAuthorize("hasAuthority('subjects:write')")
    StoredRecord update(@PathVariable UUID id, @RequestBody NewRecord body) {
        return store.update(id, body);
    }

    record Assignment(String category) {}

    /**
     * Puts a record that waits for its register category (its key is covered by several rows, or by none when it was
     * stored) into one of the rows that could hold it; {@code candidates} in the list below name them.
     */
    @PutMapping("/records/{id}/category")
    @PreAuthorize("hasAuthority('subjects:write')")
    StoredRecord assign(@PathVariable UUID id, @RequestBody Assignment body) {
        return store.assign(id, body == null ? null : body.category());
    }

    /**
     * @param candidates the register categories that could hold it; empty when none covers its key yet
     */
    record Unassigned(StoredRecord record, List<String> candidates) {}

    /** Records that wait for a person to choose their register category, oldest first; metadata only. */
    @GetMapping("/records/unassigned")
    @PreAuthorize("hasAuthority('subjects:read')")
    List<Unassigned> unassigned(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.invalid("limit", "must be between 1 and 1000");
        }
        return store.unassigned(limit).stream()
                .map(r ->
                        new Unassigned(r, categories.resolve(r.givenCategory()).candidates()))
                .toList();
    }

    @DeleteMapping("/records/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasAuthority('subjects:write')")
    void delete(@PathVariable UUID id, @RequestParam(required = false) String purpose) {
        store.delete(id, purpose);
    }

    /** A subject's records with where they live and when they are due, without payloads; audited as a read. */
    @GetMapping("/{id}/records")
    @PreAuthorize("hasAuthority('subjects:read')")
    List<Overview.RecordView> ofSubject(@PathVariable UUID id, @RequestParam(required = false) String purpose) {
        return overview.records(id, purpose).orElseThrow(() -> ApiProblem.notFound("Subject " + id));
    }
}
