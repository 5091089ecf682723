package nl.waarborg.register.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nl.waarborg.documents.Table;
import nl.waarborg.register.ClientOrganisation;
import nl.waarborg.register.ControllerRole;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.OrganisationProfile;
import nl.waarborg.register.Purpose;
import nl.waarborg.register.Register;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.RetentionRule;
import nl.waarborg.register.Service;

/** The register, its recipients and the Art. 30 records as tables. */
public final class RegisterTables {

    private RegisterTables() {}

    /** Every field of every category, in both languages: one row per category. */
    public static Table register(RegisterVersion version) {
        List<String> header = List.of(
                "service",
                "service_nl",
                "service_en",
                "category",
                "description_nl",
                "description_en",
                "data_categories",
                "subjects",
                "purposes_nl",
                "purposes_en",
                "data_uses",
                "legal_basis",
                "statute",
                "interest_nl",
                "interest_en",
                "consent_mechanism_nl",
                "consent_withdrawal_nl",
                "controller",
                "source",
                "recipients",
                "transfers",
                "security",
                "sensitive",
                "portable",
                "retention_kind",
                "retention_period",
                "retention_from",
                "retention_maximum",
                "retention_nl",
                "retention_en");
        List<List<String>> rows = new ArrayList<>();
        for (Service s : version.register().services()) {
            for (DataCategory c : s.categories()) {
                RetentionRule r = c.retention();
                rows.add(List.of(
                        s.key(),
                        s.name().nl(),
                        s.name().en(),
                        c.key(),
                        c.description().nl(),
                        c.description().en(),
                        String.join(", ", c.dataCategories()),
                        String.join(", ", c.subjects()),
                        c.purposes().stream().map(p -> p.text().nl()).collect(Collectors.joining("; ")),
                        c.purposes().stream().map(p -> p.text().en()).collect(Collectors.joining("; ")),
                        c.purposes().stream()
                                .flatMap(p -> p.uses().stream())
                                .distinct()
                                .collect(Collectors.joining(", ")),
                        c.legalBasis().key(),
                        nz(c.statute()),
                        c.interest() == null ? "" : c.interest().nl(),
                        c.interest() == null ? "" : c.interest().en(),
                        c.consent() == null ? "" : c.consent().mechanism().nl(),
                        c.consent() == null || c.consent().withdrawal() == null
                                ? ""
                                : c.consent().withdrawal().nl(),
                        c.controller().key(),
                        c.source().key(),
                        String.join(", ", c.recipients()),
                        c.transfers().stream()
                                .map(t -> t.country() + " (" + t.safeguard().key() + ")")
                                .collect(Collectors.joining(", ")),
                        String.join(", ", c.security()),
                        Boolean.toString(c.sensitive()),
                        Boolean.toString(c.portable()),
                        r.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                        r.period() == null ? "" : r.period().toString(),
                        r.anchor() == null ? "" : r.anchor().key(),
                        r.maximum() == null ? "" : r.maximum().toString(),
                        r.text().nl(),
                        r.text().en()));
            }
        }
        return new Table(
                "register",
                List.of("Register version " + version.number() + ", in force from " + version.inForceFrom()),
                header,
                rows);
    }

    public static Table recipients(RegisterVersion version, Locale locale) {
        boolean nl = !"en".equals(locale.getLanguage());
        List<List<String>> rows = version.register().recipients().stream()
                .map(r -> List.of(
                        r.key(),
                        r.name(locale),
                        r.kind().key(),
                        r.country() == null ? (nl ? "onbekend" : "unknown") : r.country(),
                        r.description() == null ? "" : r.description().in(locale),
                        r.agreement().present() ? (nl ? "ja" : "yes") : (nl ? "nee" : "no"),
                        r.agreement().date() == null ? "" : r.agreement().date().toString(),
                        nz(r.agreement().reference()),
                        r.safeguard() == null ? "" : r.safeguard().key()))
                .toList();
        return new Table(
                nl ? "Ontvangers" : "Recipients",
                List.of(),
                nl
                        ? List.of(
                                "sleutel",
                                "naam",
                                "soort",
                                "land",
                                "omschrijving",
                                "verwerkersovereenkomst",
                                "datum",
                                "referentie",
                                "doorgiftegrond")
                        : List.of(
                                "key",
                                "name",
                                "kind",
                                "country",
                                "description",
                                "processing agreement",
                                "date",
                                "reference",
                                "transfer safeguard"),
                rows);
    }

    /** The controller's record, Art. 30(1)(a)-(g): what the provider processes for its own account. */
    public static Table controllerRecord(RegisterVersion version, Locale locale) {
        boolean nl = !"en".equals(locale.getLanguage());
        Register r = version.register();
        List<List<String>> rows = new ArrayList<>();
        for (Service s : r.services()) {
            for (DataCategory c : s.categories()) {
                if (c.controller() == ControllerRole.CLIENT) {
                    continue;
                }
                rows.add(List.of(
                        s.name().in(locale),
                        c.description().in(locale),
                        purposes(c.purposes(), locale),
                        basis(c, locale),
                        c.subjects().stream()
                                .map(k -> Vocabulary.subjectName(k).in(locale))
                                .collect(Collectors.joining(", ")),
                        c.dataCategories().stream()
                                .map(k -> Vocabulary.categoryName(k).in(locale))
                                .collect(Collectors.joining(", ")),
                        recipients(r, c),
                        transfers(c),
                        c.retention().text().in(locale),
                        security(c, locale),
                        c.controller() == ControllerRole.JOINT
                                ? (nl ? "gezamenlijk" : "joint")
                                : (nl ? "eigen" : "own")));
            }
        }
        return new Table(
                nl ? "Art. 30(1) verantwoordelijke" : "Art. 30(1) controller",
                controllerPreamble(r.organisation(), version, locale),
                nl
                        ? List.of(
                                "dienst",
                                "verwerking",
                                "doeleinden (b)",
                                "grondslag",
                                "betrokkenen (c)",
                                "persoonsgegevens (c)",
                                "ontvangers (d)",
                                "doorgifte buiten de EER (e)",
                                "bewaartermijn (f)",
                                "beveiliging (g)",
                                "verantwoordelijkheid")
                        : List.of(
                                "service",
                                "processing",
                                "purposes (b)",
                                "legal basis",
                                "data subjects (c)",
                                "personal data (c)",
                                "recipients (d)",
                                "transfers outside the EEA (e)",
                                "retention (f)",
                                "security (g)",
                                "responsibility"),
                rows);
    }

    /** The processor's record, Art. 30(2)(a)-(d), for one client organisation (or for all when none is named). */
    public static Table processorRecord(RegisterVersion version, ClientOrganisation client, Locale locale) {
        boolean nl = !"en".equals(locale.getLanguage());
        Register r = version.register();
        List<String> preamble =
                new ArrayList<>(preamble(r.organisation(), version, locale, nl ? "Verwerker" : "Processor"));
        if (client != null) {
            preamble.add((nl ? "Verwerkingsverantwoordelijke (opdrachtgever): " : "Controller (client organisation): ")
                    + client.name()
                    + (client.contact() == null ? "" : ", " + client.contact()));
            preamble.add((nl ? "Verwerkersovereenkomst: " : "Processing agreement: ")
                    + (client.agreement().present()
                            ? (nl ? "ja" : "yes")
                                    + Stream.of(
                                                    client.agreement().date() == null
                                                            ? null
                                                            : client.agreement()
                                                                    .date()
                                                                    .toString(),
                                                    client.agreement().reference())
                                            .filter(Objects::nonNull)
                                            .map(v -> ", " + v)
                                            .collect(Collectors.joining())
                            : (nl ? "nee" : "no")));
        } else {
            preamble.add(
                    nl
                            ? "Verwerkingsverantwoordelijke: elke opdrachtgever aan wie de dienst wordt geleverd"
                            : "Controller: each client organisation the service is delivered to");
        }
        List<List<String>> rows = new ArrayList<>();
        for (Service s : r.services()) {
            for (DataCategory c : s.categories()) {
                if (c.controller() == ControllerRole.PROVIDER) {
                    continue;
                }
                rows.add(List.of(
                        s.name().in(locale),
                        c.description().in(locale),
                        c.subjects().stream()
                                .map(k -> Vocabulary.subjectName(k).in(locale))
                                .collect(Collectors.joining(", ")),
                        c.dataCategories().stream()
                                .map(k -> Vocabulary.categoryName(k).in(locale))
                                .collect(Collectors.joining(", ")),
                        recipients(r, c),
                        transfers(c),
                        c.retention().text().in(locale),
                        security(c, locale)));
            }
        }
        return new Table(
                nl ? "Art. 30(2) verwerker" : "Art. 30(2) processor",
                preamble,
                nl
                        ? List.of(
                                "dienst",
                                "categorie van verwerking (b)",
                                "betrokkenen",
                                "persoonsgegevens",
                                "subverwerkers en ontvangers",
                                "doorgifte buiten de EER (c)",
                                "bewaartermijn",
                                "beveiliging (d)")
                        : List.of(
                                "service",
                                "category of processing (b)",
                                "data subjects",
                                "personal data",
                                "sub-processors and recipients",
                                "transfers outside the EEA (c)",
                                "retention",
                                "security (d)"),
                rows);
    }

    /** Art. 30(1)(a): the controller and, where applicable, the joint controllers with what they arranged. */
    private static List<String> controllerPreamble(OrganisationProfile o, RegisterVersion version, Locale locale) {
        boolean nl = !"en".equals(locale.getLanguage());
        List<String> lines =
                new ArrayList<>(preamble(o, version, locale, nl ? "Verwerkingsverantwoordelijke" : "Controller"));
        int at = o.dpo() == null ? 1 : 2;
        for (OrganisationProfile.Entity e : o.entities()) {
            if (e.relation() == OrganisationProfile.Relation.JOINT_CONTROLLER) {
                lines.add(
                        at++,
                        (nl ? "Gezamenlijk verwerkingsverantwoordelijke (art. 26): " : "Joint controller (Art. 26): ")
                                + e.legalName()
                                + (e.kvk() == null ? "" : ", KvK " + e.kvk())
                                + (e.arrangement() == null
                                        ? ""
                                        : (nl ? "; regeling: " : "; arrangement: ")
                                                + e.arrangement().in(locale)));
            }
        }
        return lines;
    }

    private static List<String> preamble(OrganisationProfile o, RegisterVersion version, Locale locale, String role) {
        boolean nl = !"en".equals(locale.getLanguage());
        List<String> lines = new ArrayList<>();
        lines.add(role + ": " + o.legalName()
                + (o.kvk() == null ? "" : ", KvK " + o.kvk())
                + Stream.of(o.visitingAddress(), o.privacyEmail(), o.phone())
                        .filter(Objects::nonNull)
                        .map(v -> ", " + v)
                        .collect(Collectors.joining()));
        if (o.dpo() != null) {
            lines.add((nl ? "Functionaris gegevensbescherming: " : "Data protection officer: ")
                    + o.dpo().name()
                    + (o.dpo().email() == null ? "" : ", " + o.dpo().email()));
        }
        lines.add((nl ? "Registerversie " : "Register version ")
                + version.number()
                + (nl ? ", geldig vanaf " : ", in force from ")
                + version.inForceFrom());
        return lines;
    }

    private static String purposes(List<Purpose> purposes, Locale locale) {
        return purposes.stream().map(p -> p.text().in(locale)).collect(Collectors.joining("; "));
    }

    public static String basis(DataCategory c, Locale locale) {
        boolean nl = !"en".equals(locale.getLanguage());
        String name = switch (c.legalBasis()) {
            case CONSENT -> nl ? "Toestemming" : "Consent";
            case CONTRACT -> nl ? "Uitvoering overeenkomst" : "Performance of a contract";
            case LEGAL_OBLIGATION -> nl ? "Wettelijke verplichting" : "Legal obligation";
            case VITAL_INTERESTS -> nl ? "Vitaal belang" : "Vital interests";
            case PUBLIC_TASK -> nl ? "Taak van algemeen belang" : "Public task";
            case LEGITIMATE_INTERESTS -> nl ? "Gerechtvaardigd belang" : "Legitimate interests";
        };
        String companion = c.statute() != null
                ? c.statute()
                : c.interest() != null
                        ? c.interest().in(locale)
                        : c.consent() != null ? c.consent().mechanism().in(locale) : null;
        return name + " (" + c.legalBasis().article() + ")" + (companion == null ? "" : ": " + companion);
    }

    private static String recipients(Register r, DataCategory c) {
        return c.recipients().stream()
                .map(k -> r.recipient(k).map(x -> x.name()).orElse(k))
                .collect(Collectors.joining(", "));
    }

    private static String transfers(DataCategory c) {
        return c.transfers().stream()
                .map(t -> t.country() + " (" + t.safeguard().key() + ")")
                .collect(Collectors.joining(", "));
    }

    private static String security(DataCategory c, Locale locale) {
        return c.security().stream()
                .map(k -> Vocabulary.securityName(k).in(locale))
                .collect(Collectors.joining(", "));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
