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
 * Systems that send personal data to a recipient of the register report each transfer here; the person's transfers
 * are read back (for an access answer, or by staff).
 */
@RestController
@RequestMapping("/api/v1/recipients")
class TransfersApi {

    private final Transfers transfers;

    TransfersApi(Transfers transfers) {
        this.transfers = transfers;
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
}
