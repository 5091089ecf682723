package nl.waarborg.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import nl.waarborg.register.internal.InvalidRegisterException;
import nl.waarborg.register.internal.RegisterError;
import nl.waarborg.register.internal.RegisterReader;
import nl.waarborg.register.internal.RegisterWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The YAML format: strict reading with positions, and a canonical form that reads back to the same register. */
class RegisterFormatTests {

    static List<RegisterError> errorsOf(String yaml) {
        try {
            RegisterReader.read(yaml);
        } catch (InvalidRegisterException e) {
            return e.errors();
        }
        throw new AssertionError("expected the register to be refused");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                RegisterFixtures.TEMPLATE,
                RegisterFixtures.PROGROUP,
                RegisterFixtures.BEZORGSUPPORT,
                RegisterFixtures.COMPUTRON
            })
    void canonicalYamlAndJsonReadBackToTheSameRegister(String resource) {
        Register register = RegisterReader.read(RegisterFixtures.load(resource));
        Register fromYaml = RegisterReader.read(RegisterWriter.yaml(register));
        Register fromJson = RegisterReader.read(RegisterWriter.prettyJson(register));
        assertThat(fromYaml).isEqualTo(register);
        assertThat(fromJson).isEqualTo(register);
        assertThat(RegisterWriter.hash(fromYaml)).isEqualTo(RegisterWriter.hash(register));
    }

    @Test
    void aRuleCanSayThatTheDataIsAnonymisedWhenItsPeriodEnds() {
        String yaml = RegisterFixtures.load(RegisterFixtures.TEMPLATE)
                .replace(
                        "retention: {period: P26M, from: collection}",
                        "retention: {period: P26M, from: collection, then: anonymise}");
        Register register = RegisterReader.read(yaml);
        var rule = register.category("website-statistics").orElseThrow().retention();
        assertThat(rule.anonymise()).isTrue();
        assertThat(rule.text().nl()).endsWith("daarna geanonimiseerd");
        assertThat(RegisterReader.read(nl.waarborg.register.internal.RegisterWriter.yaml(register)))
                .isEqualTo(register);
        assertThat(register.category("newsletter").orElseThrow().retention().anonymise())
                .isFalse();
        assertThatThrownBy(() -> RegisterReader.read(yaml.replace("then: anonymise", "then: shred")))
                .hasMessageContaining("delete and anonymise");
    }

    @Test
    void expressesEveryRetentionCellOfTheSeeds() {
        Register progroup = RegisterReader.read(RegisterFixtures.load(RegisterFixtures.PROGROUP));
        assertThat(progroup.category("traffic-information").orElseThrow().retention())
                .isEqualTo(new RetentionRule(
                        RetentionRule.Kind.PERIOD,
                        Period.ofMonths(6),
                        RetentionAnchor.COLLECTION,
                        null,
                        new Text("Zes maanden", "Six months")));
        assertThat(progroup.category("contact-persons")
                        .orElseThrow()
                        .retention()
                        .kind())
                .isEqualTo(RetentionRule.Kind.UNTIL_END_OF_SERVICE);
        assertThat(progroup.category("support-call-recordings")
                        .orElseThrow()
                        .retention()
                        .period())
                .isEqualTo(Period.ofDays(30));
        assertThat(progroup.category("visit-statistics")
                        .orElseThrow()
                        .retention()
                        .period())
                .isEqualTo(Period.ofYears(1));

        Register bezorg = RegisterReader.read(RegisterFixtures.load(RegisterFixtures.BEZORGSUPPORT));
        assertThat(bezorg.category("support-information")
                        .orElseThrow()
                        .retention()
                        .period())
                .isEqualTo(Period.ofYears(3));
        assertThat(bezorg.category("support-call-recordings")
                        .orElseThrow()
                        .retention()
                        .period())
                .isEqualTo(Period.ofDays(180));
        assertThat(bezorg.category("visit-statistics").orElseThrow().retention().period())
                .isEqualTo(Period.ofMonths(26));
        RetentionRule byUser = bezorg.category("call-recordings").orElseThrow().retention();
        assertThat(byUser.kind()).isEqualTo(RetentionRule.Kind.SET_BY_CLIENT);
        assertThat(byUser.text().nl()).isEqualTo("Afhankelijk van de gebruiker");
        assertThat(bezorg.category("service-address").orElseThrow().controller())
                .isEqualTo(ControllerRole.CLIENT);

        Register computron = RegisterReader.read(RegisterFixtures.load(RegisterFixtures.COMPUTRON));
        assertThat(computron.category("identity").orElseThrow().retention())
                .extracting(RetentionRule::period, RetentionRule::anchor)
                .containsExactly(Period.ofMonths(24), RetentionAnchor.END_OF_CONTRACT);
        assertThat(computron
                        .category("fiscal-records")
                        .orElseThrow()
                        .retention()
                        .period())
                .isEqualTo(Period.ofYears(7));
        assertThat(computron
                        .category("telecom-records")
                        .orElseThrow()
                        .retention()
                        .period())
                .isEqualTo(Period.ofYears(10));
        assertThat(computron.category("website-usage").orElseThrow().retention().executable())
                .isFalse();
    }

    /** Service | data | retention | responsible party | basis, one line per row of the statement's table. */
    static List<String> table(Register register) {
        return register.services().stream()
                .flatMap(s -> s.categories().stream()
                        .map(c -> String.join(
                                " | ",
                                s.name().nl(),
                                c.description().nl(),
                                rule(c.retention()),
                                c.controller().key(),
                                c.legalBasis().key())))
                .toList();
    }

    static String rule(RetentionRule r) {
        return switch (r.kind()) {
            case PERIOD -> r.period().toString();
            case UNTIL_END_OF_SERVICE -> "until end of service";
            case SET_BY_CLIENT -> "set by client: " + r.display().nl();
            case UNSPECIFIED -> "unspecified";
        };
    }

    @Test
    void progroupFixtureHoldsEveryRowOfTheStatementsTable() {
        Register register = RegisterReader.read(RegisterFixtures.load(RegisterFixtures.PROGROUP));
        assertThat(table(register))
                .containsSubsequence(
                        "Algemeen | Naam, telefoonnummer en e-mailadres van de contactpersonen.. | until end of service | provider | contract",
                        "Algemeen | Adres waar de diensten worden geleverd. | until end of service | client | contract",
                        "Algemeen | Naam voor facturatie. | until end of service | client | contract",
                        "Algemeen | Verkeersinformatie e-mails, telefonie en internet in het kader van een wettelijke aftapverplichting of informatieverzoek. | P6M | provider | legal-obligation",
                        "Algemeen | Gespreksopnames als u ons belt. | P30D | provider | legitimate-interests",
                        "Internetverbinding | Lijnidentificatie en publiek IP-adres. | until end of service | provider | contract",
                        "VoIP-telefonie | IP-adres en MAC-adres toestel, naam en telefoonnummer contacten. | until end of service | provider | contract",
                        "Mobiele telefonie | Simkaartnummer, toestelnummer (IMEI), grensovergang-berichten en bundelnotificaties. | until end of service | provider | contract",
                        "VoIP en mobiel | Gebruikgegevens: met wie, waar, wanneer en hoeveel is gebeld. | P6M | provider | contract",
                        "VoIP en mobiel | Geluidsopnames van uw gesprekken indien u deze functionaliteit afneemt. | P30D | provider | contract",
                        "247 Alarm en alarmopvolging | Contactgegevens sleutelhouders. | until end of service | client | contract",
                        "Website en smartphone applicaties | Bezoekstatistieken, functionele en statistische cookies. | P1Y | provider | legitimate-interests",
                        "Website | Ingevulde gegevens contactformulier. | P1Y | provider | contract");
        // The newsletter the text mentions, on consent, with no retention stated.
        assertThat(table(register))
                .contains(
                        "Algemeen | Nieuwsbrieven met betrekking tot produktinformatie. | unspecified | provider | consent");
        assertThat(register.rights().verification()).isEqualTo(RightsProcedure.Verification.ID_COPY_ALWAYS);
    }

    @Test
    void bezorgsupportFixtureHoldsEveryRowOfTheStatementsTable() {
        Register register = RegisterReader.read(RegisterFixtures.load(RegisterFixtures.BEZORGSUPPORT));
        assertThat(table(register))
                .containsExactly(
                        "Algemeen | Naam, telefoonnummer en e-mailadres van de contactpersoon van uw organisatie. | until end of service | provider | contract",
                        "Algemeen | Adres waar de diensten worden geleverd. | until end of service | client | contract",
                        "Algemeen | Bedrijfsnaam voor facturatie. | until end of service | client | contract",
                        "Algemeen | Verkeersinformatie e-mails, telefonie en internet in het kader van een wettelijke aftapverplichting of informatieverzoek. | P6M | provider | legal-obligation",
                        "Algemeen | Informatie aangeleverd door gebruiker voor supportvragen. | P3Y | provider | contract",
                        "Algemeen | Gespreksopnames als u ons belt. | P180D | provider | legitimate-interests",
                        "Internetverbinding | ServiceId verbinding, LineId en publiek IP-adres. | until end of service | client | contract",
                        "VoIP-telefonie | IP-adres en MAC-adres toestel, naam en telefoonnummer contacten. | until end of service | client | contract",
                        "Mobiele telefonie | Simkaartnummer, toestelnummer (IMEI), grensovergang-berichten en bundelnotificaties. | until end of service | client | contract",
                        "VoIP en mobiel | Gebruikgegevens: met wie, waar, wanneer en hoeveel is gebeld. | P6M | provider | contract",
                        "VoIP en mobiel | Geluidsopnames van uw gesprekken indien u deze functionaliteit afneemt. | set by client: Afhankelijk van de gebruiker | client | contract",
                        "247 Alarm | Contactgegevens sleutelhouders. | until end of service | client | contract",
                        "Website en smartphone applicaties | Bezoekstatistieken, functionele en statistische cookies. | P26M | provider | legitimate-interests");
        assertThat(register.recipient("other-providers")).isPresent();
    }

    @Test
    void computronFixtureHoldsTheRetentionPeriodsOfItsText() {
        Register register = RegisterReader.read(RegisterFixtures.load(RegisterFixtures.COMPUTRON));
        assertThat(register.categories().map(c -> c.key() + " " + rule(c.retention())))
                .containsExactly(
                        "identity P24M",
                        "contract-data P24M",
                        "location-by-ip unspecified",
                        "recordings-and-tickets unspecified",
                        "received-from-others P24M",
                        "fiscal-records P7Y",
                        "telecom-records P10Y",
                        "website-usage unspecified");
        assertThat(register.category("identity").orElseThrow().purposes())
                .extracting(p -> p.text().nl())
                .containsExactly(
                        "Ter identificatie", "Om een overeenkomst op te stellen", "Om contact met je op te nemen");
    }

    @Test
    void retentionRulesTellWhenDataMustGo() {
        RetentionRule sixMonths = RetentionRule.of(Period.ofMonths(6), RetentionAnchor.INVOICE_DATE);
        assertThat(sixMonths.expiresOn(LocalDate.of(2026, 8, 31))).contains(LocalDate.of(2027, 2, 28));
        assertThat(sixMonths.text().nl()).isEqualTo("6 maanden na de factuurdatum");
        assertThat(sixMonths.text().en()).isEqualTo("6 months after the invoice date");
        assertThat(RetentionRule.untilEndOfService().expiresOn(LocalDate.of(2026, 1, 1)))
                .contains(LocalDate.of(2026, 1, 1));
    }

    @Test
    void unknownKeyIsRefusedWithLineColumnAndPath() {
        String yaml = RegisterFixtures.load(RegisterFixtures.TEMPLATE)
                .replace(
                        "        legalBasis: contract\n        controller: provider\n        recipients: [hosting]\n"
                                + "        security: [access-control, encryption-in-transit, audit-logging, backups]",
                        "        legalBasis: contract\n        colour: blue\n        controller: provider\n"
                                + "        recipients: [hosting]\n"
                                + "        security: [access-control, encryption-in-transit, audit-logging, backups]");
        List<RegisterError> errors = errorsOf(yaml);
        assertThat(errors).hasSize(1);
        RegisterError error = errors.get(0);
        assertThat(error.path()).isEqualTo("services[0].categories[0].colour");
        assertThat(error.reason()).isEqualTo("unknown key");
        int line = lineOf(yaml, "        colour: blue");
        assertThat(error.line()).isEqualTo(line);
        assertThat(error.column()).isEqualTo(9);
    }

    @Test
    void invalidDurationsAreRefusedWithoutEchoingTheValue() {
        String yaml = RegisterFixtures.load(RegisterFixtures.TEMPLATE)
                .replace(
                        "retention: {period: P7Y, from: invoice-date}",
                        "retention: {period: 7 jaar, from: invoice-date}")
                .replace("retention: {period: P26M, from: collection}", "retention: {period: PT5H, from: collection}");
        List<RegisterError> errors = errorsOf(yaml);
        assertThat(errors)
                .extracting(RegisterError::path)
                .containsExactly(
                        "services[0].categories[2].retention.period", "services[6].categories[0].retention.period");
        assertThat(errors.get(0).line()).isEqualTo(lineOf(yaml, "7 jaar"));
        assertThat(errors.get(0).reason()).contains("ISO-8601").doesNotContain("7 jaar");
    }

    @Test
    void collectsEveryErrorAtOnce() {
        String yaml = """
                format: 1
                organisation:
                  legalName: X
                  kvk: "123"
                services:
                  - key: general
                    name: {nl: Algemeen}
                    categories:
                      - key: a
                        description: {nl: a, en: a}
                        dataCategories: [user.nonsense]
                        subjects: [customer]
                        purposes: [{nl: a, en: a, uses: [essential.service]}]
                        legalBasis: contracts
                        controller: provider
                        recipients: [nobody]
                        retention: {period: P6M, until: end-of-service}
                """;
        List<RegisterError> errors = errorsOf(yaml);
        assertThat(errors)
                .extracting(RegisterError::path)
                .containsExactlyInAnyOrder(
                        "organisation.kvk",
                        "services[0].name.en",
                        "services[0].categories[0].dataCategories[0]",
                        "services[0].categories[0].legalBasis",
                        "services[0].categories[0].recipients[0]",
                        "services[0].categories[0].retention");
        assertThat(errors).allSatisfy(e -> assertThat(e.line()).isPositive());
    }

    @Test
    void yamlSyntaxErrorsHaveAPosition() {
        List<RegisterError> errors = errorsOf("format: 1\norganisation:\n  legalName: [unclosed\n");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).line()).isGreaterThanOrEqualTo(3);
        assertThat(errors.get(0).reason()).startsWith("not valid YAML");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThatThrownBy(() -> RegisterReader.read("format: 1\nformat: 1\norganisation: {legalName: X}\n"))
                .isInstanceOf(InvalidRegisterException.class);
    }

    static int lineOf(String text, String fragment) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(fragment)) {
                return i + 1;
            }
        }
        throw new AssertionError("not found: " + fragment);
    }
}
