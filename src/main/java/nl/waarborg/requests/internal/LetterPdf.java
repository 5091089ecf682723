package nl.waarborg.requests.internal;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.mail.MailMessage;
import nl.waarborg.mail.Outbox;
import nl.waarborg.register.OrganisationProfile;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A request's letter as a PDF for post: the provider's name and postal address from the register, the day, the
 * requester's name and postal address, the subject and the text. Printing one is audited like reading it.
 */
@Component
public class LetterPdf {

    private final RequestDesk desk;
    private final Outbox outbox;
    private final Registers registers;
    private final AuditTrail audit;

    LetterPdf(RequestDesk desk, Outbox outbox, Registers registers, AuditTrail audit) {
        this.desk = desk;
        this.outbox = outbox;
        this.registers = registers;
        this.audit = audit;
    }

    /** The letter of this request as a PDF; empty when the letter does not belong to the request. */
    @Transactional
    public Optional<byte[]> render(String reference, UUID letterId) {
        DataSubjectRequest r = desk.show(reference);
        Optional<MailMessage> letter =
                outbox.get(letterId).filter(m -> m.reference().equals(Letters.reference(r)));
        if (letter.isEmpty()) {
            return Optional.empty();
        }
        audit.record(
                AuditRecord.of(AuditAction.EXPORT, "mail_message", letterId).purpose(Letters.reference(r)));
        OrganisationProfile org = registers
                .current()
                .map(RegisterVersion::register)
                .map(reg -> reg.organisation())
                .orElse(null);
        return Optional.of(pdf(r, letter.get(), org));
    }

    static byte[] pdf(DataSubjectRequest r, MailMessage m, OrganisationProfile provider) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"")
                .append(esc(m.language()))
                .append("\"><head><meta charset=\"utf-8\"/><title>")
                .append(esc(m.subject()))
                .append("</title><style>")
                .append("@page { size: A4; margin: 25mm 22mm; } body { font-family: sans-serif; font-size: 10.5pt;"
                        + " line-height: 1.45; } .sender { margin-bottom: 18mm; } .to { margin-bottom: 12mm;"
                        + " min-height: 30mm; } h1 { font-size: 12pt; margin: 8mm 0 6mm; } p { margin: 0 0 4mm; }")
                .append("</style></head><body>");
        html.append("<div class=\"sender\">");
        if (provider != null) {
            html.append("<strong>").append(esc(provider.legalName())).append("</strong><br/>");
            if (provider.postalAddress() != null) {
                html.append(lines(provider.postalAddress()));
            }
        }
        html.append("</div><div class=\"to\">");
        if (r.intake().requesterName() != null) {
            html.append(esc(r.intake().requesterName())).append("<br/>");
        }
        if (r.intake().postalAddress() != null) {
            html.append(lines(r.intake().postalAddress()));
        }
        html.append("</div><p>")
                .append(LocalDate.ofInstant(m.createdAt(), ZoneId.of("Europe/Amsterdam")))
                .append("</p><h1>")
                .append(esc(m.subject()))
                .append("</h1>");
        for (String paragraph : m.body().split("\\n\\s*\\n")) {
            html.append("<p>").append(lines(paragraph)).append("</p>");
        }
        html.append("</body></html>");
        return toPdf(html.toString());
    }

    /** An HTML page as an A4 PDF (the page's own {@code @page} rule sets the margins). */
    static byte[] toPdf(String html) {
        return nl.waarborg.documents.HtmlPdf.render(html, null);
    }

    private static String lines(String text) {
        return String.join("<br/>", esc(text).split("\\R"));
    }

    private static String esc(String s) {
        return nl.waarborg.documents.HtmlPdf.escape(s);
    }
}
