package nl.waarborg.audit.web;

import java.time.Instant;
import java.util.List;
import nl.waarborg.audit.Actor;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditEntry;
import nl.waarborg.audit.AuditQuery;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.audit.ChainVerification;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/audit")
class AuditApi {

    private final AuditTrail audit;

    AuditApi(AuditTrail audit) {
        this.audit = audit;
    }

    @GetMapping("/entries")
    @PreAuthorize("hasAuthority('audit:read')")
    List<AuditEntry> entries(
            @RequestParam(required = false) Actor.ActorType actorType,
            @RequestParam(required = false) String actorId,
            @RequestParam(required = false) AuditAction action,
            @RequestParam(required = false) String targetType,
            @RequestParam(required = false) String targetId,
            @RequestParam(required = false) String subjectId,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(required = false) Long beforeId,
            @RequestParam(defaultValue = "50") int limit) {
        return audit.find(
                new AuditQuery(actorType, actorId, action, targetType, targetId, subjectId, from, to, beforeId, limit));
    }

    @GetMapping("/verify")
    @PreAuthorize("hasAuthority('audit:read')")
    ChainVerification verify() {
        return audit.verify();
    }
}
