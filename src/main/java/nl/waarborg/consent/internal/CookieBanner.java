package nl.waarborg.consent.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.waarborg.consent.ConsentException;
import nl.waarborg.consent.ConsentLedger;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.LegalBasis;
import nl.waarborg.register.Purpose;
import nl.waarborg.register.Registers;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

/**
 * The cookie notice for the provider's website, made from the register: every row whose data includes a cookie id
 * ({@code user.device.cookie_id}) is a cookie purpose; its kind follows from its data uses (marketing, analytics,
 * functional, essential); the rows on consent are asked, the others are listed as always on, with their legal basis.
 * What a visitor chose is recorded in the consent ledger under their pseudonymous visitor id, with the exact wording
 * shown. Global Privacy Control counts as a refusal of marketing, whatever the visitor clicks.
 */
@Service
public class CookieBanner {

    static final String COOKIE_DATA = "user.device.cookie_id";
    static final Locale DUTCH = Locale.forLanguageTag("nl");

    /** The kinds a visitor chooses between, in the order the notice shows them. */
    public enum Kind {
        NECESSARY,
        FUNCTIONAL,
        STATISTICS,
        MARKETING;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Registers registers;
    private final ConsentLedger ledger;
    private final MessageSource messages;

    CookieBanner(Registers registers, ConsentLedger ledger, MessageSource messages) {
        this.registers = registers;
        this.ledger = ledger;
        this.messages = messages;
    }

    /** One register row as the notice shows it. */
    public record Row(String key, String description, List<String> purposes, String legalBasis) {}

    /** One kind: asked (a switch, off until switched on) or always on. */
    public record Group(String kind, String label, boolean asked, List<Row> rows) {}

    /**
     * What the script shows.
     *
     * @param version changes whenever any wording changes, in either language: a visitor whose choice was made under
     *     another version is asked again
     * @param gpc whether the request carried {@code Sec-GPC: 1}
     */
    public record Config(String version, String language, Map<String, String> texts, List<Group> groups, boolean gpc) {}

    public Config config(Locale locale, boolean gpc) {
        Locale lang = language(locale);
        return new Config(version(), lang.getLanguage(), texts(lang), groups(lang), gpc);
    }

    /** What the visitor chose: kind key → on or off, for the kinds that are asked. */
    public record Choice(String visitorId, String version, Map<String, Boolean> choices) {}

    /** What was recorded: the kinds now allowed (marketing off under GPC) and how many events were written. */
    public record Outcome(Map<String, Boolean> allowed, int recorded, boolean gpc) {}

    /**
     * Records a visitor's choice: a consent given for each row of a kind switched on (again when the wording changed),
     * and a withdrawal for each row of a kind switched off whose consent stood; a refusal never given is not recorded.
     * A choice made under another version of the wording is refused: the visitor saw other text.
     */
    public Outcome record(Choice choice, Locale locale, boolean gpc, String ipAddress) {
        if (choice == null) {
            throw invalid("choices", "the body is a JSON object with visitorId, version and choices");
        }
        if (choice.visitorId() == null || !choice.visitorId().matches("^[A-Za-z0-9_-]{16,64}$")) {
            throw invalid("visitorId", "visitorId is 16 to 64 letters, digits, '-' or '_' made by the script");
        }
        if (choice.version() == null || !choice.version().equals(version())) {
            throw new ConsentException(
                    nl.waarborg.errors.DomainException.Kind.CONFLICT,
                    "version",
                    "the notice's wording changed since it was shown: load it again and ask the visitor anew");
        }
        Map<String, Boolean> chosen = choice.choices() == null ? Map.of() : choice.choices();
        Locale lang = language(locale);
        Map<Kind, List<DataCategory>> asked = asked();
        for (String k : chosen.keySet()) {
            if (asked.keySet().stream().noneMatch(a -> a.key().equals(k))) {
                throw invalid("choices." + k, k + " is not a kind this notice asks about; it asks " + keys(asked));
            }
        }
        Map<String, ConsentLedger.Recorded> before = ledger.visitorState(choice.visitorId());
        Map<String, Boolean> allowed = new LinkedHashMap<>();
        int recorded = 0;
        for (Map.Entry<Kind, List<DataCategory>> e : asked.entrySet()) {
            boolean on = Boolean.TRUE.equals(chosen.get(e.getKey().key())) && !(gpc && e.getKey() == Kind.MARKETING);
            allowed.put(e.getKey().key(), on);
            String wording = wording(e.getKey(), e.getValue(), lang);
            for (DataCategory row : e.getValue()) {
                ConsentLedger.Recorded last = before.get(row.key());
                boolean stands = last != null && last.event() == ConsentLedger.Event.GIVEN;
                if (on && stands && ConsentLedger.sha256(wording).equals(last.wordingSha256())) {
                    continue;
                }
                if (!on && !stands) {
                    continue;
                }
                ledger.record(new ConsentLedger.NewEvent(
                        List.of(),
                        choice.visitorId(),
                        row.key(),
                        on ? ConsentLedger.Event.GIVEN : ConsentLedger.Event.WITHDRAWN,
                        ConsentLedger.Channel.WEBSITE,
                        on ? wording : null,
                        null,
                        ipAddress,
                        null));
                recorded++;
            }
        }
        return new Outcome(allowed, recorded, gpc);
    }

    /** The exact text a visitor saw for a kind: the notice's heading and explanation, the kind, and its rows. */
    String wording(Kind kind, List<DataCategory> rows, Locale lang) {
        StringBuilder out = new StringBuilder()
                .append(text("consent.banner.title", lang))
                .append('\n')
                .append(text("consent.banner.intro", lang))
                .append('\n')
                .append(text("consent.banner.kind." + kind.key(), lang))
                .append(':');
        for (DataCategory row : rows) {
            out.append('\n').append(row(row, lang).description());
            row(row, lang).purposes().forEach(p -> out.append("\n- ").append(p));
        }
        return out.toString();
    }

    /** A hash over every text the notice can show, in both languages. */
    String version() {
        StringBuilder all = new StringBuilder();
        for (Locale lang : List.of(DUTCH, Locale.ENGLISH)) {
            texts(lang).forEach((k, v) -> all.append(k).append('=').append(v).append('\n'));
            for (Group g : groups(lang)) {
                all.append(g.kind()).append(g.asked()).append(g.label()).append('\n');
                for (Row r : g.rows()) {
                    all.append(r).append('\n');
                }
            }
        }
        return ConsentLedger.sha256(all.toString()).substring(0, 16);
    }

    private List<Group> groups(Locale lang) {
        Map<Kind, List<Row>> asked = new EnumMap<>(Kind.class);
        Map<Kind, List<Row>> always = new EnumMap<>(Kind.class);
        for (DataCategory row : cookieRows()) {
            boolean onConsent = row.legalBasis() == LegalBasis.CONSENT;
            (onConsent ? asked : always)
                    .computeIfAbsent(kind(row, onConsent), k -> new ArrayList<>())
                    .add(row(row, lang));
        }
        List<Group> out = new ArrayList<>();
        List<Row> alwaysOn = new ArrayList<>();
        always.values().forEach(alwaysOn::addAll);
        if (!alwaysOn.isEmpty()) {
            out.add(new Group(Kind.NECESSARY.key(), text("consent.banner.kind.necessary", lang), false, alwaysOn));
        }
        asked.forEach((k, rows) ->
                out.add(new Group(k.key(), text("consent.banner.kind." + k.key(), lang), true, List.copyOf(rows))));
        return out;
    }

    private Map<Kind, List<DataCategory>> asked() {
        Map<Kind, List<DataCategory>> out = new EnumMap<>(Kind.class);
        for (DataCategory row : cookieRows()) {
            if (row.legalBasis() == LegalBasis.CONSENT) {
                out.computeIfAbsent(kind(row, true), k -> new ArrayList<>()).add(row);
            }
        }
        return out;
    }

    private List<DataCategory> cookieRows() {
        return registers
                .current()
                .map(v -> v.register()
                        .categories()
                        .filter(c -> c.includes(COOKIE_DATA))
                        .toList())
                .orElse(List.of());
    }

    /** The most far-reaching use decides: a row used for marketing and statistics is marketing. */
    static Kind kind(DataCategory row, boolean onConsent) {
        Kind kind = Kind.NECESSARY;
        for (Purpose p : row.purposes()) {
            for (String use : p.uses()) {
                Kind k = use.startsWith("marketing") || use.startsWith("advertising") || use.startsWith("personalize")
                        ? Kind.MARKETING
                        : use.startsWith("analytics")
                                ? Kind.STATISTICS
                                : use.startsWith("functional") ? Kind.FUNCTIONAL : Kind.NECESSARY;
                if (k.ordinal() > kind.ordinal()) {
                    kind = k;
                }
            }
        }
        // Asked for consent, it is not necessary: the register says the site works without it.
        return onConsent && kind == Kind.NECESSARY ? Kind.FUNCTIONAL : kind;
    }

    private Row row(DataCategory row, Locale lang) {
        return new Row(
                row.key(),
                row.description().in(lang),
                row.purposes().stream().map(p -> p.text().in(lang)).toList(),
                text("consent.banner.basis." + row.legalBasis().key(), lang));
    }

    private Map<String, String> texts(Locale lang) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key :
                List.of("title", "intro", "accept", "reject", "save", "change", "gpc", "alwaysOn", "statement")) {
            out.put(key, text("consent.banner." + key, lang));
        }
        return out;
    }

    private String text(String key, Locale lang) {
        return messages.getMessage(key, null, lang);
    }

    private static Locale language(Locale locale) {
        return locale != null && "en".equals(locale.getLanguage()) ? Locale.ENGLISH : DUTCH;
    }

    private static List<String> keys(Map<Kind, ?> kinds) {
        return kinds.keySet().stream().map(Kind::key).toList();
    }

    private static ConsentException invalid(String field, String message) {
        return new ConsentException(nl.waarborg.errors.DomainException.Kind.INVALID, field, message);
    }
}
