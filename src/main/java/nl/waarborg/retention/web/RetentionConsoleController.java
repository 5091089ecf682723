package nl.waarborg.retention.web;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.errors.DomainException;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.retention.RetentionException;
import nl.waarborg.retention.internal.Holds;
import nl.waarborg.retention.internal.Receipts;
import nl.waarborg.retention.internal.ReceiptsCsv;
import nl.waarborg.retention.internal.RetentionRuns;
import nl.waarborg.retention.internal.RetentionStatus;
import nl.waarborg.web.Downloads;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Console pages for retention: every category with its rule, cut-off, holds and last receipts; dry runs and runs; the
 * receipts; legal holds placed, reviewed and lifted. Errors are shown by field in the page's language.
 */
@Controller
class RetentionConsoleController {

    /** The fields and problem types the pages have a message for; anything else shows the domain's own text. */
    private static final Set<String> KNOWN = Set.of(
            "scope",
            "targetId",
            "category",
            "from",
            "to",
            "reason",
            "reference",
            "reviewOn",
            "asOf",
            "run-in-progress",
            "hold-scope");

    private final RetentionRuns runs;
    private final RetentionStatus status;
    private final Receipts receipts;
    private final Holds holds;

    RetentionConsoleController(RetentionRuns runs, RetentionStatus status, Receipts receipts, Holds holds) {
        this.runs = runs;
        this.status = status;
        this.receipts = receipts;
        this.holds = holds;
    }

    @GetMapping("/console/retention")
    @PreAuthorize("hasAuthority('retention:read')")
    String overview(@RequestParam(required = false) String count, Model model) {
        model.addAttribute("status", "true".equals(count) ? status.count() : status.status(false));
        return "retention/overview";
    }

    /** A dry run: what would go, per category and place; changes nothing. */
    @PostMapping("/console/retention/dry-run")
    @PreAuthorize("hasAuthority('retention:read')")
    String dryRun(
            @RequestParam(required = false) String category, @RequestParam(required = false) String asOf, Model model) {
        try {
            model.addAttribute(
                    "report", runs.run(new RetentionRuns.Order(date(asOf), scope(category), true, "console")));
            return "retention/run";
        } catch (DomainException e) {
            return failed(e, model, overview(null, model));
        }
    }

    /** A run now, for every category or one: deletes what is due and writes the receipts. */
    @PostMapping("/console/retention/run")
    @PreAuthorize("hasAuthority('retention:write')")
    String run(@RequestParam(required = false) String category, Model model) {
        try {
            model.addAttribute("report", runs.run(new RetentionRuns.Order(null, scope(category), false, "console")));
            status.refreshReceiptGauges();
            return "retention/run";
        } catch (DomainException e) {
            return failed(e, model, overview(null, model));
        }
    }

    @GetMapping("/console/retention/receipts")
    @PreAuthorize("hasAuthority('retention:read')")
    String receipts(@RequestParam(required = false) String category, Model model) {
        String only = category == null || category.isBlank() || category.length() > 200 ? null : category;
        model.addAttribute("receipts", receipts.list(only, null, null, null, 500));
        model.addAttribute("category", only);
        return "retention/receipts";
    }

    @GetMapping("/console/retention/receipts.csv")
    @PreAuthorize("hasAuthority('retention:read')")
    ResponseEntity<byte[]> receiptsCsv() {
        return Downloads.attachment("text/csv; charset=utf-8", "retention-receipts.csv")
                .body(ReceiptsCsv.write(receipts.list(null, null, null, null, 100_000))
                        .getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/console/retention/holds")
    @PreAuthorize("hasAuthority('retention:read')")
    String holds(@RequestParam(required = false) String lifted, Model model) {
        model.addAttribute("withLifted", "true".equals(lifted));
        model.addAttribute("holds", holds.list("true".equals(lifted)));
        model.addAttribute("status", status.status(false));
        return "retention/holds";
    }

    @PostMapping("/console/retention/holds")
    @PreAuthorize("hasAuthority('retention:write')")
    String place(
            @RequestParam(required = false) String scope,
            @RequestParam(required = false) String targetId,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String reference,
            @RequestParam(required = false) String reviewOn,
            Model model) {
        try {
            holds.place(new Holds.NewHold(
                    scope,
                    uuid(targetId),
                    category,
                    date(from, "from"),
                    date(to, "to"),
                    reason,
                    reference,
                    date(reviewOn, "reviewOn")));
            return "redirect:/console/retention/holds?placed=true";
        } catch (DomainException e) {
            model.addAttribute("form", new Form(scope, targetId, category, from, to, reason, reference, reviewOn));
            return failed(e, model, holds(null, model));
        }
    }

    /** What was typed, shown again after an error. */
    record Form(
            String scope,
            String targetId,
            String category,
            String from,
            String to,
            String reason,
            String reference,
            String reviewOn) {}

    @PostMapping("/console/retention/holds/{id}/review")
    @PreAuthorize("hasAuthority('retention:write')")
    String review(@PathVariable UUID id, @RequestParam(required = false) String reviewOn, Model model) {
        try {
            holds.review(id, date(reviewOn, "reviewOn"));
            return "redirect:/console/retention/holds?reviewed=true";
        } catch (DomainException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                throw e;
            }
            return failed(e, model, holds(null, model));
        }
    }

    @PostMapping("/console/retention/holds/{id}/lift")
    @PreAuthorize("hasAuthority('retention:write')")
    String lift(@PathVariable UUID id, @RequestParam(required = false) String reason, Model model) {
        try {
            holds.lift(id, reason);
            return "redirect:/console/retention/holds?lifted=true";
        } catch (DomainException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                throw e;
            }
            return failed(e, model, holds(null, model));
        }
    }

    private static String failed(DomainException e, Model model, String view) {
        String key = !e.slug().equals(e.kind().slug()) ? e.slug() : e.field();
        model.addAttribute("error", key != null && KNOWN.contains(key) ? key : null);
        model.addAttribute("errorDetail", e.detail());
        return view;
    }

    /** "*" is every category; nothing chosen is an error, so an empty form never starts a run. */
    private static String scope(String category) {
        if (category == null || category.isBlank()) {
            throw new RetentionException(Kind.INVALID, "category", "choose a category, or all categories");
        }
        return "*".equals(category) ? null : category;
    }

    private static LocalDate date(String value) {
        return date(value, "asOf");
    }

    private static LocalDate date(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new RetentionException(Kind.INVALID, field, field + " must be a date as YYYY-MM-DD that exists");
        }
    }

    private static UUID uuid(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw new RetentionException(Kind.INVALID, "targetId", "targetId must be an id such as 3f2a…");
        }
    }
}
