package nl.waarborg.requests.web;

import nl.waarborg.requests.internal.ProcessingBlocks;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * For the provider's other systems (a newsletter tool before each mailing, a CRM before an export): may this person's
 * data be processed? Answered from the index by any identifier, with a token that may ask nothing else
 * ({@code status:read}). An answer that reveals a block is audited (by the identifier's hash, never its value, in
 * batches: see {@link ProcessingBlocks#flushAudit()}); an answer without one says nothing about anyone (an unknown
 * identifier gets the same) and is not.
 */
@RestController
class ProcessingStatusApi {

    private final ProcessingBlocks blocks;

    ProcessingStatusApi(ProcessingBlocks blocks) {
        this.blocks = blocks;
    }

    @GetMapping("/api/v1/processing-status")
    @PreAuthorize("hasAuthority('status:read')")
    ProcessingBlocks.Status status(
            @RequestParam(required = false) String identifier, @RequestParam(required = false) String kind) {
        return blocks.status(identifier, kind);
    }
}
