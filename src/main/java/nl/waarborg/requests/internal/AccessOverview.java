package nl.waarborg.requests.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.OrganisationProfile;
import nl.waarborg.register.Periods;
import nl.waarborg.register.Recipient;
import nl.waarborg.register.Register;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import nl.waarborg.register.RetentionRule;
import nl.waarborg.register.Transfer;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The readable part of an access package (Art. 15(1) and (2) GDPR), from the register in force: per category of data
 * found, the purposes, the legal basis, the named recipients (CJEU C-154/21), the retention, the source when the data
 * did not come from the person, transfers outside the EEA with their safeguard; then the person's rights, the
 * authority, where each part of the data comes from and the consultations of their data (CJEU C-579/21).
 */
@Component
class AccessOverview {

    private final Registers registers;
    private final MessageSource messages;
    private final ITemplateEngine templates;

    AccessOverview(Registers registers, MessageSource messages, ITemplateEngine templates) {
        this.registers = registers;
        this.messages = messages;
        this.templates = templates;
    }

    /** One register row that covers data found, as the person reads it. */
    record Row(
            String service,
            String description,
            List<String> purposes,
            String basis,
            String interest,
            String retention,
            String source,
            String controller,
            List<String> recipients,
            List<String> transfers,
            boolean consent) {}

    /** A category of data found, with how many items and where. */
    record Category(String key, String title, long items, Set<String> places, List<Row> rows) {}

    String html(
            DataSubjectRequest r,
            Locale locale,
            Map<String, List<AccessPackages.Entry>> found,
            List<AccessPackages.Place> places,
            List<Consultations.Consultation> looked,
            List<String> files,
            int unreadableRecordings) {
        Optional<Register> register = registers.current().map(RegisterVersion::register);
        OrganisationProfile org = register.map(Register::organisation).orElse(null);
        List<Category> categories = new ArrayList<>();
        for (Map.Entry<String, List<AccessPackages.Entry>> e : found.entrySet()) {
            Set<String> where = new LinkedHashSet<>();
            e.getValue().forEach(x -> where.add(x.store()));
            List<Row> rows = new ArrayList<>();
            register.ifPresent(reg -> rowsFor(reg, e.getKey()).forEach(row -> rows.add(row(reg, row, locale))));
            categories.add(new Category(
                    e.getKey(),
                    registers.describe(e.getKey()).in(locale),
                    e.getValue().size(),
                    where,
                    rows));
        }
        Context context = new Context(locale);
        context.setVariable("lang", locale.getLanguage());
        context.setVariable("reference", r.reference());
        context.setVariable("requester", r.intake().requesterName());
        context.setVariable("generatedOn", java.time.LocalDate.now(RequestDesk.AMSTERDAM));
        context.setVariable("org", org);
        context.setVariable(
                "authority",
                org == null || org.supervisoryAuthority() == null
                        ? OrganisationProfile.DUTCH_AUTHORITY
                        : org.supervisoryAuthority());
        context.setVariable("categories", categories);
        context.setVariable("places", places);
        context.setVariable("consultations", looked);
        context.setVariable("files", files);
        context.setVariable("unreadable", unreadableRecordings);
        context.setVariable(
                "consent", categories.stream().flatMap(c -> c.rows().stream()).anyMatch(Row::consent));
        return templates.process("requests/package/overview", context);
    }

    /** The rows a found category belongs to: the row of that key, or every row whose data categories include it. */
    static List<DataCategory> rowsFor(Register register, String key) {
        Optional<DataCategory> exact = register.category(key);
        if (exact.isPresent()) {
            return List.of(exact.get());
        }
        return register.categories().filter(c -> c.includes(key)).toList();
    }

    private Row row(Register reg, DataCategory c, Locale locale) {
        String service = reg.serviceOf(c.key()).map(s -> s.name().in(locale)).orElse("");
        List<String> purposes =
                c.purposes().stream().map(p -> p.text().in(locale)).toList();
        String basis = message("package.basis." + c.legalBasis().key(), locale) + " ("
                + c.legalBasis().article() + ")"
                + (c.statute() == null || c.statute().isBlank() ? "" : ", " + c.statute());
        String interest = c.interest() == null ? null : c.interest().in(locale);
        String source = c.source() == null
                ? null
                : message("package.source." + c.source().key(), locale)
                        + (c.sourceDetail() == null
                                ? ""
                                : ": " + c.sourceDetail().in(locale));
        String controller = c.controller() == null
                ? null
                : message("package.controller." + c.controller().key(), locale);
        List<String> recipients = new ArrayList<>();
        for (String key : c.recipients()) {
            Optional<Recipient> named = reg.recipient(key);
            // A group is named by where its members are listed (Art. 15(1)(c): the recipients, not only their kind).
            recipients.add(named.map(x -> x.name(locale) + " ("
                            + message("package.recipient." + x.kind().key(), locale)
                            + (x.country() == null ? "" : ", " + x.country()) + ")"
                            + (x.group() && x.listUrl() != null
                                    ? ": "
                                            + messages.getMessage(
                                                    "package.recipient.list", new Object[] {x.listUrl()}, locale)
                                    : ""))
                    .orElse(key));
        }
        List<String> transfers = new ArrayList<>();
        for (Transfer t : c.transfers()) {
            String to = t.recipient() == null
                    ? ""
                    : reg.recipient(t.recipient()).map(Recipient::name).orElse(t.recipient()) + ", ";
            transfers.add(to + t.country() + " — "
                    + message(
                            "package.safeguard."
                                    + (t.safeguard() == null
                                            ? "none"
                                            : t.safeguard().key()),
                            locale));
        }
        return new Row(
                service,
                c.description().in(locale),
                purposes,
                basis,
                interest,
                retention(c.retention(), locale),
                source,
                controller,
                recipients,
                transfers,
                c.legalBasis() == nl.waarborg.register.LegalBasis.CONSENT);
    }

    private String retention(RetentionRule rule, Locale locale) {
        if (rule == null) {
            return message("package.retention.unspecified", locale);
        }
        if (rule.display() != null) {
            return rule.display().in(locale);
        }
        boolean dutch = !"en".equals(locale.getLanguage());
        return switch (rule.kind()) {
            case PERIOD ->
                Periods.describe(rule.period(), dutch) + " "
                        + rule.anchor().after().in(locale);
            case UNTIL_END_OF_SERVICE -> message("package.retention.untilEnd", locale);
            case SET_BY_CLIENT ->
                messages.getMessage(
                        "package.retention.setByClient",
                        new Object[] {
                            Periods.describe(rule.period(), dutch),
                            rule.maximum() == null ? "—" : Periods.describe(rule.maximum(), dutch)
                        },
                        locale);
            case UNSPECIFIED -> message("package.retention.unspecified", locale);
        };
    }

    private String message(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
