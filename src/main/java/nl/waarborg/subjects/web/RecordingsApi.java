package nl.waarborg.subjects.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import nl.waarborg.subjects.Identifiers;
import nl.waarborg.subjects.internal.Model.NewRecording;
import nl.waarborg.subjects.internal.Model.Recording;
import nl.waarborg.subjects.internal.Recordings;
import nl.waarborg.web.ApiProblem;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Call recordings: the audio is sent as the raw request body ({@code Content-Type: audio/...}), streamed (encrypted on
 * the way) to the file store; the call's facts travel as query parameters. Listening needs a reason and is audited;
 * the audio is decrypted while it streams, and range requests are answered by seeking to the chunk that holds them.
 */
@RestController
@RequestMapping("/api/v1/subjects/recordings")
class RecordingsApi {

    private final Recordings recordings;

    RecordingsApi(Recordings recordings) {
        this.recordings = recordings;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('subjects:write')")
    Recording upload(
            @RequestParam(required = false) String callId,
            @RequestParam(required = false) String caller,
            @RequestParam(required = false) String callee,
            @RequestParam(required = false) Instant startedAt,
            @RequestParam(required = false) Integer durationSeconds,
            @RequestParam(required = false) String service,
            @RequestParam(required = false) UUID serviceDeliveredId,
            HttpServletRequest request)
            throws IOException {
        return recordings.store(
                new NewRecording(
                        callId,
                        caller,
                        callee,
                        startedAt,
                        durationSeconds,
                        service,
                        serviceDeliveredId,
                        request.getContentType()),
                request.getInputStream());
    }

    /** Recordings in which a phone number took part, newest first. */
    @GetMapping
    @PreAuthorize("hasAuthority('subjects:read')")
    @Transactional
    List<Recording> byNumber(
            @RequestParam(required = false) String number,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(required = false) String purpose) {
        String e164 = Identifiers.phone(number)
                .orElseThrow(() -> ApiProblem.invalid("number", "number is not a valid phone number"));
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.invalid("limit", "limit must be between 1 and 1000");
        }
        List<Recording> found = recordings.byNumber(e164, limit);
        found.forEach(r -> recordings.auditRead(r, purpose));
        return found;
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('subjects:read')")
    @Transactional
    Recording get(@PathVariable UUID id, @RequestParam(required = false) String purpose) {
        Recording recording = recordings.recording(id).orElseThrow(() -> ApiProblem.notFound("Recording " + id));
        recordings.auditRead(recording, purpose);
        return recording;
    }

    @GetMapping("/{id}/audio")
    @PreAuthorize("hasAuthority('subjects:read')")
    ResponseEntity<Resource> audio(@PathVariable UUID id, @RequestParam(required = false) String reason) {
        Recordings.Audio audio = recordings.open(id, reason);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(audio.recording().contentType()))
                .header(HttpHeaders.ACCEPT_RANGES, "bytes")
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("recording-" + id + audio.extension())
                                .build()
                                .toString())
                .body(audio.body());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasAuthority('subjects:write')")
    void delete(@PathVariable UUID id, @RequestParam(required = false) String purpose) {
        recordings.delete(id, purpose);
    }
}
