package nl.waarborg.disclosures.web;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import nl.waarborg.disclosures.Disclosure;
import nl.waarborg.disclosures.Disclosures;
import nl.waarborg.disclosures.DisclosuresException;
import nl.waarborg.errors.DomainException.Kind;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Disclosures to authorities over HTTP: record a demand, its answer and its end; the log, and the log as CSV. */
@RestController
@RequestMapping("/api/v1/disclosures")
class DisclosuresApi {

    private final Disclosures disclosures;

    DisclosuresApi(Disclosures disclosures) {
        this.disclosures = disclosures;
    }

    @GetMapping
    @PreAuthorize("hasAuthority('disclosures:read')")
    List<Disclosure> list(@RequestParam(defaultValue = "false") boolean open) {
        return disclosures.list(open);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('disclosures:write')")
    Disclosure record(@RequestBody(required = false) Disclosures.NewDisclosure body) {
        return disclosures.record(body);
    }

    @GetMapping("/{reference}")
    @PreAuthorize("hasAuthority('disclosures:read')")
    Disclosure get(@PathVariable String reference) {
        return found(reference);
    }

    /** {@code {"answeredAt": "…", "provided": "…"}}; without {@code answeredAt}: now. */
    record Answer(Instant answeredAt, String provided) {}

    @PostMapping("/{reference}/answer")
    @PreAuthorize("hasAuthority('disclosures:write')")
    Disclosure answer(@PathVariable String reference, @RequestBody(required = false) Answer answer) {
        Answer a = answer == null ? new Answer(null, null) : answer;
        return disclosures.answer(reference, a.answeredAt(), a.provided());
    }

    record Close(String note) {}

    @PostMapping("/{reference}/close")
    @PreAuthorize("hasAuthority('disclosures:write')")
    Disclosure close(@PathVariable String reference, @RequestBody(required = false) Close close) {
        return disclosures.close(reference, close == null ? null : close.note());
    }

    /** The whole log as CSV (for the provider's own records or an inspection); audited as a look at the log. */
    @GetMapping(value = "/export.csv", produces = "text/csv")
    @PreAuthorize("hasAuthority('disclosures:read')")
    ResponseEntity<String> csv() throws IOException {
        return csv(disclosures.list(false));
    }

    /** The log as a CSV download; the console's export link answers the same. */
    static ResponseEntity<String> csv(List<Disclosure> log) throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().get())) {
            csv.printRecord(
                    "reference",
                    "authority",
                    "legal_basis",
                    "basis_note",
                    "demand_reference",
                    "received_at",
                    "answered_at",
                    "subject_id",
                    "phone",
                    "categories",
                    "period_from",
                    "period_to",
                    "provided",
                    "tell",
                    "tell_from",
                    "handled_by",
                    "closed_at");
            for (Disclosure d : log) {
                csv.printRecord(
                        d.reference(),
                        cell(d.authority()),
                        d.legalBasis().name(),
                        cell(d.basisNote()),
                        cell(d.demandReference()),
                        d.receivedAt(),
                        d.answeredAt(),
                        d.subjectId(),
                        d.phone(),
                        String.join(" ", d.categories()),
                        d.periodFrom(),
                        d.periodTo(),
                        cell(d.provided()),
                        d.tell().name(),
                        d.tellFrom(),
                        d.handledBy(),
                        d.closedAt());
            }
        }
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"verstrekkingen.csv\"")
                .body(out.toString());
    }

    /** A cell a spreadsheet would run as a formula starts with an apostrophe. */
    static String cell(String value) {
        if (value == null) {
            return null;
        }
        return !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    private Disclosure found(String reference) {
        return disclosures
                .view(reference)
                .orElseThrow(() ->
                        new DisclosuresException(Kind.NOT_FOUND, "reference", "no disclosure has this reference"));
    }
}
