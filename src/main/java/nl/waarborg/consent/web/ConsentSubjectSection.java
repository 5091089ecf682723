package nl.waarborg.consent.web;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nl.waarborg.consent.ConsentLedger;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.SubjectPageSection;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** A person's consent history on their page in the console: every event, newest first, with what stands now. */
@Component
class ConsentSubjectSection implements SubjectPageSection {

    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Europe/Amsterdam"));
    private static final int WORDING_SHOWN = 160;

    private final ConsentLedger ledger;
    private final MessageSource messages;

    ConsentSubjectSection(ConsentLedger ledger, MessageSource messages) {
        this.ledger = ledger;
        this.messages = messages;
    }

    @Override
    public Optional<Section> section(List<Identifier> identifiers, Locale locale) {
        List<ConsentLedger.Recorded> history = identifiers.isEmpty() ? List.of() : ledger.history(identifiers);
        Map<String, Boolean> now = new LinkedHashMap<>();
        List<List<String>> rows = new ArrayList<>();
        for (ConsentLedger.Recorded e : history) {
            now.put(e.purpose(), e.event() == ConsentLedger.Event.GIVEN);
            String wording = e.wordingSha256() == null
                    ? "—"
                    : ledger.wording(e.wordingSha256())
                            .map(w -> w.length() > WORDING_SHOWN ? w.substring(0, WORDING_SHOWN) + "…" : w)
                            .orElse("—");
            rows.add(
                    0,
                    List.of(
                            MINUTE.format(e.at()),
                            e.purpose(),
                            text("consent.portal.event." + e.event(), locale),
                            text("consent.portal.channel." + e.channel(), locale),
                            wording,
                            e.tcf() == null ? "—" : e.tcf().summary()));
        }
        List<String> consenting = now.entrySet().stream()
                .filter(Map.Entry::getValue)
                .map(Map.Entry::getKey)
                .toList();
        String intro = history.isEmpty()
                ? text("consent.subject.none", locale)
                : messages.getMessage(
                        "consent.subject.now",
                        new Object[] {consenting.isEmpty() ? "—" : String.join(", ", consenting)},
                        locale);
        return Optional.of(new Section(
                "consents",
                text("consent.subject.title", locale),
                intro,
                List.of(
                        text("consent.portal.at", locale),
                        text("consent.portal.purpose", locale),
                        text("consent.portal.event", locale),
                        text("consent.portal.channel", locale),
                        text("consent.wording", locale),
                        "TCF"),
                rows));
    }

    private String text(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }
}
