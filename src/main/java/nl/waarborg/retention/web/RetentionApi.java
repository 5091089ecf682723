package nl.waarborg.retention.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.retention.LegalHold;
import nl.waarborg.retention.RetentionException;
import nl.waarborg.retention.internal.ClientPeriods;
import nl.waarborg.retention.internal.Holds;
import nl.waarborg.retention.internal.Receipt;
import nl.waarborg.retention.internal.Receipts;
import nl.waarborg.retention.internal.ReceiptsCsv;
import nl.waarborg.retention.internal.RetentionImpact;
import nl.waarborg.retention.internal.RetentionRuns;
import nl.waarborg.retention.internal.RetentionStatus;
import nl.waarborg.web.Downloads;
import org.springframework.http.HttpStatus;
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

/** Retention: where it stands, runs and dry runs, the receipts that prove it, and legal holds. */
@RestController
@RequestMapping("/api/v1/retention")
class RetentionApi {

    private final RetentionRuns runs;
    private final RetentionStatus status;
    private final Receipts receipts;
    private final Holds holds;
    private final RetentionImpact impact;
    private final ClientPeriods clientPeriods;

    RetentionApi(
            RetentionRuns runs,
            RetentionStatus status,
            Receipts receipts,
            Holds holds,
            RetentionImpact impact,
            ClientPeriods clientPeriods) {
        this.impact = impact;
        this.clientPeriods = clientPeriods;
        this.runs = runs;
        this.status = status;
        this.receipts = receipts;
        this.holds = holds;
    }

    /** Every category with its rule, cut-off, places, holds and last receipts; {@code count=true} adds what is due. */
    @GetMapping("/status")
    @PreAuthorize("hasAuthority('retention:read')")
    RetentionStatus.Status status(@RequestParam(defaultValue = "false") boolean count) {
        return count ? status.count() : status.status(false);
    }

    /**
     * @param asOf the day to count to, as {@code YYYY-MM-DD}; left out for today (a run never counts past today)
     * @param category one register category key; left out for all
     */
    record RunBody(String asOf, String category) {}

    /**
     * Runs retention now: deletes what is due in every place and writes the receipts. The body is required, {@code {}}
     * for every category up to today: an empty or damaged request never starts a run.
     */
    @PostMapping("/runs")
    @PreAuthorize("hasAuthority('retention:write')")
    RetentionRuns.Report run(@RequestBody(required = false) RunBody body) {
        RetentionRuns.Report report = runs.run(order(body, false));
        status.refreshReceiptGauges();
        return report;
    }

    /** What a run would remove, per category and place, with the cut-off; changes nothing and writes no receipt. */
    @PostMapping("/dry-runs")
    @PreAuthorize("hasAuthority('retention:read')")
    RetentionRuns.Report dryRun(@RequestBody(required = false) RunBody body) {
        return runs.run(order(body, true));
    }

    private static RetentionRuns.Order order(RunBody body, boolean dryRun) {
        if (body == null) {
            throw new RetentionException(
                    Kind.INVALID, "body", "a run needs a JSON body: {} for every category up to today");
        }
        LocalDate asOf = null;
        if (body.asOf() != null) {
            try {
                asOf = LocalDate.parse(body.asOf());
            } catch (java.time.format.DateTimeParseException e) {
                throw new RetentionException(
                        Kind.INVALID, "asOf", "asOf must be a date as YYYY-MM-DD that exists; leave it out for today");
            }
        }
        if (body.category() != null && body.category().isBlank()) {
            throw new RetentionException(
                    Kind.INVALID, "category", "category is empty; leave it out for every category");
        }
        if (body.category() != null && body.category().length() > 200) {
            throw new RetentionException(Kind.INVALID, "category", "category is longer than 200 characters");
        }
        return new RetentionRuns.Order(asOf, body.category(), dryRun, "api");
    }

    /**
     * What applying this register file would do at the next run, per category whose rule changes and per place:
     * counted under the rule in force and under the new one. Applies nothing (see {@code POST /api/v1/register}).
     */
    @PostMapping(path = "/impact", consumes = "*/*")
    @PreAuthorize("hasAuthority('retention:read') and hasAuthority('register:read')")
    RetentionImpact.Impact impact(@RequestBody(required = false) byte[] body) {
        return impact.of(body);
    }

    @GetMapping("/receipts")
    @PreAuthorize("hasAuthority('retention:read')")
    List<Receipt> receipts(
            @RequestParam(required = false) String category,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(required = false) UUID run,
            @RequestParam(defaultValue = "500") int limit) {
        return receipts.list(blank(category), from, to, run, limit(limit));
    }

    /** The same receipts as a spreadsheet (UTF-8 CSV). */
    @GetMapping(value = "/receipts.csv", produces = "text/csv")
    @PreAuthorize("hasAuthority('retention:read')")
    ResponseEntity<byte[]> receiptsCsv(
            @RequestParam(required = false) String category,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(required = false) UUID run,
            @RequestParam(defaultValue = "10000") int limit) {
        String csv = ReceiptsCsv.write(receipts.list(blank(category), from, to, run, limit(limit)));
        return Downloads.attachment("text/csv; charset=utf-8", "retention-receipts.csv")
                .body(csv.getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/receipts/{id}")
    @PreAuthorize("hasAuthority('retention:read')")
    Receipt receipt(@PathVariable UUID id) {
        return receipts.get(id)
                .orElseThrow(() -> new RetentionException(Kind.NOT_FOUND, null, "no receipt has this id"));
    }

    /** The periods client organisations chose for categories whose rule they set; with history, superseded ones too. */
    @GetMapping("/client-periods")
    @PreAuthorize("hasAuthority('retention:read')")
    List<ClientPeriods.Choice> clientPeriods(@RequestParam(defaultValue = "false") boolean history) {
        return clientPeriods.list(history);
    }

    /**
     * Records a client organisation's own period (refused above the register's maximum); it supersedes the previous
     * one and applies from the next run.
     */
    @PostMapping("/client-periods")
    @PreAuthorize("hasAuthority('retention:write')")
    @ResponseStatus(HttpStatus.CREATED)
    ClientPeriods.Choice recordClientPeriod(@RequestBody(required = false) ClientPeriods.NewChoice body) {
        return clientPeriods.record(body);
    }

    @GetMapping("/holds")
    @PreAuthorize("hasAuthority('retention:read')")
    List<LegalHold> holds(@RequestParam(defaultValue = "false") boolean lifted) {
        return holds.list(lifted);
    }

    @PostMapping("/holds")
    @PreAuthorize("hasAuthority('retention:write')")
    @ResponseStatus(HttpStatus.CREATED)
    LegalHold place(@RequestBody(required = false) Holds.NewHold body) {
        return holds.place(body);
    }

    @GetMapping("/holds/{id}")
    @PreAuthorize("hasAuthority('retention:read')")
    LegalHold hold(@PathVariable UUID id) {
        return holds.get(id);
    }

    record Review(LocalDate reviewOn) {}

    /** The hold still applies: the next review date. */
    @PostMapping("/holds/{id}/review")
    @PreAuthorize("hasAuthority('retention:write')")
    LegalHold review(@PathVariable UUID id, @RequestBody(required = false) Review body) {
        return holds.review(id, body == null ? null : body.reviewOn());
    }

    record Lift(String reason) {}

    /** Lifts the hold; what it kept is due at the next run. */
    @PostMapping("/holds/{id}/lift")
    @PreAuthorize("hasAuthority('retention:write')")
    LegalHold lift(@PathVariable UUID id, @RequestBody(required = false) Lift body) {
        return holds.lift(id, body == null ? null : body.reason());
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static int limit(int limit) {
        if (limit < 1 || limit > 100_000) {
            throw new RetentionException(Kind.INVALID, "limit", "limit must lie between 1 and 100000");
        }
        return limit;
    }
}
