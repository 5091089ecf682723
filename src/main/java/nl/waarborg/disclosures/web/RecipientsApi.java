package nl.waarborg.disclosures.web;

import java.util.List;
import java.util.UUID;
import nl.waarborg.disclosures.Transfers;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The register's recipients over HTTP beyond what the register says: the transfers the sending systems report (read
 * back for an access answer, or by staff) and the signed processing agreement of each.
 */
@RestController
@RequestMapping("/api/v1/recipients")
class RecipientsApi {

    private final Transfers transfers;
    private final nl.waarborg.disclosures.AgreementDocuments documents;

    RecipientsApi(Transfers transfers, nl.waarborg.disclosures.AgreementDocuments documents) {
        this.transfers = transfers;
        this.documents = documents;
    }

    /**
     * Stores the signed processing agreement of a recipient or client organisation of the register: a PDF of at most
     * 20 MB as the body, sealed with the keyring; the newest upload is the one in force.
     */
    @PostMapping(path = "/{key}/agreement-document", consumes = "*/*")
    @org.springframework.web.bind.annotation.ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('register:write')")
    nl.waarborg.disclosures.AgreementDocuments.Stored attach(
            @PathVariable String key,
            @RequestParam(required = false) String fileName,
            @RequestBody(required = false) byte[] pdf) {
        return documents.store(key, fileName, pdf);
    }

    /** The signed agreement in force, as the PDF uploaded; audited. */
    @GetMapping("/{key}/agreement-document")
    @PreAuthorize("hasAuthority('register:read')")
    ResponseEntity<byte[]> document(@PathVariable String key) {
        var d = documents
                .open(key)
                .orElseThrow(() -> new nl.waarborg.disclosures.DisclosuresException(
                        nl.waarborg.errors.DomainException.Kind.NOT_FOUND,
                        "party",
                        "no signed agreement has been stored for this key"));
        return pdf(d);
    }

    /** A stored agreement as a download, with its SHA-256 so the reader can compare it with the signed original. */
    static ResponseEntity<byte[]> pdf(nl.waarborg.disclosures.AgreementDocuments.Document d) {
        return ResponseEntity.ok()
                .contentType(org.springframework.http.MediaType.APPLICATION_PDF)
                .header(
                        "Content-Disposition",
                        "attachment; filename=\"" + d.stored().fileName() + "\"")
                .header("X-Content-SHA256", d.stored().sha256())
                .body(d.pdf());
    }

    /** {@code 201} for a new transfer, {@code 200} with the one recorded before for the same reference. */
    @PostMapping("/{key}/transfers")
    @PreAuthorize("hasAuthority('subjects:write')")
    ResponseEntity<Transfers.Transfer> record(
            @PathVariable String key, @RequestBody(required = false) Transfers.NewTransfer body) {
        Transfers.Recorded r = transfers.record(key, body);
        return ResponseEntity.status(r.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(r.transfer());
    }

    @GetMapping("/transfers")
    @PreAuthorize("hasAuthority('subjects:read')")
    List<Transfers.Transfer> of(@RequestParam UUID subjectId) {
        return transfers.of(subjectId, "transfers looked up");
    }

    /**
     * The transfers log of one recipient ({@code recipient}, optional) and period of Dutch days ({@code from},
     * {@code to}: each optional), newest first, as CSV or XLSX; at most 50,000 rows, narrow the period for more.
     */
    @GetMapping("/transfers/export.{format:csv|xlsx}")
    @PreAuthorize("hasAuthority('disclosures:read')")
    ResponseEntity<byte[]> export(
            @PathVariable String format,
            @RequestParam(required = false) String recipient,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        return RecipientsConsoleController.export(transfers, format, recipient, from, to);
    }
}
