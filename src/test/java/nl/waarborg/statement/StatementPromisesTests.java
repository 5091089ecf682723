package nl.waarborg.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import nl.waarborg.register.Register;
import nl.waarborg.register.internal.RegisterReader;
import nl.waarborg.statement.internal.DocWriters;
import nl.waarborg.statement.internal.StatementComposer;
import org.junit.jupiter.api.Test;

/**
 * What the register promises is what the statement says, in both languages, and no more: the commitments, whom a
 * breach is told to (24 hours for a telecom provider, 72 for others), the direct transmission only where it is
 * offered, and no consent-withdrawal text where nothing rests on consent.
 */
class StatementPromisesTests {

    private static final StatementComposer COMPOSER = new StatementComposer(StatementComposer.bundle());
    private static final String TEMPLATE = load("/register/templates/telecom-nl.yaml");

    static String render(String yaml, String lang) {
        Register register = RegisterReader.read(yaml);
        return DocWriters.text(COMPOSER.compose(
                register, StatementComposer.locale(lang), LocalDate.of(2026, 12, 5), "https://example.nl"));
    }

    @Test
    void thePromisesOfTheRegisterAreInTheStatement() {
        String nl = render(TEMPLATE, "nl");
        assertThat(nl)
                .contains("Wat wij beloven")
                .contains("Wij verkopen uw persoonsgegevens niet, aan niemand.")
                .contains("Wij nemen geen besluiten over u die alleen een computer neemt")
                .doesNotContain("Wij maken geen profiel van u")
                .contains("binnen 24 uur nadat wij het ontdekken aan de Autoriteit Persoonsgegevens")
                .contains("dan laten wij het u zelf ook weten")
                .doesNotContain("aangifte bij de politie")
                .contains("Dan sturen wij ze op uw verzoek rechtstreeks naar die aanbieder")
                .contains("Toestemming intrekken");
        String en = render(TEMPLATE, "en");
        assertThat(en)
                .contains("What we promise")
                .contains("We do not sell your personal data, to anyone.")
                .contains("within 24 hours of discovering it")
                .contains("we send your data straight to that provider");
    }

    @Test
    void whatTheRegisterDoesNotPromiseTheStatementDoesNotSay() {
        String plain = TEMPLATE.replace("kinds: [telecom, it, alarm]", "kinds: [it, alarm]")
                .replace("  portabilityTransmission: true\n", "")
                .replace(
                        "breachNotification: {authority: true, people: true, police: false}",
                        "breachNotification: {authority: true, people: false, police: true}");
        String nl = render(plain, "nl");
        assertThat(nl)
                .contains("binnen 72 uur")
                .contains("aangifte bij de politie")
                .doesNotContain("dan laten wij het u zelf ook weten")
                .doesNotContain("rechtstreeks naar die aanbieder");
        String noPromises =
                plain.substring(0, plain.indexOf("promises:")) + plain.substring(plain.indexOf("\nrecipients:") + 1);
        assertThat(render(noPromises, "nl")).doesNotContain("Wat wij beloven");
        // A register on which nothing rests on consent: nothing to withdraw, and the statement does not suggest it.
        String noConsent = load("/register/seed-004-computron.yaml");
        assertThat(render(noConsent, "nl")).doesNotContain("Toestemming intrekken");
        assertThat(render(noConsent, "en")).doesNotContain("Withdrawing consent");
    }

    private static String load(String resource) {
        try (var in = StatementPromisesTests.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The template as a group with a joint controller, a group of recipients and invoices kept on paper too. */
    static String expressive() {
        return TEMPLATE.replace(
                        "  website: https://www.voorbeeld.example\n",
                        "  website: https://www.voorbeeld.example\n  entities:\n"
                                + "    - {legalName: Voorbeeld Beveiliging B.V., kvk: \"87654321\", relation: group-company}\n"
                                + "    - legalName: Stichting Alarmnet\n      relation: joint-controller\n"
                                + "      arrangement:\n        nl: Alarmnet beheert de meldkamer, wij de aansluitingen;"
                                + " verzoeken van betrokkenen behandelen wij.\n        en: Alarmnet runs the alarm centre,"
                                + " we run the connections; we handle the requests of the people concerned.\n")
                .replace(
                        "  - key: mobile-network\n    name: Mobiel netwerk (vul de naam in)\n"
                                + "    kind: independent-controller\n    country: NL\n",
                        "  - key: mobile-network\n    name: {nl: onze telecomaanbieders, en: our telecom providers}\n"
                                + "    kind: independent-controller\n    group: true\n"
                                + "    listUrl: https://www.voorbeeld.example/telecomaanbieders\n")
                .replace(
                        "        retention: {period: P7Y, from: invoice-date}\n",
                        "        retention: {period: P7Y, from: invoice-date}\n        medium:\n          kind: paper\n"
                                + "          place: {nl: in een afgesloten archiefkast op ons kantoor, en: in a locked"
                                + " filing cabinet at our office}\n          destruction: destruction-service\n");
    }

    @Test
    void aGroupAJointControllerARecipientGroupAndPaperAreSaidInBothLanguages() {
        String yaml = expressive();
        assertThat(yaml).contains("entities:", "group: true", "kind: paper");
        String nl = render(yaml, "nl");
        assertThat(nl)
                .contains(
                        "Voorbeeld Beveiliging B.V. (KvK 87654321) en Voorbeeld Telecom B.V. horen bij dezelfde groep")
                .contains("samen met Stichting Alarmnet")
                .contains("Wat wij met Stichting Alarmnet hebben afgesproken: Alarmnet beheert de meldkamer")
                .contains("onze telecomaanbieders")
                .contains("Wie dat nu zijn, staat op https://www.voorbeeld.example/telecomaanbieders.")
                .contains("Gegevens op papier")
                .contains("in een afgesloten archiefkast op ons kantoor")
                .contains("vernietigd door een gecertificeerd vernietigingsbedrijf");
        String en = render(yaml, "en");
        assertThat(en)
                .contains("belong to the same group of companies")
                .contains("What we agreed with Stichting Alarmnet: Alarmnet runs the alarm centre")
                .contains("our telecom providers")
                .contains("Data on paper")
                .contains("destroyed by a certified destruction company")
                .doesNotContain("onze telecomaanbieders");
    }
}
