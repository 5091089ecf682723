package nl.waarborg.disclosures.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nl.waarborg.disclosures.AgreementDocuments;
import nl.waarborg.disclosures.DisclosuresException;
import nl.waarborg.disclosures.Transfers;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.Recipient;
import nl.waarborg.register.RecipientKind;
import nl.waarborg.register.Registers;
import nl.waarborg.web.ConsoleInputs;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The recipients as the log knows them: per recipient how many transfers and people, the transfers of a recipient and
 * a period (with CSV and XLSX export), and the signed processing agreement of each recipient and client organisation
 * (uploaded here, kept sealed). The register's own recipients page says what the register promises; this one says what
 * happened.
 */
@Controller
class RecipientsConsoleController {

    /** The most the page lists; the export answers up to {@link Transfers#MAX_LISTED}. */
    static final int ON_PAGE = 200;

    private final Transfers transfers;
    private final AgreementDocuments documents;
    private final Registers registers;

    RecipientsConsoleController(Transfers transfers, AgreementDocuments documents, Registers registers) {
        this.transfers = transfers;
        this.documents = documents;
        this.registers = registers;
    }

    /** A party that can sign an agreement: a recipient (not an authority) or a client organisation of the register. */
    public record Party(String key, String name, boolean client) {}

    @GetMapping("/console/disclosures/recipients")
    @PreAuthorize("hasAuthority('disclosures:read')")
    String page(
            @RequestParam(required = false) String recipient,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            Model model) {
        model.addAttribute("totals", transfers.totals());
        model.addAttribute("parties", parties());
        model.addAttribute("documents", documents.inForce());
        model.addAttribute("recipient", recipient);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        try {
            List<Transfers.Transfer> shown = transfers.list(
                    recipient,
                    ConsoleInputs.day(from, "from"),
                    ConsoleInputs.day(to, "to"),
                    ON_PAGE,
                    "transfers log viewed");
            model.addAttribute("transfers", shown);
            // Categories by their register name in the page's language, the key kept for the export.
            java.util.Locale locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
            java.util.Map<String, String> names = new java.util.HashMap<>();
            shown.forEach(t -> t.categories()
                    .forEach(k -> names.computeIfAbsent(
                            k, key -> registers.describe(key).in(locale))));
            model.addAttribute("categoryNames", names);
        } catch (nl.waarborg.errors.DomainException e) {
            model.addAttribute("transfers", List.of());
            model.addAttribute("categoryNames", java.util.Map.of());
            model.addAttribute("errorField", e.field());
            model.addAttribute("errorDetail", e.getMessage());
        }
        model.addAttribute("limit", ON_PAGE);
        return "disclosures/recipients";
    }

    @GetMapping("/console/disclosures/recipients/export.{format:csv|xlsx}")
    @PreAuthorize("hasAuthority('disclosures:read')")
    ResponseEntity<byte[]> export(
            @PathVariable String format,
            @RequestParam(required = false) String recipient,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        return export(transfers, format, recipient, from, to);
    }

    /** The transfers of a recipient and period of Dutch days as a download, for the console and the API alike. */
    static ResponseEntity<byte[]> export(Transfers transfers, String format, String recipient, String from, String to) {
        return export(
                transfers.list(
                        recipient,
                        ConsoleInputs.day(from, "from"),
                        ConsoleInputs.day(to, "to"),
                        Transfers.MAX_LISTED,
                        "transfers log exported"),
                format);
    }

    private static ResponseEntity<byte[]> export(List<Transfers.Transfer> found, String format) {
        List<List<String>> rows = new ArrayList<>();
        for (Transfers.Transfer t : found) {
            rows.add(Arrays.asList(
                    t.recipientKey(),
                    t.recipientName(),
                    t.via(),
                    t.subjectId().toString(),
                    String.join(" ", t.categories()),
                    t.sentAt().toString(),
                    t.reference()));
        }
        return DisclosuresApi.sheet(
                "Ontvangers",
                "verstuurd-aan-ontvangers",
                List.of("recipient_key", "recipient", "via", "subject_id", "categories", "sent_at", "reference"),
                rows,
                format);
    }

    @PostMapping("/console/disclosures/recipients/agreement-document")
    @PreAuthorize("hasAuthority('register:write')")
    String attach(
            @RequestParam(required = false) String party,
            @RequestParam(required = false) MultipartFile file,
            Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        return ConsoleInputs.act(
                model,
                response,
                () -> documents.store(
                        party,
                        file == null ? null : file.getOriginalFilename(),
                        file == null || file.isEmpty() ? null : bytes(file)),
                () -> "redirect:/console/disclosures/recipients?saved#agreements",
                () -> page(null, null, null, model));
    }

    /** The signed agreement in force as uploaded; opening it is audited. */
    @GetMapping("/console/disclosures/recipients/{party}/agreement-document")
    @PreAuthorize("hasAuthority('register:read')")
    ResponseEntity<byte[]> document(@PathVariable String party) {
        return RecipientsApi.pdf(documents
                .open(party)
                .orElseThrow(() -> new DisclosuresException(
                        Kind.NOT_FOUND, "party", "no signed agreement has been stored for this key")));
    }

    private List<Party> parties() {
        List<Party> parties = new ArrayList<>();
        registers.current().ifPresent(v -> {
            for (Recipient r : v.register().recipients()) {
                if (r.kind() != RecipientKind.AUTHORITY) {
                    parties.add(new Party(r.key(), r.name(), false));
                }
            }
            v.register().clients().forEach(c -> parties.add(new Party(c.key(), c.name(), true)));
        });
        return parties;
    }

    private static byte[] bytes(MultipartFile file) {
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new DisclosuresException(Kind.INVALID, "file", "the upload could not be read; send it again");
        }
    }
}
