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
}
