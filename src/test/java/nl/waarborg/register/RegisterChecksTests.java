package nl.waarborg.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nl.waarborg.register.internal.Finding;
import nl.waarborg.register.internal.RegisterChecks;
import nl.waarborg.register.internal.RegisterReader;
import org.junit.jupiter.api.Test;

/** Each legal check fires on a register that breaks its rule and stays silent on the template. */
class RegisterChecksTests {

    static final String TEMPLATE = RegisterFixtures.load(RegisterFixtures.TEMPLATE);

    static List<Finding> check(String yaml) {
        return RegisterChecks.check(RegisterReader.read(yaml));
    }

    static List<String> rules(String yaml) {
        return check(yaml).stream().map(f -> f.rule() + "@" + f.category()).toList();
    }

    static String change(String from, String to) {
        assertThat(TEMPLATE).contains(from);
        return TEMPLATE.replace(from, to);
    }

    @Test
    void templateHasNoFindings() {
        assertThat(check(TEMPLATE)).isEmpty();
    }

    @Test
    void legalObligationNeedsAStatute() {
        String yaml = change(
                "        statute: Algemene wet inzake rijksbelastingen art. 52; Burgerlijk Wetboek art. 2:10\n", "");
        assertThat(rules(yaml)).containsExactly("legal-obligation-without-statute@invoices");
    }

    @Test
    void trafficDataKeptBecauseOfALegalObligationIsFlagged() {
        String yaml = change(
                "            uses: [third_party_sharing.legal_obligation]\n        legalBasis: contract\n",
                "            uses: [third_party_sharing.legal_obligation]\n        legalBasis: legal-obligation\n"
                        + "        statute: Wet bewaarplicht telecommunicatiegegevens\n");
        List<Finding> findings = check(yaml);
        assertThat(findings).extracting(Finding::rule).contains("traffic-data-no-retention-duty");
        Finding finding = findings.stream()
                .filter(f -> f.rule().equals("traffic-data-no-retention-duty"))
                .findFirst()
                .orElseThrow();
        assertThat(finding.severity()).isEqualTo(Finding.Severity.ERROR);
        assertThat(finding.category()).isEqualTo("traffic-data");
        assertThat(finding.legalSource()).contains("ECLI:NL:RBDHA:2015:2498");
        assertThat(finding.explanation().nl()).contains("2015");
        assertThat(finding.explanation().en()).contains("2015");
    }

    @Test
    void legitimateInterestNeedsTheInterest() {
        String yaml = change("""
                        interest:
                          nl: Wie ons iets vraagt, verwacht een antwoord; daarvoor hebben we de contactgegevens nodig.
                          en: Whoever asks us something expects an answer; we need the contact details for that.
                """, "");
        assertThat(rules(yaml)).containsExactly("legitimate-interest-without-interest@contact-form");
    }

    @Test
    void consentNeedsAWithdrawalMechanism() {
        String yaml = change("""
                          withdrawal:
                            nl: Met de afmeldlink onder elke nieuwsbrief of in het portaal; het werkt meteen.
                            en: With the unsubscribe link under every newsletter or in the portal; it takes effect at once.
                """, "");
        assertThat(rules(yaml)).containsExactly("consent-without-withdrawal@newsletter");
    }

    @Test
    void retentionMustBeExecutable() {
        String yaml = change(
                "        retention: {period: P1Y, from: last-contact}",
                "        retention: {display: {nl: Zo kort mogelijk, en: As short as possible}}");
        assertThat(rules(yaml)).containsExactly("no-executable-retention@contact-form");
        String none = change("        retention: {period: P1Y, from: last-contact}\n", "");
        assertThat(rules(none)).containsExactly("no-executable-retention@contact-form");
    }

    @Test
    void trafficDataAndRecordingsAreNotKeptUntilTheServiceEnds() {
        String traffic = change("""
                        retention:
                          period: P6M
                          from: invoice-date
                """, "        retention: {until: end-of-service}\n");
        List<Finding> findings = check(traffic);
        assertThat(findings)
                .extracting(f -> f.rule() + "@" + f.category() + ":" + f.severity())
                .containsExactly("kept-until-end-of-service@traffic-data:ERROR");
        String recording = change(
                "        retention: {period: P30D, from: collection}", "        retention: {until: end-of-service}");
        assertThat(check(recording))
                .extracting(f -> f.rule() + "@" + f.category() + ":" + f.severity())
                .containsExactly("kept-until-end-of-service@support-calls:WARNING");
    }

    @Test
    void idCopyFromEveryRequesterIsFlagged() {
        String yaml = change("  verification: known-channel", "  verification: id-copy-always");
        assertThat(rules(yaml)).containsExactly("id-copy-from-everyone@null");
        String inDoubt = change("  verification: known-channel", "  verification: id-copy-if-in-doubt");
        assertThat(check(inDoubt)).isEmpty();
    }

    @Test
    void transferOutsideTheEeaNeedsASafeguard() {
        String recipient = change("    kind: processor\n    country: IE\n", "    kind: processor\n    country: IN\n");
        List<Finding> findings = check(recipient);
        assertThat(findings)
                .extracting(Finding::rule, Finding::recipient)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("transfer-without-safeguard", "mailing"));
        String withScc = change(
                "    kind: processor\n    country: IE\n",
                "    kind: processor\n    country: IN\n    safeguard: scc-2021-914\n    sccModule: 2\n");
        assertThat(check(withScc)).isEmpty();
        String sccWithoutModule = change(
                "    kind: processor\n    country: IE\n",
                "    kind: processor\n    country: IN\n    safeguard: scc-2021-914\n");
        assertThat(check(sccWithoutModule))
                .extracting(f -> f.rule() + "@" + f.recipient() + ":" + f.severity())
                .containsExactly("scc-module-missing@mailing:WARNING");
        String moduleWithoutScc = change(
                "    kind: processor\n    country: IE\n", "    kind: processor\n    country: IE\n    sccModule: 3\n");
        assertThat(check(moduleWithoutScc)).extracting(Finding::rule).containsExactly("scc-module-without-clauses");
        // The EU-US Data Privacy Framework covers certified organisations in the United States, nowhere else.
        String dpf = change(
                "    kind: processor\n    country: IE\n",
                "    kind: processor\n    country: US\n    safeguard: eu-us-dpf\n");
        assertThat(check(dpf)).isEmpty();
        String dpfElsewhere = change(
                "    kind: processor\n    country: IE\n",
                "    kind: processor\n    country: IN\n    safeguard: eu-us-dpf\n");
        assertThat(rules(dpfElsewhere)).containsExactly("transfer-without-safeguard@null");
        String adequacyWrongCountry = change(
                "    kind: processor\n    country: IE\n",
                "    kind: processor\n    country: IN\n    safeguard: adequacy\n");
        assertThat(rules(adequacyWrongCountry)).containsExactly("transfer-without-safeguard@null");
        String adequate = change(
                "    kind: processor\n    country: IE\n",
                "    kind: processor\n    country: CH\n    safeguard: adequacy\n");
        assertThat(check(adequate)).isEmpty();
        String categoryTransfer = change(
                "        recipients: [mailing]\n",
                "        recipients: [mailing]\n        transfers: [{country: US, recipient: mailing}]\n");
        assertThat(rules(categoryTransfer)).containsExactly("transfer-without-safeguard@newsletter");
    }

    @Test
    void thePromisesAreHeldAgainstThePurposes() {
        String profiling = change("uses: [marketing.advertising]", "uses: [marketing.advertising.profiling]")
                .replace("commitments: [no-sale, no-automated-decisions]", "commitments: [no-sale, no-profiling]");
        assertThat(check(profiling))
                .extracting(f -> f.rule() + "@" + f.category() + ":" + f.severity())
                .containsExactly("commitment-contradicted@website-marketing:ERROR");
        String sharing = change("uses: [marketing.advertising]", "uses: [third_party_sharing]")
                .replace(
                        "commitments: [no-sale, no-automated-decisions]",
                        "commitments: [no-commercial-sharing-without-consent]");
        assertThat(check(sharing)).as("shared on consent: kept").isEmpty();
        assertThat(rules(sharing.replace(
                        "commitments: [no-commercial-sharing-without-consent]", "commitments: [no-sale]")))
                .containsExactly("commitment-contradicted@website-marketing");
        String bundled = change(
                "nl: Een vinkje dat niet vooraf is aangezet, bij aanmelding op de website of in het portaal.",
                "nl: Door het ondertekenen van de overeenkomst geeft de klant toestemming.");
        assertThat(check(bundled))
                .extracting(f -> f.rule() + ":" + f.severity())
                .containsExactly("consent-bundled-with-contract:WARNING");
        nl.waarborg.register.Register template = RegisterReader.read(TEMPLATE);
        nl.waarborg.register.Register again =
                RegisterReader.read(nl.waarborg.register.internal.RegisterWriter.yaml(template));
        assertThat(again.promises()).isEqualTo(template.promises());
        // A new version that changes only a promise or the transmission is a change, not "no changes".
        nl.waarborg.register.Register fewer =
                RegisterReader.read(change("commitments: [no-sale, no-automated-decisions]", "commitments: [no-sale]")
                        .replace("  portabilityTransmission: true\n", ""));
        assertThat(nl.waarborg.register.internal.RegisterDiff.between(template, fewer))
                .extracting(c -> c.scope())
                .contains("promises", "rights");
        // Promising to tell nobody is no promise at all.
        assertThat(RegisterReader.read(change(
                                "breachNotification: {authority: true, people: true, police: false}",
                                "breachNotification: {authority: false, people: false, police: false}"))
                        .promises()
                        .breachNotification())
                .isNull();
        assertThat(again.promises().breachNotification().people()).isTrue();
        assertThat(again.rights().portabilityTransmission()).isTrue();
        org.junit.jupiter.api.Assertions.assertThrows(
                nl.waarborg.register.RegisterException.class,
                () -> RegisterReader.read(change(
                        "commitments: [no-sale, no-automated-decisions]", "commitments: [no-sale, never-lose-data]")));
    }

    @Test
    void aGroupOfRecipientsMayLeaveItsCountryOpenAndAJointControllerNeedsItsArrangement() {
        String yaml = nl.waarborg.statement.StatementPromisesTestsAccess.expressive();
        assertThat(check(yaml))
                .extracting(f -> f.rule() + "@" + f.recipient() + ":" + f.severity())
                .containsExactly("recipient-country-unknown@mobile-network:WARNING");
        String noArrangement =
                yaml.replaceAll("(?s)      arrangement:\\n.*?we handle the requests of the people concerned\\.\\n", "");
        assertThat(rules(noArrangement)).contains("joint-controller-without-arrangement@null");
        nl.waarborg.register.Register register = RegisterReader.read(yaml);
        nl.waarborg.register.Register again =
                RegisterReader.read(nl.waarborg.register.internal.RegisterWriter.yaml(register));
        assertThat(again)
                .as("entities, names, groups and paper survive a round trip")
                .isEqualTo(register);
        String noDestruction = yaml.replace("          destruction: destruction-service\n", "");
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(
                                nl.waarborg.register.RegisterException.class, () -> RegisterReader.read(noDestruction))
                        .getMessage())
                .contains("medium.destruction");
    }

    @Test
    void aProcessorNamesWhereItsPrivacyMattersGo() {
        String yaml = change("    privacyContact: privacy@facturatie.example\n", "");
        assertThat(check(yaml))
                .extracting(f -> f.rule() + "@" + f.recipient() + ":" + f.severity())
                .containsExactly("recipient-without-privacy-contact@billing:WARNING");
        // Not every recipient: an independent controller such as the mobile network answers for itself.
        nl.waarborg.register.Register withModule = RegisterReader.read(change(
                "    kind: processor\n    country: IE\n",
                "    kind: processor\n    country: IN\n    safeguard: scc-2021-914\n    sccModule: 2\n"));
        nl.waarborg.register.Register again =
                RegisterReader.read(nl.waarborg.register.internal.RegisterWriter.yaml(withModule));
        assertThat(again.recipient("mailing").orElseThrow())
                .as("the contact and the module survive a round trip")
                .isEqualTo(withModule.recipient("mailing").orElseThrow())
                .satisfies(r -> {
                    assertThat(r.sccModule()).isEqualTo(2);
                    assertThat(r.privacyContact()).isEqualTo("privacy@maildienst.example");
                });
        nl.waarborg.register.RegisterException bad = org.junit.jupiter.api.Assertions.assertThrows(
                nl.waarborg.register.RegisterException.class,
                () -> RegisterReader.read(change(
                        "    kind: processor\n    country: IE\n",
                        "    kind: processor\n    country: IN\n    safeguard: scc-2021-914\n    sccModule: 5\n")));
        assertThat(bad.getMessage()).contains("recipients[4].sccModule").contains("1, 2, 3 or 4");
    }

    @Test
    void processorNeedsAnAgreement() {
        String yaml = change(
                "    agreement: {present: true, date: 2025-01-15, reference: VO-2025-002}",
                "    agreement: {present: false}");
        assertThat(check(yaml))
                .extracting(Finding::rule, Finding::recipient)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("processor-without-agreement", "billing"));
        String client = change("    agreement: {present: true, date: 2025-04-01, reference: VWO-KLANT-001}", "");
        assertThat(check(client)).extracting(Finding::rule).containsExactly("client-without-agreement");
    }

    @Test
    void identityDocumentsAndBsnNeedAStatute() {
        String yaml = change(
                "        dataCategories: [user.name, user.contact.phone_number, user.contact.email, user.contact.organization]",
                "        dataCategories: [user.name, user.contact.phone_number, user.contact.email, user.contact.organization,"
                        + " user.government_id.national_identification_number, identity.document]");
        assertThat(rules(yaml))
                .containsExactlyInAnyOrder(
                        "identity-without-statute@customer-contacts", "sensitive-not-encrypted@customer-contacts");
        String withStatute = change("""
                        legalBasis: legal-obligation
                        statute: Algemene wet inzake rijksbelastingen art. 52; Burgerlijk Wetboek art. 2:10
                """, """
                        legalBasis: legal-obligation
                        statute: Wet op de identificatieplicht art. 1
                """)
                .replace(
                        "        dataCategories: [user.name, user.contact.address, user.financial, user.behavior.purchase_history]",
                        "        dataCategories: [user.name, identity.document]\n        sensitive: true");
        assertThat(check(withStatute)).isEmpty();
    }

    @Test
    void portabilityOnlyForConsentOrContract() {
        String yaml = change(
                "        security: [pseudonymisation, access-control]\n",
                "        security: [pseudonymisation, access-control]\n        portable: true\n");
        List<Finding> findings = check(yaml);
        assertThat(findings)
                .extracting(f -> f.rule() + "@" + f.category() + ":" + f.severity())
                .containsExactly("portability-outside-consent-contract@website-statistics:WARNING");
    }

    @Test
    void secretsRecordingsAndIdentityDataAreStoredEncrypted() {
        String yaml = change(
                "        security: [encryption-at-rest, two-factor-authentication, audit-logging]\n        sensitive: true\n",
                "        security: [encryption-at-rest, two-factor-authentication, audit-logging]\n");
        assertThat(rules(yaml)).containsExactly("sensitive-not-encrypted@customer-credentials");
    }

    @Test
    void seedsShowTheProblemsOfTheirStatements() {
        List<String> progroup = rules(RegisterFixtures.load(RegisterFixtures.PROGROUP));
        assertThat(progroup)
                .contains(
                        "id-copy-from-everyone@null",
                        "legal-obligation-without-statute@traffic-information",
                        "traffic-data-no-retention-duty@traffic-information",
                        "consent-without-withdrawal@newsletter",
                        "no-executable-retention@newsletter");
        List<String> bezorg = rules(RegisterFixtures.load(RegisterFixtures.BEZORGSUPPORT));
        assertThat(bezorg)
                .contains(
                        "id-copy-from-everyone@null",
                        "traffic-data-no-retention-duty@traffic-information",
                        "legal-obligation-without-statute@traffic-information");
        List<String> computron = rules(RegisterFixtures.load(RegisterFixtures.COMPUTRON));
        assertThat(computron)
                .contains(
                        "identity-without-statute@identity",
                        "legal-obligation-without-statute@telecom-records",
                        "legitimate-interest-without-interest@location-by-ip",
                        "no-executable-retention@website-usage",
                        "processor-without-agreement@null")
                .doesNotContain("id-copy-from-everyone@null");
    }
}
