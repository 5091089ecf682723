package nl.waarborg.audit.web;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.waarborg.audit.Actor;
import nl.waarborg.audit.ActorNames;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditEntry;
import nl.waarborg.audit.AuditQuery;
import nl.waarborg.audit.AuditTrail;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Browse and filter the audit trail, newest first, and check the chain on demand. */
@Controller
class AuditConsoleController {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final int PAGE = 50;

    private final AuditTrail audit;
    private final List<ActorNames> actorNames;

    AuditConsoleController(AuditTrail audit, List<ActorNames> actorNames) {
        this.audit = audit;
        this.actorNames = actorNames;
    }

    @GetMapping("/console/audit")
    @PreAuthorize("hasAuthority('audit:read')")
    String entries(
            @RequestParam(required = false) Actor.ActorType actorType,
            @RequestParam(required = false) AuditAction action,
            @RequestParam(required = false) String targetType,
            @RequestParam(required = false) String targetId,
            @RequestParam(required = false) String subjectId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) Long beforeId,
            Model model) {
        List<AuditEntry> entries = audit.find(new AuditQuery(
                actorType,
                null,
                action,
                targetType,
                targetId,
                subjectId,
                from == null ? null : from.atStartOfDay(AMSTERDAM).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(AMSTERDAM).toInstant(),
                beforeId,
                PAGE));
        model.addAttribute("entries", entries);
        model.addAttribute("actorNames", names(entries));
        model.addAttribute("actorTypes", Actor.ActorType.values());
        model.addAttribute("actions", AuditAction.values());
        model.addAttribute(
                "nextBeforeId",
                entries.size() == PAGE ? entries.get(entries.size() - 1).id() : null);
        model.addAttribute("zone", AMSTERDAM);
        return "audit/entries";
    }

    /** Current names of the staff and tokens on this page, keyed {@code TYPE:id}. */
    private Map<String, String> names(List<AuditEntry> entries) {
        Map<Actor.ActorType, Set<String>> ids = new EnumMap<>(Actor.ActorType.class);
        entries.forEach(e -> ids.computeIfAbsent(e.actor().type(), t -> new HashSet<>())
                .add(e.actor().id()));
        Map<String, String> names = new HashMap<>();
        ids.forEach((type, forType) -> actorNames.forEach(
                source -> source.names(type, forType).forEach((id, name) -> names.put(type + ":" + id, name))));
        return names;
    }

    @PostMapping("/console/audit/verify")
    @PreAuthorize("hasAuthority('audit:read')")
    String verify(Model model) {
        model.addAttribute("verification", audit.verify());
        return entries(null, null, null, null, null, null, null, null, model);
    }
}
