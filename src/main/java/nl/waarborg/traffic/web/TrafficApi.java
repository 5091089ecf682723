package nl.waarborg.traffic.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.traffic.TrafficData;
import nl.waarborg.traffic.TrafficData.CallRecord;
import nl.waarborg.traffic.TrafficException;
import nl.waarborg.traffic.internal.CdrFormat;
import nl.waarborg.traffic.internal.CdrIngest;
import nl.waarborg.traffic.internal.IngestResult;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Bulk CDR ingest (the body is streamed, never held whole) and a person's calls by number. */
@RestController
@RequestMapping("/api/v1/traffic")
class TrafficApi {

    private final CdrIngest ingest;
    private final TrafficData store;

    TrafficApi(CdrIngest ingest, TrafficData store) {
        this.ingest = ingest;
        this.store = store;
    }

    /** The raw file as the body (any content type but a form); {@code format} says how to read it. */
    @PostMapping("/cdr")
    @PreAuthorize("hasAuthority('subjects:write')")
    IngestResult ingest(@RequestParam String format, HttpServletRequest request) throws IOException {
        CdrFormat f = CdrFormat.of(format)
                .orElseThrow(() ->
                        new TrafficException(Kind.INVALID, "format", "must be asterisk, freeswitch, 3cx or jsonl"));
        return ingest.ingest(f, request.getInputStream());
    }

    record Calls(int count, List<CallRecord> calls) {}

    @GetMapping("/cdr")
    @PreAuthorize("hasAuthority('subjects:read')")
    Calls calls(
            @RequestParam List<String> number,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "1000") int limit,
            @RequestParam(required = false) String subjectId,
            @RequestParam(required = false) String purpose) {
        List<CallRecord> calls = store.callsOf(number, from, to, limit, subjectId, purpose);
        return new Calls(calls.size(), calls);
    }
}
