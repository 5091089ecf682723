package nl.waarborg.disclosures.web;

import java.time.Instant;
import java.util.List;
import nl.waarborg.disclosures.Disclosure;
import nl.waarborg.disclosures.Disclosures;
import nl.waarborg.disclosures.DisclosuresException;
import nl.waarborg.documents.Spreadsheets;
import nl.waarborg.documents.Table;
import nl.waarborg.errors.DomainException.Kind;
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
    ResponseEntity<byte[]> csv() {
        return export(disclosures.list(false), "csv");
    }

    /** The whole log as an XLSX workbook; audited as a look at the log. */
    @GetMapping("/export.xlsx")
    @PreAuthorize("hasAuthority('disclosures:read')")
    ResponseEntity<byte[]> xlsx() {
        return export(disclosures.list(false), "xlsx");
    }

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** The log as a download, {@code csv} or {@code xlsx}; the console's export links answer the same. */
    static ResponseEntity<byte[]> export(List<Disclosure> log, String format) {
        List<List<String>> rows = new java.util.ArrayList<>();
        for (Disclosure d : log) {
            rows.add(java.util.Arrays.asList(
                    d.reference(),
                    d.authority(),
                    d.legalBasis().name(),
                    d.basisNote(),
                    d.demandReference(),
                    text(d.receivedAt()),
                    text(d.answeredAt()),
                    text(d.subjectId()),
                    d.phone(),
                    String.join(" ", d.categories()),
                    text(d.periodFrom()),
                    text(d.periodTo()),
                    d.provided(),
                    d.tell().name(),
                    text(d.tellFrom()),
                    d.handledBy(),
                    text(d.closedAt())));
        }
        return sheet(
                "Verstrekkingen",
                "verstrekkingen",
                List.of(
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
                        "closed_at"),
                rows,
                format);
    }

    /** Rows as a CSV or a one-sheet workbook to download. */
    static ResponseEntity<byte[]> sheet(
            String sheetName, String fileBase, List<String> columns, List<List<String>> rows, String format) {
        boolean csv = format.equals("csv");
        // In a CSV a cell that starts like a formula is defused; in a workbook every cell is plain text already.
        List<List<String>> cells = rows.stream()
                .map(r -> r.stream()
                        .map(v -> v == null ? "" : csv ? Spreadsheets.safeCell(v) : v)
                        .toList())
                .toList();
        Table table = new Table(sheetName, List.of(), columns, cells);
        return ResponseEntity.ok()
                .contentType(
                        csv
                                ? new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8)
                                : MediaType.parseMediaType(XLSX))
                .header("Content-Disposition", "attachment; filename=\"" + fileBase + "." + format + "\"")
                .body(csv ? Spreadsheets.csv(table) : Spreadsheets.xlsx(List.of(table)));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private Disclosure found(String reference) {
        return disclosures
                .view(reference)
                .orElseThrow(() ->
                        new DisclosuresException(Kind.NOT_FOUND, "reference", "no disclosure has this reference"));
    }
}
