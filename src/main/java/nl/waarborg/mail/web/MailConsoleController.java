package nl.waarborg.mail.web;

import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.mail.MailMessage;
import nl.waarborg.mail.Outbox;
import nl.waarborg.web.ApiProblem;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The outbox in the console: what was sent, what waits, what failed, and what must be posted. Without a mail server
 * (as in {@code serve --demo}) it shows what would have been sent. The list shows no addresses; opening a message
 * shows it whole and is audited.
 */
@Controller
class MailConsoleController {

    private final Outbox outbox;
    private final AuditTrail audit;
    private final nl.waarborg.mail.internal.InboxReader inbox;

    MailConsoleController(Outbox outbox, AuditTrail audit, nl.waarborg.mail.internal.InboxReader inbox) {
        this.outbox = outbox;
        this.audit = audit;
        this.inbox = inbox;
    }

    @GetMapping("/console/mail")
    @PreAuthorize("hasAuthority('requests:read')")
    String list(Model model) {
        model.addAttribute("messages", outbox.recent(500));
        model.addAttribute("sending", outbox.sending());
        model.addAttribute("skipped", inbox.skipped(100));
        return "mail/outbox";
    }

    @GetMapping("/console/mail/{id}")
    @PreAuthorize("hasAuthority('requests:read')")
    String show(@PathVariable UUID id, Model model) {
        MailMessage message = outbox.get(id)
                .orElseThrow(() -> new ApiProblem(
                        nl.waarborg.errors.DomainException.Kind.NOT_FOUND, "id", "no message has this id"));
        audit.record(AuditRecord.of(AuditAction.READ, "mail_message", id).purpose(message.reference()));
        model.addAttribute("m", message);
        model.addAttribute("sending", outbox.sending());
        return "mail/message";
    }
}
