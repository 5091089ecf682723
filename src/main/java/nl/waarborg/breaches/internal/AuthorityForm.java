package nl.waarborg.breaches.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nl.waarborg.breaches.Breach;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.OrganisationProfile;
import nl.waarborg.register.Register;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The notice to the Autoriteit Persoonsgegevens as its form asks it, filled from the breach record and the register:
 * every question with its answer, in Dutch, to copy into the AP's online form or keep as JSON. What the record does
 * not know yet is answered "nog onbekend", so a phased notice (Art. 33(4)) can go on time.
 */
@Component
public class AuthorityForm {

    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("d-M-yyyy HH:mm").withZone(ZoneId.of("Europe/Amsterdam"));
    private static final Locale DUTCH = Locale.forLanguageTag("nl");

    private final Registers registers;
    private final MessageSource messages;
    private final java.time.Clock clock;

    AuthorityForm(Registers registers, MessageSource messages, java.time.Clock clock) {
        this.clock = clock;
        this.registers = registers;
        this.messages = messages;
    }

    /** One question of the form and its answer. */
    public record Answer(String section, String question, String answer) {}

    public List<Answer> answers(Breach b) {
        Register register = registers.current().map(RegisterVersion::register).orElse(null);
        OrganisationProfile org = register == null ? null : register.organisation();
        List<Answer> out = new ArrayList<>();
        String s = "1. Organisatie";
        add(out, s, "Naam van de organisatie", org == null ? null : org.legalName());
        add(out, s, "KvK-nummer", org == null ? null : org.kvk());
        add(
                out,
                s,
                "Adres",
                org == null ? null : org.postalAddress() != null ? org.postalAddress() : org.visitingAddress());
        add(out, s, "Contact voor deze melding (e-mail)", org == null ? null : org.privacyEmail());
        add(
                out,
                s,
                "Functionaris gegevensbescherming",
                org == null || org.dpo() == null
                        ? "geen"
                        : org.dpo().name() + " (" + org.dpo().email() + ")");
        add(
                out,
                s,
                "Aanbieder van een openbare elektronische communicatiedienst",
                b.deadlineHours() == 24 ? "ja (melding binnen 24 uur, Verordening 611/2013)" : "nee");

        s = "2. Melding";
        add(out, s, "Soort melding", b.authorityNotifiedAt() != null ? "vervolgmelding" : "nieuwe melding");
        add(out, s, "Eigen kenmerk", b.reference());
        add(out, s, "Kenmerk van de AP (bij een vervolgmelding)", b.authorityReference());
        add(out, s, "Datum en tijd van ontdekking", MINUTE.format(b.awareAt()));
        add(
                out,
                s,
                "Datum en tijd van het begin van het lek",
                b.startedAt() == null ? null : MINUTE.format(b.startedAt()));
        add(out, s, "Duurt het lek nog voort?", b.ongoing() ? "ja" : "nee");
        add(out, s, "Uiterste meldtijd", MINUTE.format(b.dueAt()));
        java.time.Instant sentOrNow = b.authorityNotifiedAt() != null ? b.authorityNotifiedAt() : clock.instant();
        add(
                out,
                s,
                "Reden van een late melding",
                b.delayReasons() != null
                        ? b.delayReasons()
                        : sentOrNow.isAfter(b.dueAt()) ? null : "niet van toepassing: binnen de termijn");

        s = "3. Het lek";
        add(out, s, "Samenvatting", b.title() + ". " + b.description());
        add(
                out,
                s,
                "Soort lek",
                String.join(
                        ", ",
                        b.nature().stream()
                                .map(n -> messages.getMessage("breaches.nature." + n, null, DUTCH))
                                .toList()));

        s = "4. Betrokkenen en gegevens";
        add(
                out,
                s,
                "Aantal betrokken personen (ongeveer)",
                b.peopleApprox() == null ? null : b.peopleApprox().toString());
        add(
                out,
                s,
                "Aantal betrokken gegevensrecords (ongeveer)",
                b.recordsApprox() == null ? null : b.recordsApprox().toString());
        List<String> kinds = new ArrayList<>();
        List<String> subjects = new ArrayList<>();
        boolean sensitive = false;
        for (String key : b.categories()) {
            DataCategory c = register == null ? null : register.category(key).orElse(null);
            if (c == null) {
                kinds.add(key);
                continue;
            }
            kinds.add(c.description().in(DUTCH));
            c.subjects().stream().filter(x -> !subjects.contains(x)).forEach(subjects::add);
            sensitive |= c.sensitive();
        }
        add(out, s, "Soorten persoonsgegevens", kinds.isEmpty() ? null : String.join("; ", kinds));
        add(out, s, "Categorieën betrokkenen", subjects.isEmpty() ? null : String.join(", ", subjects));
        add(out, s, "Gevoelige gegevens (versleuteld bewaard volgens het register)", sensitive ? "ja" : "nee");

        s = "5. Gevolgen en maatregelen";
        add(out, s, "Mogelijke gevolgen voor de betrokkenen", b.consequences());
        add(out, s, "Genomen maatregelen", b.measuresTaken());
        add(out, s, "Voorgenomen maatregelen", b.measuresPlanned());
        add(
                out,
                s,
                "Waren de gegevens versleuteld?",
                b.encrypted()
                        ? (b.keySafe() ? "ja, en de sleutel is veilig" : "ja, maar de sleutel is mogelijk ook gelekt")
                        : "nee");

        s = "6. Informeren van betrokkenen";
        add(
                out,
                s,
                "Worden de betrokkenen geïnformeerd?",
                b.notifyPeople() == null
                        ? null
                        : b.notifyPeople()
                                ? (b.peopleNotifiedAt() == null
                                        ? "ja, nog niet gedaan"
                                        : "ja, op " + MINUTE.format(b.peopleNotifiedAt()))
                                : "nee");
        add(
                out,
                s,
                "Reden om betrokkenen niet te informeren",
                b.peopleExemption() == null
                        ? null
                        : messages.getMessage("breaches.exemption." + b.peopleExemption(), null, DUTCH));
        add(
                out,
                s,
                "Afweging van het risico",
                b.risk() == null
                        ? null
                        : messages.getMessage("breaches.risk." + b.risk(), null, DUTCH)
                                + (b.decisionReasons() == null ? "" : ": " + b.decisionReasons()));
        return out;
    }

    /** The answers as text: section headings, each question with its answer under it. */
    public String text(Breach b) {
        StringBuilder t = new StringBuilder("Melding datalek aan de Autoriteit Persoonsgegevens — ")
                .append(b.reference())
                .append('\n');
        String section = null;
        for (Answer a : answers(b)) {
            if (!a.section().equals(section)) {
                section = a.section();
                t.append('\n').append(section).append('\n');
            }
            t.append(a.question())
                    .append(":\n  ")
                    .append(a.answer().replace("\n", "\n  "))
                    .append('\n');
        }
        return t.toString();
    }

    /** The answers as an A4 PDF, to keep with the notice or send along. */
    public byte[] pdf(Breach b) {
        StringBuilder html = new StringBuilder(
                        "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"/><title>")
                .append(nl.waarborg.documents.HtmlPdf.escape("Melding datalek " + b.reference()))
                .append(
                        "</title><style>@page { size: A4; margin: 20mm; } body { font-family: sans-serif; font-size: 10pt; }"
                                + " h1 { font-size: 14pt; } h2 { font-size: 11pt; margin-top: 12pt; } dt { font-weight: bold;"
                                + " margin-top: 4pt; } dd { margin: 0 0 0 12pt; white-space: pre-wrap; }</style></head><body>")
                .append("<h1>")
                .append(nl.waarborg.documents.HtmlPdf.escape(
                        "Melding datalek aan de Autoriteit Persoonsgegevens — " + b.reference()))
                .append("</h1>");
        String section = null;
        for (Answer a : answers(b)) {
            if (!a.section().equals(section)) {
                html.append(section == null ? "" : "</dl>")
                        .append("<h2>")
                        .append(nl.waarborg.documents.HtmlPdf.escape(a.section()))
                        .append("</h2><dl>");
                section = a.section();
            }
            html.append("<dt>")
                    .append(nl.waarborg.documents.HtmlPdf.escape(a.question()))
                    .append("</dt><dd>")
                    .append(nl.waarborg.documents.HtmlPdf.escape(a.answer()))
                    .append("</dd>");
        }
        html.append("</dl></body></html>");
        return nl.waarborg.documents.HtmlPdf.render(html.toString(), null);
    }

    private static void add(List<Answer> out, String section, String question, String answer) {
        out.add(new Answer(section, question, answer == null || answer.isBlank() ? "nog onbekend" : answer));
    }
}
