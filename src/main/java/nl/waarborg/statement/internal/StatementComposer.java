package nl.waarborg.statement.internal;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import nl.waarborg.register.ControllerRole;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.LegalBasis;
import nl.waarborg.register.OrganisationProfile;
import nl.waarborg.register.Purpose;
import nl.waarborg.register.Recipient;
import nl.waarborg.register.RecipientKind;
import nl.waarborg.register.Register;
import nl.waarborg.register.RetentionRule;
import nl.waarborg.register.RightsProcedure;
import nl.waarborg.register.Safeguard;
import nl.waarborg.register.Service;
import nl.waarborg.register.Source;
import nl.waarborg.register.Text;
import nl.waarborg.statement.internal.Doc.Block;
import nl.waarborg.statement.internal.Doc.Bullets;
import nl.waarborg.statement.internal.Doc.DataTable;
import nl.waarborg.statement.internal.Doc.Group;
import nl.waarborg.statement.internal.Doc.Heading;
import nl.waarborg.statement.internal.Doc.Para;
import nl.waarborg.statement.internal.Doc.Span;
import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * Writes the statement for one register version in one language. All wording comes from the {@code text.*} keys of the
 * statement bundle; all facts come from the register, so the statement says nothing the register does not.
 */
public final class StatementComposer {

    /** The EU member states and Iceland, Liechtenstein and Norway: no transfer safeguard needed within. */
    static final Set<String> EEA = Set.of(
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
            "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO");

    static final String GENERAL_SERVICE = "general";

    private final MessageSource messages;

    public StatementComposer(MessageSource messages) {
        this.messages = messages;
    }

    /** The statement bundle with MessageFormat always on, so quoting is the same for every {@code text.*} key. */
    public static MessageSource bundle() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("i18n/statement");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        source.setAlwaysUseMessageFormat(true);
        return source;
    }

    public static Locale locale(String lang) {
        return "en".equals(lang) ? Locale.ENGLISH : Locale.forLanguageTag("nl");
    }

    /**
     * @param updated the "last updated" date, or null to leave it out (for the content hash)
     * @param siteUrl where the public pages and the portal live, without a trailing slash
     */
    public Doc compose(Register register, Locale locale, LocalDate updated, String siteUrl) {
        return new Writer(register, locale, siteUrl).write(updated);
    }

    private final class Writer {
        private final Register register;
        private final OrganisationProfile org;
        private final Locale locale;
        private final String site;
        private final List<Block> blocks = new ArrayList<>();
        private final List<String[]> toc = new ArrayList<>();

        Writer(Register register, Locale locale, String siteUrl) {
            this.register = register;
            this.org = register.organisation();
            this.locale = locale;
            this.site = siteUrl;
        }

        String m(String key, Object... args) {
            Object[] marked = args.clone();
            for (int i = 0; i < marked.length; i++) {
                if (marked[i] instanceof String s && s.endsWith(".")) {
                    marked[i] = s + END_OF_VALUE;
                }
            }
            return withoutDoublePeriod(messages.getMessage("text." + key, marked, locale));
        }

        String t(Text text) {
            return text == null ? null : text.in(locale);
        }

        boolean english() {
            return "en".equals(locale.getLanguage());
        }

        Doc write(LocalDate updated) {
            String name = org.legalName();
            List<Block> head = new ArrayList<>();
            if (updated != null) {
                head.add(Para.of(m("updated", updated.format(DateTimeFormatter.ofPattern("d MMMM yyyy", locale)))));
            }
            head.add(Para.of(m("intro", name)));
            who();
            role();
            data();
            use();
            security();
            sharing();
            promises();
            rights();
            exercise();
            contact();
            changes();
            List<Block> all = new ArrayList<>(head);
            all.add(new Heading(2, m("contents"), "contents"));
            all.add(new Bullets(toc.stream()
                    .map(e -> List.of(Span.link(e[0], "#" + e[1])))
                    .toList()));
            all.addAll(blocks);
            return new Doc(locale.getLanguage(), m("title", name), all);
        }

        void section(String key) {
            String text = m(key + ".heading");
            String id = key.replace('.', '-');
            toc.add(new String[] {text, id});
            blocks.add(new Heading(2, text, id));
        }

        void sub(String text) {
            blocks.add(new Heading(3, text, null));
        }

        void para(String text) {
            blocks.add(Para.of(text));
        }

        void bullets(List<String> items) {
            if (!items.isEmpty()) {
                blocks.add(new Bullets(
                        items.stream().map(i -> List.of(Span.text(i))).toList()));
            }
        }

        void who() {
            section("who");
            List<String> kinds = org.kinds().stream()
                    .map(k -> messages.getMessage("text.kind." + k, null, k, locale))
                    .toList();
            String market = org.market() == null ? null : m("market." + org.market());
            if (!kinds.isEmpty() && market != null) {
                para(m("who.body", org.legalName(), list(kinds), market));
            }
            if (org.kvk() != null) {
                para(m("who.kvk", org.kvk()));
            }
            List<String> group = org.entities().stream()
                    .filter(e -> e.relation() == OrganisationProfile.Relation.GROUP_COMPANY)
                    .map(e -> e.kvk() == null ? e.legalName() : m("who.groupKvk", e.legalName(), e.kvk()))
                    .toList();
            if (!group.isEmpty()) {
                para(m("who.group", list(group), org.legalName()));
            }
            List<String> services = sortedServices().stream()
                    .filter(s -> !GENERAL_SERVICE.equals(s.key()))
                    .map(s -> t(s.name()))
                    .toList();
            if (!services.isEmpty()) {
                para(m("who.services"));
                bullets(services);
            }
        }

        void role() {
            section("role");
            Set<ControllerRole> roles = new LinkedHashSet<>();
            register.categories().forEach(c -> roles.add(c.controller()));
            if (roles.contains(ControllerRole.PROVIDER) || roles.isEmpty()) {
                para(m("role.provider", org.legalName()));
            }
            if (roles.contains(ControllerRole.CLIENT)) {
                para(m("role.client", m("party.client")));
            }
            if (roles.contains(ControllerRole.JOINT)) {
                para(m("role.joint", m("party.joint", org.legalName())));
            }
            for (OrganisationProfile.Entity partner : org.entities()) {
                if (partner.relation() == OrganisationProfile.Relation.JOINT_CONTROLLER) {
                    para(m("role.jointWith", partner.legalName()));
                    if (partner.arrangement() != null) {
                        para(m("role.arrangement", partner.legalName(), t(partner.arrangement())));
                    }
                }
            }
            OrganisationProfile.Contact dpo = org.dpo();
            if (dpo != null) {
                para(dpo.email() == null ? m("role.dpo", dpo.name()) : m("role.dpoEmail", dpo.name(), dpo.email()));
            }
        }

        /** The categories kept on paper or scanned from it: where, how long, and how the paper is destroyed. */
        void paper() {
            List<DataCategory> paper =
                    register.categories().filter(c -> c.medium() != null).toList();
            if (paper.isEmpty()) {
                return;
            }
            sub(m("paper.heading"));
            para(m("paper.intro"));
            bullets(paper.stream()
                    .map(c -> m(
                            "paper." + c.medium().kind().key(),
                            t(c.description()),
                            c.medium().place() == null
                                    ? m("paper.noPlace")
                                    : t(c.medium().place()),
                            m("paper.destruction." + c.medium().destruction().key()),
                            retention(c.retention())))
                    .toList());
        }

        void data() {
            section("data");
            para(m("data.intro"));
            List<Service> services = sortedServices();
            services.stream()
                    .filter(s -> GENERAL_SERVICE.equals(s.key()))
                    .filter(s -> s.categories().stream().anyMatch(c -> c.legalBasis() != LegalBasis.CONSENT))
                    .findFirst()
                    .ifPresent(s -> para(m("data.general", t(s.name()))));
            List<Group> groups = new ArrayList<>();
            for (Service service : services) {
                List<List<String>> rows = service.categories().stream()
                        .filter(c -> c.legalBasis() != LegalBasis.CONSENT)
                        .map(c ->
                                List.of(t(c.description()), retention(c.retention()), party(c.controller()), basis(c)))
                        .toList();
                if (!rows.isEmpty()) {
                    groups.add(new Group(t(service.name()), rows));
                }
            }
            blocks.add(new DataTable(
                    "data-table",
                    m("data.caption"),
                    List.of(m("col.service"), m("col.data"), m("col.retention"), m("col.party"), m("col.basis")),
                    true,
                    groups));
            List<DataCategory> consented = register.categories()
                    .filter(c -> c.legalBasis() == LegalBasis.CONSENT)
                    .toList();
            if (!consented.isEmpty()) {
                sub(m("consent.heading"));
                para(m("consent.intro"));
                List<List<String>> rows = consented.stream()
                        .map(c -> List.of(
                                t(c.description()),
                                purposes(c),
                                retention(c.retention()),
                                c.consent() != null && c.consent().withdrawal() != null
                                        ? t(c.consent().withdrawal())
                                        : m("consent.withdraw")))
                        .toList();
                blocks.add(new DataTable(
                        "consent-table",
                        m("consent.caption"),
                        List.of(m("col.data"), m("col.purpose"), m("col.retention"), m("col.withdraw")),
                        false,
                        List.of(new Group(null, rows))));
            }
            paper();
        }

        String purposes(DataCategory c) {
            return String.join("; ", c.purposes().stream().map(p -> t(p.text())).toList());
        }

        void use() {
            section("use");
            Map<String, String> purposes = new LinkedHashMap<>();
            register.categories()
                    .flatMap(c -> c.purposes().stream())
                    .map(Purpose::text)
                    .forEach(p -> purposes.putIfAbsent(p.nl(), t(p)));
            para(m("use.intro"));
            bullets(List.copyOf(purposes.values()));
            List<String> sources = new ArrayList<>();
            register.categories().filter(c -> c.source() != Source.SUBJECT).forEach(c -> {
                String what = t(c.description());
                sources.add(
                        c.source() == Source.THIRD_PARTY && c.sourceDetail() != null
                                ? m("source.third-party.detail", what, t(c.sourceDetail()))
                                : m("source." + c.source().key(), what));
            });
            if (!sources.isEmpty()) {
                para(m("use.sources"));
                bullets(sources);
            }
            List<String> sensitive = register.categories()
                    .filter(DataCategory::sensitive)
                    .map(c -> t(c.description()))
                    .toList();
            if (!sensitive.isEmpty()) {
                para(m("use.sensitive"));
                bullets(sensitive);
            }
        }

        void security() {
            Set<String> measures = new LinkedHashSet<>();
            register.categories().forEach(c -> measures.addAll(c.security()));
            List<String> known = measures.stream()
                    .map(k -> messages.getMessage("text.security." + k, null, null, locale))
                    .filter(s -> s != null)
                    .toList();
            if (known.isEmpty()) {
                return;
            }
            section("security");
            para(m("security.intro"));
            bullets(known);
        }

        void sharing() {
            section("share");
            List<Recipient> recipients = register.recipients();
            List<Recipient> processors =
                    recipients.stream().filter(r -> r.kind().needsAgreement()).toList();
            List<Recipient> controllers = recipients.stream()
                    .filter(r -> r.kind() == RecipientKind.INDEPENDENT_CONTROLLER)
                    .toList();
            List<Recipient> authorities = recipients.stream()
                    .filter(r -> r.kind() == RecipientKind.AUTHORITY)
                    .toList();
            if (processors.isEmpty() && controllers.isEmpty()) {
                para(m("share.none"));
            }
            if (!processors.isEmpty()) {
                para(m("share.processors"));
                bullets(processors.stream().map(this::recipient).toList());
                if (processors.stream().allMatch(r -> r.agreement().present())) {
                    para(m("share.agreements"));
                }
            }
            if (!controllers.isEmpty()) {
                para(m("share.controllers"));
                bullets(controllers.stream().map(this::recipient).toList());
            }
            if (!authorities.isEmpty()) {
                para(m("share.authorities"));
                bullets(authorities.stream().map(this::recipient).toList());
            }
            List<String> transfers = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (Recipient r : recipients) {
                if (r.country() != null && !EEA.contains(r.country()) && seen.add(r.name(locale) + "|" + r.country())) {
                    transfers.add(transfer(r.name(locale), r.country(), r.safeguard()));
                }
            }
            register.categories().flatMap(c -> c.transfers().stream()).forEach(tr -> {
                String who = tr.recipient() == null
                        ? null
                        : register.recipient(tr.recipient())
                                .map(x -> x.name(locale))
                                .orElse(null);
                String label = who == null ? country(tr.country()) : who;
                if (!EEA.contains(tr.country()) && seen.add(label + "|" + tr.country())) {
                    transfers.add(transfer(label, tr.country(), tr.safeguard()));
                }
            });
            if (transfers.isEmpty()) {
                para(m("transfer.none"));
            } else {
                para(m("transfer.intro"));
                bullets(transfers);
            }
        }

        String recipient(Recipient r) {
            String name = r.name(locale);
            String item = r.description() == null
                    ? m("share.item", name)
                    : m("share.itemDescribed", name, t(r.description()));
            return r.group() && r.listUrl() != null ? item + " " + m("share.groupList", r.listUrl()) : item;
        }

        String transfer(String who, String country, Safeguard safeguard) {
            return m(
                    "transfer.item",
                    who,
                    country(country),
                    m("safeguard." + (safeguard == null ? Safeguard.NONE : safeguard).key()));
        }

        String country(String code) {
            return new Locale("", code).getDisplayCountry(locale);
        }

        /** What the register promises beyond the categories; left out when it promises nothing. */
        void promises() {
            nl.waarborg.register.Promises promises = register.promises();
            if (promises.isEmpty()) {
                return;
            }
            section("promises");
            if (!promises.commitments().isEmpty()) {
                para(m("promises.intro"));
                bullets(promises.commitments().stream()
                        .map(c -> m("commitment." + c.key()))
                        .toList());
            }
            var breach = promises.breachNotification();
            if (breach != null && (breach.authority() || breach.people() || breach.police())) {
                sub(m("breach.heading"));
                if (breach.authority()) {
                    // A provider of public electronic communications tells the AP within 24 hours (Regulation
                    // 611/2013), others within 72 (Art. 33): the same rule as the breach register.
                    para(m("breach.authority", org.kinds().contains("telecom") ? 24 : 72));
                }
                if (breach.people()) {
                    para(m("breach.people"));
                }
                if (breach.police()) {
                    para(m("breach.police"));
                }
            }
        }

        void rights() {
            section("rights");
            para(m("rights.intro"));
            sub(m("right.access.heading"));
            para(m("right.access"));
            if (register.categories().anyMatch(c -> c.covers("telecom.call_recording"))) {
                para(m("right.access.recordings"));
            }
            sub(m("right.rectification.heading"));
            para(m("right.rectification"));
            sub(m("right.objection.heading"));
            para(m("right.objection"));
            para(m("right.erasure"));
            sub(m("right.restriction.heading"));
            para(m("right.restriction"));
            sub(m("right.portability.heading"));
            para(m("right.portability"));
            List<String> portable = register.categories()
                    .filter(DataCategory::portable)
                    .map(c -> t(c.description()))
                    .toList();
            if (!portable.isEmpty()) {
                para(m("right.portability.which"));
                bullets(portable);
            }
            // Promised only where the register offers it: the request desk sends only then.
            if (register.rights().portabilityTransmission()) {
                para(m("right.portability.transmission"));
            }
            // Nothing rests on consent: there is nothing to withdraw, and the statement does not suggest otherwise.
            if (register.categories().anyMatch(c -> c.legalBasis() == nl.waarborg.register.LegalBasis.CONSENT)) {
                sub(m("right.consent.heading"));
                para(m("right.consent"));
            }
            sub(m("right.complaint.heading"));
            OrganisationProfile.Contact authority = org.supervisoryAuthority() == null
                    ? OrganisationProfile.DUTCH_AUTHORITY
                    : org.supervisoryAuthority();
            String authorityName = authority.name().equals(OrganisationProfile.DUTCH_AUTHORITY.name())
                    ? m("authority.name", authority.name())
                    : authority.name();
            List<Span> spans = new ArrayList<>();
            String text = m("right.complaint", "\u0000");
            String[] parts = text.split("\u0000", -1);
            spans.add(Span.text(parts[0]));
            spans.add(
                    authority.website() == null
                            ? Span.text(authorityName)
                            : Span.link(authorityName, authority.website()));
            spans.add(Span.text(parts[1]));
            blocks.add(new Para(spans));
        }

        void exercise() {
            section("exercise");
            para(m("exercise.intro"));
            List<List<Span>> routes = new ArrayList<>();
            String portal = site + "/portal";
            routes.add(linked(m("exercise.portal", "\u0000"), portal, portal));
            String email = org.privacyEmail() != null ? org.privacyEmail() : org.generalEmail();
            if (email != null) {
                routes.add(linked(m("exercise.email", "\u0000"), email, "mailto:" + email));
            }
            String postal = org.postalAddress() != null ? org.postalAddress() : org.visitingAddress();
            if (postal != null) {
                routes.add(List.of(Span.text(m("exercise.post", org.legalName(), postal))));
            }
            blocks.add(new Bullets(routes));
            RightsProcedure rights = register.rights();
            // The register's note is the provider's own account of how it verifies a requester, so it takes the place
            // of the standard wording rather than following it: both would tell the reader the same thing twice.
            // Never "an ID copy from everyone": the AP fined that, so such a note is left out (the console flags it).
            if (rights.note() != null && rights.verification() != RightsProcedure.Verification.ID_COPY_ALWAYS) {
                para(t(rights.note()));
            } else {
                para(m("exercise.verify"));
            }
            if (rights.verification() != RightsProcedure.Verification.KNOWN_CHANNEL) {
                para(m("exercise.idIfDoubt"));
            }
            para(m("exercise.deadline"));
        }

        List<Span> linked(String text, String label, String href) {
            String[] parts = text.split("\u0000", -1);
            return List.of(Span.text(parts[0]), Span.link(label, href), Span.text(parts[1]));
        }

        void contact() {
            section("contact");
            para(m("contact.intro"));
            List<List<Span>> lines = new ArrayList<>();
            if (org.visitingAddress() != null) {
                lines.add(List.of(Span.text(m("contact.visiting", org.visitingAddress()))));
            }
            if (org.postalAddress() != null && !org.postalAddress().equals(org.visitingAddress())) {
                lines.add(List.of(Span.text(m("contact.postal", org.postalAddress()))));
            }
            if (org.phone() != null) {
                lines.add(List.of(Span.text(m("contact.phone", org.phone()))));
            }
            if (org.officeHours() != null) {
                lines.add(List.of(Span.text(m("contact.hours", t(org.officeHours())))));
            }
            if (org.privacyEmail() != null) {
                lines.add(linked(
                        m("contact.privacyEmail", "\u0000"), org.privacyEmail(), "mailto:" + org.privacyEmail()));
            }
            if (org.generalEmail() != null && !org.generalEmail().equals(org.privacyEmail())) {
                lines.add(linked(
                        m("contact.generalEmail", "\u0000"), org.generalEmail(), "mailto:" + org.generalEmail()));
            }
            if (org.website() != null) {
                lines.add(linked(m("contact.website", "\u0000"), org.website(), org.website()));
            }
            if (!lines.isEmpty()) {
                blocks.add(new Bullets(lines));
            }
        }

        void changes() {
            section("changes");
            String archive = site + (english() ? "/en/privacy/archive" : "/privacy/archive");
            blocks.add(new Para(List.of(Span.text(m("changes.body") + " "), Span.link(archive, archive))));
        }

        List<Service> sortedServices() {
            return register.services().stream()
                    .sorted(java.util.Comparator.comparingInt(Service::order))
                    .toList();
        }

        String list(List<String> items) {
            if (items.size() == 1) {
                return items.get(0);
            }
            return m("list.and", String.join(", ", items.subList(0, items.size() - 1)), items.get(items.size() - 1));
        }

        String party(ControllerRole role) {
            return switch (role) {
                case PROVIDER -> org.legalName();
                case CLIENT -> m("party.client");
                case JOINT -> m("party.joint", org.legalName());
            };
        }

        String basis(DataCategory c) {
            String name = m("basis." + c.legalBasis().key());
            if (c.legalBasis() == LegalBasis.LEGITIMATE_INTERESTS && c.interest() != null) {
                return m("basis.interest", name, t(c.interest()));
            }
            if (c.legalBasis() == LegalBasis.LEGAL_OBLIGATION && c.statute() != null) {
                return m("basis.statute", name, c.statute());
            }
            return name;
        }

        String retention(RetentionRule rule) {
            if (rule.display() != null) {
                return t(rule.display());
            }
            return switch (rule.kind()) {
                case PERIOD -> {
                    String after = m("anchor." + rule.anchor().key());
                    String words = capitalise(period(rule.period()));
                    yield after.isBlank() ? words : words + " " + after;
                }
                case UNTIL_END_OF_SERVICE -> m("retention.untilEnd");
                case SET_BY_CLIENT -> m("retention.setByClient", period(rule.period()), period(rule.maximum()));
                case UNSPECIFIED -> m("retention.unspecified");
            };
        }

        String period(Period period) {
            return StatementComposer.this.period(period, locale);
        }
    }

    /** Marks where a value that ends with a period ("Voorbeeld B.V.") stops inside a formatted sentence. */
    private static final char END_OF_VALUE = '\u0001';

    /**
     * "… is Voorbeeld B.V.." reads as a slip: the period that ends the sentence is dropped after a value that already
     * ends with one. Only at the end of a value, so the register's own texts stay exactly as written. Where the value
     * is a link of its own, the writers do the same ({@code DocWriters}).
     */
    static String withoutDoublePeriod(String formatted) {
        return formatted.replace(END_OF_VALUE + ".", "").replace(String.valueOf(END_OF_VALUE), "");
    }

    /** "zes maanden", "30 dagen", "één jaar en zes maanden": numbers up to twelve in words. */
    public String period(Period period, Locale locale) {
        List<String> parts = new ArrayList<>();
        part(parts, period.getYears(), "years", locale);
        part(parts, period.getMonths(), "months", locale);
        part(parts, period.getDays(), "days", locale);
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return messages.getMessage(
                "text.list.and",
                new Object[] {String.join(", ", parts.subList(0, parts.size() - 1)), parts.get(parts.size() - 1)},
                locale);
    }

    private void part(List<String> parts, int amount, String unit, Locale locale) {
        if (amount == 0) {
            return;
        }
        String[] words = text("numbers", locale).split(",");
        String number = amount <= words.length ? words[amount - 1] : Integer.toString(amount);
        parts.add(number + " " + text("unit." + unit + (amount == 1 ? ".one" : ".many"), locale));
    }

    private String text(String key, Locale locale) {
        return messages.getMessage("text." + key, null, locale);
    }

    /** Capitalises the first letter; Dutch "één" becomes "Eén" at the start of a sentence. */
    static String capitalise(String s) {
        if (s.isEmpty()) {
            return s;
        }
        if (s.startsWith("één")) {
            return "Eén" + s.substring(3);
        }
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
