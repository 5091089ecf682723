package nl.waarborg.register.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nl.waarborg.register.ClientOrganisation;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.ExternalSystem;
import nl.waarborg.register.LegalBasis;
import nl.waarborg.register.Recipient;
import nl.waarborg.register.Register;
import nl.waarborg.register.RetentionAnchor;
import nl.waarborg.register.RetentionRule;
import nl.waarborg.register.RightsProcedure;
import nl.waarborg.register.Safeguard;
import nl.waarborg.register.Text;
import nl.waarborg.register.Transfer;

/** Checks a register against the GDPR, the UAVG and the Dutch Telecommunications Act. */
public final class RegisterChecks {

    /** EU member states plus Iceland, Liechtenstein and Norway. */
    static final Set<String> EEA = Set.of(
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
            "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO");

    /**
     * Countries with an adequacy decision of the European Commission (Art. 45). For the US it covers only organisations
     * certified under the Data Privacy Framework; the register owner vouches for that by choosing {@code adequacy}.
     */
    static final Set<String> ADEQUATE =
            Set.of("AD", "AR", "CA", "CH", "FO", "GB", "GG", "IL", "IM", "JE", "JP", "KR", "NZ", "UY", "US");

    private RegisterChecks() {}

    public static List<Finding> check(Register register) {
        return check(register, null);
    }

    /**
     * All findings; with {@code today}, also what depends on the date: agreements past their term or due for review.
     */
    public static List<Finding> check(Register register, java.time.LocalDate today) {
        List<Finding> findings = new ArrayList<>();
        if (register.rights().verification() == RightsProcedure.Verification.ID_COPY_ALWAYS) {
            findings.add(error(
                    "id-copy-from-everyone",
                    "Iedereen die een recht uitoefent moet een kopie van een identiteitsbewijs sturen. Dat is"
                            + " onevenredig: controleer de identiteit via wat al bekend is (portaalaccount, code naar"
                            + " een bekend e-mailadres of telefoonnummer) en vraag alleen bij redelijke twijfel om een"
                            + " afgeschermde kopie. De AP heeft hiervoor een boete opgelegd.",
                    "Every person exercising a right must send a copy of an identity document. That is"
                            + " disproportionate: verify through what is already known (portal account, a code to a"
                            + " known e-mail address or phone number) and ask for a masked copy only when there is"
                            + " reasonable doubt. The Dutch DPA has fined this practice.",
                    "Art. 12(2) and 12(6) AVG/GDPR; EDPB Guidelines 01/2022 §73-79; AP, DPG Media (2022)",
                    null,
                    null));
        }
        register.categories().forEach(c -> checkCategory(register, c, findings));
        ownRecordsKept(
                register,
                "privacy.rights_request",
                "request-files-without-retention",
                "verzoeken van betrokkenen, met hun brieven en e-mails,",
                "data-subject requests, with their letters and e-mails,",
                findings);
        ownRecordsKept(
                register,
                "privacy.breach_record",
                "breach-register-without-retention",
                "de datalekken in het register, met de brieven erover,",
                "the breaches in the register, with the letters about them,",
                findings);
        ownRecordsKept(
                register,
                "privacy.disclosure_record",
                "disclosure-log-without-retention",
                "de verstrekkingen aan instanties in het logboek",
                "the disclosures to authorities in the log",
                findings);
        ownRecordsKept(
                register,
                "privacy.transfer_record",
                "transfer-log-without-retention",
                "de verstuurde gegevens in het logboek van ontvangers",
                "the transfers in the recipients' log",
                findings);
        for (Recipient r : register.recipients()) {
            if (r.kind().needsAgreement() && !r.agreement().present()) {
                findings.add(error(
                        "processor-without-agreement",
                        "Verwerker '" + r.key() + "' heeft geen verwerkersovereenkomst. Leg die vast voordat"
                                + " gegevens worden gedeeld.",
                        "Processor '" + r.key() + "' has no processing agreement. Put one in place before data is"
                                + " shared.",
                        "Art. 28(3) AVG/GDPR",
                        null,
                        r.key()));
            }
            if (r.country() == null) {
                findings.add(warning(
                        "recipient-country-unknown",
                        "Bij ontvanger '" + r.key() + "' staat geen land. Zoek uit waar de leden van deze groep"
                                + " gevestigd zijn; buiten de EER is een doorgiftegrond nodig.",
                        "Recipient '" + r.key() + "' has no country. Find out where the members of this group are"
                                + " established; outside the EEA a transfer ground is needed.",
                        "Art. 13(1)(f), 44 AVG/GDPR",
                        r.key()));
            } else if (!EEA.contains(r.country()) && !safeguarded(r.country(), r.safeguard())) {
                findings.add(error(
                        "transfer-without-safeguard",
                        "Ontvanger '" + r.key() + "' zit buiten de EER zonder geldige doorgiftegrond (adequaatheid,"
                                + " modelcontractbepalingen 2021/914 of bindende bedrijfsvoorschriften).",
                        "Recipient '" + r.key() + "' is outside the EEA without a valid transfer ground (adequacy,"
                                + " standard contractual clauses 2021/914 or binding corporate rules).",
                        "Art. 44-46 AVG/GDPR",
                        null,
                        r.key()));
            }
        }
        for (Recipient r : register.recipients()) {
            if (r.safeguard() == Safeguard.SCC_2021_914 && r.sccModule() == null) {
                findings.add(warning(
                        "scc-module-missing",
                        "Ontvanger '" + r.key() + "' gebruikt de modelcontractbepalingen 2021/914; noem de module"
                                + " (sccModule: 1 verwerkingsverantwoordelijke naar verwerkingsverantwoordelijke, 2 naar"
                                + " verwerker, 3 verwerker naar verwerker, 4 verwerker naar verwerkingsverantwoordelijke).",
                        "Recipient '" + r.key() + "' relies on the standard contractual clauses 2021/914; name the"
                                + " module (sccModule: 1 controller to controller, 2 controller to processor, 3"
                                + " processor to processor, 4 processor to controller).",
                        "Art. 46(2)(c) AVG/GDPR; Uitvoeringsbesluit (EU) 2021/914",
                        r.key()));
            }
            if (r.sccModule() != null && r.safeguard() != Safeguard.SCC_2021_914) {
                findings.add(warning(
                        "scc-module-without-clauses",
                        "Ontvanger '" + r.key() + "' noemt een module van de modelcontractbepalingen, maar niet"
                                + " safeguard: scc-2021-914.",
                        "Recipient '" + r.key() + "' names a module of the standard contractual clauses but not"
                                + " safeguard: scc-2021-914.",
                        "Art. 46(2)(c) AVG/GDPR",
                        r.key()));
            }
            if (r.kind().needsAgreement() && r.privacyContact() == null) {
                findings.add(warning(
                        "recipient-without-privacy-contact",
                        "Verwerker '" + r.key() + "' heeft geen contact voor privacyzaken (privacyContact): daar"
                                + " gaan meldingen van correcties en verwijderingen (art. 19) en vragen bij een"
                                + " datalek heen.",
                        "Processor '" + r.key() + "' has no contact for privacy matters (privacyContact): notices"
                                + " of corrections and erasures (Art. 19) and questions about a breach go there.",
                        "Art. 19, 28(3) AVG/GDPR",
                        r.key()));
            }
        }
        commitments(register, findings);
        for (var partner : register.organisation().entities()) {
            if (partner.relation() == nl.waarborg.register.OrganisationProfile.Relation.JOINT_CONTROLLER
                    && partner.arrangement() == null) {
                findings.add(new Finding(
                        Finding.Severity.ERROR,
                        "joint-controller-without-arrangement",
                        new Text(
                                "Gezamenlijk verantwoordelijke '" + partner.legalName() + "' staat erin zonder de kern"
                                        + " van de regeling (arrangement): wie doet wat voor de betrokkenen. Die moet"
                                        + " voor hen beschikbaar zijn.",
                                "Joint controller '" + partner.legalName() + "' is listed without the essence of the"
                                        + " arrangement: who does what for the people. It must be available to them."),
                        "Art. 26(1)-(2) AVG/GDPR",
                        null,
                        null));
            }
        }
        java.util.Set<String> recipientKeys = new java.util.HashSet<>();
        register.recipients().forEach(r -> recipientKeys.add(r.key()));
        for (Recipient r : register.recipients()) {
            checkAgreement(r.key(), r.agreement(), recipientKeys, today, findings);
        }
        for (ClientOrganisation client : register.clients()) {
            checkAgreement(client.key(), client.agreement(), recipientKeys, today, findings);
        }
        boolean processes =
                register.categories().anyMatch(c -> c.controller() != nl.waarborg.register.ControllerRole.PROVIDER);
        for (ClientOrganisation client : register.clients()) {
            if (processes && !client.agreement().present()) {
                findings.add(error(
                        "client-without-agreement",
                        "Voor opdrachtgever '" + client.key() + "' verwerkt u gegevens als verwerker, maar er is"
                                + " geen verwerkersovereenkomst vastgelegd.",
                        "You process data for client organisation '" + client.key() + "' as a processor, but no"
                                + " processing agreement is recorded.",
                        "Art. 28(3) AVG/GDPR",
                        null,
                        client.key()));
            }
        }
        for (ExternalSystem system : register.systems()) {
            checkSystem(system, findings);
        }
        return findings;
    }

    /**
     * Unknown categories of a system are refused when reading (like unknown recipients). A category that no system
     * holds is not a finding: the built-in store may hold it, and the register cannot know that.
     */
    private static void checkSystem(ExternalSystem system, List<Finding> findings) {
        if (system.http() != null
                && !"https".equals(system.http().baseUrl().getScheme())
                && !local(system.http().baseUrl().getHost())) {
            findings.add(new Finding(
                    Finding.Severity.WARNING,
                    "connector-without-https",
                    new Text(
                            "Waarborg stuurt identificerende gegevens (e-mailadressen, telefoonnummers) naar systeem '"
                                    + system.key() + "' zonder versleutelde verbinding. Gebruik een https-adres.",
                            "Waarborg sends identifying data (e-mail addresses, phone numbers) to system '"
                                    + system.key() + "' over an unencrypted connection. Use an https address."),
                    "Art. 32(1)(a) AVG/GDPR",
                    null,
                    system.key()));
        }
    }

    /**
     * Waarborg's own records are personal data too: without a row whose rule their place can carry out, nothing says
     * when they go, and they are never deleted.
     */
    private static void ownRecordsKept(
            Register register, String key, String rule, String whatNl, String whatEn, List<Finding> findings) {
        // What has no closing (a transfer) counts from when it happened only.
        boolean closes = !key.equals("privacy.transfer_record");
        if (register.categories().filter(c -> c.includes(key)).noneMatch(c -> expiresOwnRecords(c, closes))) {
            String fromNl = closes
                    ? "vanaf de ontvangst (collection) of de afhandeling (request-closed)"
                    : "vanaf het moment zelf (collection)";
            String fromEn = closes
                    ? "from the receipt (collection) or the closing (request-closed)"
                    : "from the moment itself (collection)";
            findings.add(warning(
                    rule,
                    "Geen categorie die " + key + " dekt, heeft een bewaartermijn die telt " + fromNl
                            + ": niets zegt hoe lang " + whatNl + " worden bewaard, dus Waarborg verwijdert ze"
                            + " niet. Geef zo'n categorie een termijn, bijvoorbeeld vijf jaar.",
                    "No category covering " + key + " has a retention period counted " + fromEn
                            + ": nothing says how long " + whatEn + " are kept, so Waarborg does not delete them."
                            + " Give such a category a period, for example five years.",
                    "Art. 5(1)(e) AVG/GDPR",
                    null));
        }
    }

    /** Whether the row's rule is one the places of Waarborg's own records carry out (RequestFiles, BreachRecords, DisclosureRecords). */
    private static boolean expiresOwnRecords(DataCategory c, boolean closes) {
        RetentionRule rule = c.retention();
        if (rule == null || rule.kind() != RetentionRule.Kind.PERIOD) {
            return false;
        }
        return rule.anchor() == null
                || rule.anchor() == RetentionAnchor.COLLECTION
                || (closes && rule.anchor() == RetentionAnchor.REQUEST_CLOSED);
    }

    private static boolean local(String host) {
        return host != null
                && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1"));
    }

    private static void checkCategory(Register register, DataCategory c, List<Finding> findings) {
        boolean traffic = c.covers("telecom.traffic_data");
        boolean recording = c.covers("telecom.call_recording");
        if (c.legalBasis() == LegalBasis.LEGAL_OBLIGATION && blank(c.statute())) {
            findings.add(error(
                    "legal-obligation-without-statute",
                    "Als grondslag staat een wettelijke verplichting, maar niet welke wet die verplichting oplegt."
                            + " Noem het wetsartikel, of kies de grondslag die echt van toepassing is.",
                    "The basis is a legal obligation, but the register does not say which law imposes it. Name the"
                            + " article, or choose the basis that really applies.",
                    "Art. 6(1)(c) and 6(3) AVG/GDPR",
                    c.key(),
                    null));
        }
        if (traffic && c.legalBasis() == LegalBasis.LEGAL_OBLIGATION) {
            findings.add(error(
                    "traffic-data-no-retention-duty",
                    "Verkeersgegevens worden bewaard 'vanwege een wettelijke verplichting'. Sinds 2015 bestaat er in"
                            + " Nederland geen bewaarplicht meer voor verkeersgegevens: de rechter heeft de"
                            + " Wet bewaarplicht telecommunicatiegegevens buiten werking gesteld. Een termijn als zes"
                            + " maanden is een eigen keuze en vraagt een andere grondslag (overeenkomst voor de"
                            + " facturering, of gerechtvaardigd belang).",
                    "Traffic data is kept 'because of a legal obligation'. Since 2015 there is no Dutch retention"
                            + " duty for traffic data: the court set the Data Retention Act aside. A period such as six"
                            + " months is the provider's own choice and needs another basis (contract for billing, or"
                            + " legitimate interest).",
                    "ECLI:NL:RBDHA:2015:2498; Telecommunicatiewet art. 11.5; ePrivacy Directive art. 6",
                    c.key(),
                    null));
        }
        if (c.legalBasis() == LegalBasis.LEGITIMATE_INTERESTS && c.interest() == null) {
            findings.add(error(
                    "legitimate-interest-without-interest",
                    "Als grondslag staat gerechtvaardigd belang, maar het belang zelf is niet beschreven. Mensen"
                            + " hebben recht om te weten welk belang u nastreeft, en kunnen er bezwaar tegen maken.",
                    "The basis is legitimate interest, but the interest itself is not described. People have the"
                            + " right to know which interest is pursued, and may object to it.",
                    "Art. 6(1)(f), 13(1)(d) and 21 AVG/GDPR",
                    c.key(),
                    null));
        }
        if (c.legalBasis() == LegalBasis.CONSENT
                && (c.consent() == null || c.consent().withdrawal() == null)) {
            findings.add(error(
                    "consent-without-withdrawal",
                    "Als grondslag staat toestemming, maar niet hoe iemand die toestemming intrekt. Intrekken moet"
                            + " even makkelijk zijn als geven.",
                    "The basis is consent, but the register does not say how a person withdraws it. Withdrawing must"
                            + " be as easy as giving.",
                    "Art. 7(3) AVG/GDPR",
                    c.key(),
                    null));
        }
        if (c.legalBasis() == LegalBasis.CONSENT
                && c.consent() != null
                && c.consent().mechanism() != null) {
            String how = (c.consent().mechanism().nl() + " "
                            + c.consent().mechanism().en())
                    .toLowerCase(java.util.Locale.ROOT);
            if (how.matches(".*(ondertek|door (het )?(tekenen|afsluiten)|bij het afsluiten|akkoord met de"
                    + " (algemene )?voorwaarden|by signing|by entering into|accept(ing)? the (general )?terms"
                    + "|part of the (contract|agreement)|onderdeel van de (overeenkomst|voorwaarden)).*")) {
                findings.add(new Finding(
                        Finding.Severity.WARNING,
                        "consent-bundled-with-contract",
                        new Text(
                                "De toestemming wordt gevraagd als onderdeel van de overeenkomst of de voorwaarden. Zo"
                                        + " is ze niet vrij gegeven: is de verwerking nodig voor het contract, dan is"
                                        + " de grondslag de overeenkomst (b); anders vraag toestemming apart.",
                                "Consent is asked as part of the contract or the terms. Given that way it is not free: if"
                                        + " the processing is needed for the contract, the basis is the contract (b);"
                                        + " otherwise ask for consent separately."),
                        "Art. 7(4) AVG/GDPR; EDPB Guidelines 05/2020",
                        c.key(),
                        null));
            }
        }
        if (!c.retention().executable()) {
            findings.add(error(
                    "no-executable-retention",
                    "Er is geen bewaartermijn die Waarborg kan uitvoeren, alleen een tekst. Leg een termijn vast"
                            + " (bijvoorbeeld P6M na verzameling), 'tot einde dienstverlening' of een termijn die de"
                            + " opdrachtgever instelt.",
                    "There is no retention rule Waarborg can execute, only a text. Record a period (for example P6M"
                            + " after collection), 'until end of service' or a period set by the client organisation.",
                    "Art. 5(1)(e) and 30(1)(f) AVG/GDPR",
                    c.key(),
                    null));
        }
        if ((traffic || recording) && c.retention().kind() == RetentionRule.Kind.UNTIL_END_OF_SERVICE) {
            findings.add(new Finding(
                    traffic ? Finding.Severity.ERROR : Finding.Severity.WARNING,
                    "kept-until-end-of-service",
                    new Text(
                            (traffic ? "Verkeersgegevens" : "Gespreksopnames")
                                    + " worden bewaard tot het einde van de dienstverlening. Ze zijn voor de"
                                    + " dienst zelf niet zo lang nodig: kies een vaste termijn, bijvoorbeeld tot de"
                                    + " factuur niet meer kan worden betwist.",
                            (traffic ? "Traffic data is" : "Call recordings are")
                                    + " kept until the service ends. The service does not need them that long:"
                                    + " choose a fixed period, for example until the invoice can no longer be"
                                    + " disputed."),
                    traffic
                            ? "Telecommunicatiewet art. 11.5; Art. 5(1)(c) and 5(1)(e) AVG/GDPR"
                            : "Art. 5(1)(c) and 5(1)(e) AVG/GDPR",
                    c.key(),
                    null));
        }
        boolean identity = c.covers("user.government_id") || c.covers("identity.document");
        if (identity && (c.legalBasis() != LegalBasis.LEGAL_OBLIGATION || blank(c.statute()))) {
            findings.add(error(
                    "identity-without-statute",
                    "Het BSN of een identiteitsbewijs wordt verwerkt zonder wettelijke grondslag. Het BSN mag"
                            + " alleen worden gebruikt als een wet dat voorschrijft; een kopie van een"
                            + " identiteitsbewijs alleen als een wet of een concrete twijfel het nodig maakt. Noem de"
                            + " wet, of verwerk deze gegevens niet.",
                    "The citizen service number (BSN) or an identity document is processed without a statutory"
                            + " basis. The BSN may only be used where a law prescribes it; a copy of an identity"
                            + " document only where a law or a concrete doubt requires it. Name the law, or do not"
                            + " process this data.",
                    "UAVG art. 46; Art. 87 AVG/GDPR",
                    c.key(),
                    null));
        }
        if (c.portable() && c.legalBasis() != LegalBasis.CONSENT && c.legalBasis() != LegalBasis.CONTRACT) {
            findings.add(new Finding(
                    Finding.Severity.WARNING,
                    "portability-outside-consent-contract",
                    new Text(
                            "Overdraagbaarheid wordt beloofd voor gegevens die niet op toestemming of overeenkomst"
                                    + " berusten. Het recht op overdracht geldt alleen voor die twee grondslagen;"
                                    + " beloof het niet voor andere gegevens, of leg uit dat het vrijwillig is.",
                            "Portability is promised for data not processed on consent or contract. The right to"
                                    + " portability covers only those two bases; do not promise it for other data,"
                                    + " or explain that it is voluntary."),
                    "Art. 20(1)(a) AVG/GDPR",
                    c.key(),
                    null));
        }
        for (Transfer t : c.transfers()) {
            if (!EEA.contains(t.country()) && !safeguarded(t.country(), t.safeguard())) {
                findings.add(error(
                        "transfer-without-safeguard",
                        "Gegevens gaan naar een land buiten de EER zonder geldige doorgiftegrond (adequaatheid,"
                                + " modelcontractbepalingen 2021/914 of bindende bedrijfsvoorschriften).",
                        "Data goes to a country outside the EEA without a valid transfer ground (adequacy, standard"
                                + " contractual clauses 2021/914 or binding corporate rules).",
                        "Art. 44-46 AVG/GDPR",
                        c.key(),
                        t.recipient()));
            }
        }
        boolean secret = c.covers("customer.credentials")
                || c.covers("user.authorization")
                || recording
                || c.covers("identity.document")
                || c.covers("user.government_id")
                || c.covers("user.biometric");
        if (secret && !c.sensitive()) {
            findings.add(new Finding(
                    Finding.Severity.WARNING,
                    "sensitive-not-encrypted",
                    new Text(
                            "Wachtwoorden, opnames en identiteitsgegevens horen versleuteld te worden opgeslagen;"
                                    + " markeer deze categorie als gevoelig.",
                            "Passwords, recordings and identity data should be stored encrypted; mark this category"
                                    + " as sensitive."),
                    "Art. 32(1)(a) AVG/GDPR",
                    c.key(),
                    null));
        }
    }

    /** An agreement's term, review, Art. 28(3) clauses and authorised sub-processors. */
    private static void checkAgreement(
            String party,
            nl.waarborg.register.Agreement a,
            java.util.Set<String> recipientKeys,
            java.time.LocalDate today,
            List<Finding> findings) {
        if (!a.present()) {
            return;
        }
        if (today != null && a.endedBy(today)) {
            findings.add(warning(
                    "agreement-expired",
                    "De verwerkersovereenkomst met '" + party + "' liep af op " + a.until()
                            + ". Verleng of vervang haar, of stop met het delen van gegevens.",
                    "The processing agreement with '" + party + "' ended on " + a.until()
                            + ". Renew or replace it, or stop sharing data.",
                    "Art. 28(3) AVG/GDPR",
                    party));
        }
        if (today != null && a.reviewDueBy(today)) {
            findings.add(warning(
                    "agreement-review-due",
                    "De verwerkersovereenkomst met '" + party + "' moest op " + a.reviewOn()
                            + " opnieuw bekeken worden. Bekijk haar en zet de volgende datum in het register.",
                    "The processing agreement with '" + party + "' was due for review on " + a.reviewOn()
                            + ". Review it and put the next date in the register.",
                    "Art. 28(1) and 24(1) AVG/GDPR",
                    party));
        }
        if (!a.missingClauses().isEmpty()) {
            String missing = String.join(", ", a.missingClauses());
            findings.add(warning(
                    "agreement-missing-clauses",
                    "De verwerkersovereenkomst met '" + party
                            + "' mist de verplichte afspraken van art. 28 lid 3 onder " + missing + ".",
                    "The processing agreement with '" + party + "' lacks the required clauses of Art. 28(3)(" + missing
                            + ").",
                    "Art. 28(3) AVG/GDPR",
                    party));
        }
        for (String sub : a.subProcessors()) {
            if (!recipientKeys.contains(sub)) {
                findings.add(error(
                        "unknown-sub-processor",
                        "De overeenkomst met '" + party + "' staat subverwerker '" + sub
                                + "' toe, maar die staat niet bij de ontvangers.",
                        "The agreement with '" + party + "' authorises sub-processor '" + sub
                                + "', which is not among the recipients.",
                        "Art. 28(2) and 30(1)(d) AVG/GDPR",
                        null,
                        party));
            }
        }
    }

    /**
     * The statement's promises held against the processing: no profiling while a purpose profiles, no sale or no
     * sharing for others' commercial purposes while a purpose shares with third parties (without consent, for the
     * latter), and direct transmission offered while nothing is portable.
     */
    private static void commitments(Register register, List<Finding> findings) {
        var promised = register.promises().commitments();
        register.categories().forEach(c -> {
            java.util.Set<String> uses = new java.util.TreeSet<>();
            c.purposes().forEach(p -> uses.addAll(p.uses()));
            boolean profiles = uses.stream()
                    .anyMatch(u -> u.startsWith("marketing.advertising.profiling")
                            || u.startsWith("personalize.content.profil"));
            boolean shares = uses.stream()
                    .anyMatch(u -> (u.startsWith("third_party_sharing") && !u.startsWith("third_party_sharing.legal"))
                            || u.startsWith("marketing.advertising.third_party"));
            if (promised.contains(nl.waarborg.register.Promises.Commitment.NO_PROFILING) && profiles) {
                findings.add(contradicted("no-profiling", c.key(), "profileert", "profiles"));
            }
            if (promised.contains(nl.waarborg.register.Promises.Commitment.NO_SALE) && shares) {
                findings.add(contradicted("no-sale", c.key(), "deelt met derden", "shares with third parties"));
            }
            if (promised.contains(nl.waarborg.register.Promises.Commitment.NO_COMMERCIAL_SHARING_WITHOUT_CONSENT)
                    && shares
                    && c.legalBasis() != LegalBasis.CONSENT) {
                findings.add(contradicted(
                        "no-commercial-sharing-without-consent",
                        c.key(),
                        "deelt met derden zonder toestemming",
                        "shares with third parties without consent"));
            }
        });
        if (register.rights().portabilityTransmission()
                && register.categories().noneMatch(nl.waarborg.register.DataCategory::portable)) {
            findings.add(new Finding(
                    Finding.Severity.WARNING,
                    "transmission-without-portable-data",
                    new Text(
                            "Het register belooft gegevens rechtstreeks naar een andere aanbieder te sturen, maar geen"
                                    + " categorie is overdraagbaar (portable).",
                            "The register offers to send data straight to another provider, but no category is"
                                    + " portable."),
                    "Art. 20 AVG/GDPR",
                    null,
                    null));
        }
    }

    private static Finding contradicted(String commitment, String category, String nl, String en) {
        return new Finding(
                Finding.Severity.ERROR,
                "commitment-contradicted",
                new Text(
                        "De verklaring belooft '" + commitment + "', maar een doel van deze categorie " + nl
                                + ". Pas het doel of de belofte aan.",
                        "The statement promises '" + commitment + "', but a purpose of this category " + en
                                + ". Change the purpose or the promise."),
                "Art. 5(1)(a), 12(1) AVG/GDPR",
                category,
                null);
    }

    private static Finding warning(String rule, String nl, String en, String source, String recipient) {
        return new Finding(Finding.Severity.WARNING, rule, new Text(nl, en), source, null, recipient);
    }

    private static boolean safeguarded(String country, Safeguard safeguard) {
        if (safeguard == null || safeguard == Safeguard.NONE) {
            return false;
        }
        if (safeguard == Safeguard.EU_US_DPF) {
            // The framework's adequacy covers certified organisations in the United States only.
            return "US".equals(country);
        }
        return safeguard != Safeguard.ADEQUACY || ADEQUATE.contains(country);
    }

    private static Finding error(String rule, String nl, String en, String source, String category, String recipient) {
        return new Finding(Finding.Severity.ERROR, rule, new Text(nl, en), source, category, recipient);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
