package nl.waarborg.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nl.waarborg.register.Register;
import nl.waarborg.register.internal.RegisterReader;
import nl.waarborg.statement.internal.Doc;
import nl.waarborg.statement.internal.DocWriters;
import nl.waarborg.statement.internal.StatementComposer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The statement generated from each seed's register fixture says what the seed's own statement says. */
class StatementFidelityTests {

    static final StatementComposer COMPOSER = new StatementComposer(StatementComposer.bundle());
    static final String SITE = "https://voorbeeld.example";

    /** Common Dutch words that no English generated text contains. */
    static final Set<String> DUTCH = Set.of(
            "de",
            "het",
            "een",
            "en",
            "van",
            "wij",
            "uw",
            "u",
            "gegevens",
            "voor",
            "niet",
            "met",
            "zijn",
            "worden",
            "dienst",
            "diensten",
            "bewaartermijn",
            "verantwoordelijke",
            "toestemming",
            "overeenkomst",
            "maanden",
            "jaar",
            "dagen",
            "tot",
            "einde",
            "dienstverlening",
            "opdrachtgevende",
            "partij",
            "gerechtvaardigd",
            "belang",
            "wettelijke",
            "verplichting",
            "uitvoering",
            "verwerken",
            "privacyverklaring",
            "bijgewerkt",
            "laatst",
            "ons",
            "onze",
            "naar",
            "als",
            "ook",
            "dan",
            "bij",
            "wat",
            "welke",
            "hoe",
            "waarvoor",
            "rechten");

    static Register register(String fixture) {
        return RegisterReader.read(SeedTables.fixture(fixture));
    }

    static Doc doc(String fixture, String lang) {
        return COMPOSER.compose(register(fixture), StatementComposer.locale(lang), LocalDate.of(2020, 6, 5), SITE);
    }

    @ParameterizedTest
    @CsvSource({
        "/register/seed-000-progroup.yaml, 000_9acd89d215053d4a.txt",
        "/register/seed-002-bezorgsupport.yaml, 002_3b0358d5d907b638.txt"
    })
    void generatedTableEqualsTheReferenceTableInEveryFormat(String fixture, String seed) {
        List<List<String>> expected = SeedTables.seedTable(SeedTables.seed(seed));
        assertThat(expected).hasSizeGreaterThan(10);
        Doc doc = doc(fixture, "nl");
        assertThat(SeedTables.htmlTable(DocWriters.html(doc), "data-table")).isEqualTo(expected);
        assertThat(SeedTables.markdownTable(DocWriters.markdown(doc))).isEqualTo(expected);
        assertThat(SeedTables.textTable(DocWriters.text(doc), "Dienst")).isEqualTo(expected);
    }

    @Test
    void pageBreakSplitRowsOfTheReferenceAreJoined() {
        List<List<String>> rows = SeedTables.seedTable(SeedTables.seed(SeedTables.BEZORGSUPPORT));
        assertThat(rows)
                .anySatisfy(r -> assertThat(r.get(1))
                        .isEqualTo("Verkeersinformatie e-mails, telefonie en internet in het kader van een wettelijke"
                                + " aftapverplichting of informatieverzoek."));
        assertThat(rows.get(rows.size() - 1).get(4)).endsWith("populair zijn en ter versterking van de beveiliging.");
    }

    @ParameterizedTest
    @CsvSource({"/register/seed-000-progroup.yaml", "/register/seed-002-bezorgsupport.yaml"})
    void englishHasTheSameRowsAndNoDutchInGeneratedText(String fixture) {
        Register register = register(fixture);
        Doc nl = doc(fixture, "nl");
        Doc en = doc(fixture, "en");
        List<List<String>> nlRows = SeedTables.htmlTable(DocWriters.html(nl), "data-table");
        List<List<String>> enRows = SeedTables.htmlTable(DocWriters.html(en), "data-table");
        assertThat(enRows).hasSameSizeAs(nlRows);
        for (int i = 0; i < nlRows.size(); i++) {
            assertThat(enRows.get(i).get(0).isEmpty())
                    .isEqualTo(nlRows.get(i).get(0).isEmpty());
        }
        assertThat(enRows.stream().map(r -> r.get(2))).contains("Six months", "Until the service ends");
        assertThat(dutchWordsIn(DocWriters.text(en), register))
                .as(DocWriters.text(en))
                .isEmpty();
        assertThat(DocWriters.html(en)).contains("lang=\"en\"");
    }

    @Test
    void retentionIsWrittenInWords() {
        Doc nl = doc("/register/seed-000-progroup.yaml", "nl");
        List<String> retention = SeedTables.htmlTable(DocWriters.html(nl), "data-table").stream()
                .map(r -> r.get(2))
                .toList();
        assertThat(retention).contains("Zes maanden", "30 dagen", "Tot einde dienstverlening", "Eén jaar");
        Doc bz = doc("/register/seed-002-bezorgsupport.yaml", "nl");
        assertThat(DocWriters.text(bz)).contains("Afhankelijk van de gebruiker");
        Doc template = COMPOSER.compose(
                RegisterReader.read(SeedTables.fixture("/register/templates/telecom-nl.yaml")),
                Locale.ENGLISH,
                null,
                SITE);
        assertThat(DocWriters.text(template))
                .contains("Seven years after the invoice date", "Until the service ends", "26 months")
                .contains("Set by the client organisation: 30 days by default, at most one year");
    }

    /**
     * The seed's last row ("Gegevens die we met andere partijen delen") describes sharing, which the fixture holds as
     * recipients; they are checked in the sharing section.
     */
    @Test
    void otherTableSeedHasItsKindsPurposesAndRetentionPeriods() {
        String text = DocWriters.text(doc("/register/seed-004-computron.yaml", "nl"));
        String seed = SeedTables.seed(SeedTables.COMPUTRON);
        for (String kind : List.of(
                "Gegevens over wie je bent",
                "Locatiegegevens op basis van IP-adres",
                "Gegevens voor de uitvoering van contracten en overeenkomsten",
                "Gespreksopnamen, (video-)chatopnamen, cameratoezicht, e-mails en supporttickets",
                "Gegevens die we ontvangen van organisaties",
                "Gegevens over het gebruik van onze website en ondersteunende")) {
            assertThat(seed).contains(kind);
            assertThat(text).contains(kind);
        }
        for (String purpose : List.of(
                "Ter identificatie",
                "Om een overeenkomst op te stellen",
                "Om contact met je op te nemen",
                "Om onze dienstverlening zo goed mogelijk te kunnen uitvoeren",
                "Om te beoordelen of een product bij je organisatie past",
                "Verbeteren van onze dienstverlening en het trainen van medewerkers",
                "Wettelijke verplichtingen",
                "Fraudebestrijding, onderzoek en bewijsvoering",
                "Het verbeteren van onze website",
                "Het gebruik van onze online diensten",
                "Om je op de hoogte te stellen van eventuele wijzigingen met betrekking tot jouw producten of diensten",
                "Voor beveiligingsdoeleinden: bv. ter bestrijding van DDoS-aanvallen, internetfraude en malafide toegang"
                        + " tot Computron-diensten",
                "Voornamelijk het voorzien in dienstverlening")) {
            assertThat(seed).contains(purpose);
            assertThat(text).contains(purpose);
        }
        assertThat(text).contains("24 maanden", "7 jaar", "10 jaar");
        assertThat(text).contains("(Sub)verwerkers en externe dienstverleners", "Overheid (criminele opsporing");
    }

    @Test
    void neverAsksEveryoneForAnIdCopy() {
        // Both seeds ask every requester for an ID copy; the generated statement must not repeat that.
        String text = DocWriters.text(doc("/register/seed-000-progroup.yaml", "nl"));
        assertThat(text).doesNotContain("een kopie van een geldig legitimatiebewijs");
        assertThat(text).contains("Alleen als wij dan nog echt twijfelen");
        assertThat(text).contains(SITE + "/portal");
    }

    @Test
    void pdfHasTheTableText() throws Exception {
        Doc doc = doc("/register/seed-002-bezorgsupport.yaml", "nl");
        byte[] pdf = DocWriters.pdf(doc, SITE);
        String text;
        try (var document = Loader.loadPDF(pdf)) {
            text = new PDFTextStripper().getText(document);
        }
        String flat = text.replaceAll("\\s+", " ");
        for (List<String> row : SeedTables.seedTable(SeedTables.seed(SeedTables.BEZORGSUPPORT))) {
            for (String cell : row) {
                assertThat(flat).contains(cell);
            }
        }
        assertThat(flat).contains("Laatst bijgewerkt op 5 juni 2020");
    }

    /** Dutch words in the English text once the register's own names (organisation, addresses, parties) are left out. */
    static List<String> dutchWordsIn(String english, Register register) {
        String text = english.replaceAll("https?://\\S+", " ");
        List<String> names = new ArrayList<>();
        var org = register.organisation();
        names.addAll(java.util.stream.Stream.of(
                        org.legalName(),
                        org.shortName(),
                        org.visitingAddress(),
                        org.postalAddress(),
                        org.phone(),
                        org.privacyEmail(),
                        org.generalEmail(),
                        org.website(),
                        org.supervisoryAuthority() == null
                                ? null
                                : org.supervisoryAuthority().name())
                .filter(java.util.Objects::nonNull)
                .toList());
        register.recipients().forEach(r -> names.add(r.name()));
        register.categories().filter(c -> c.statute() != null).forEach(c -> names.add(c.statute()));
        names.sort((a, b) -> b.length() - a.length());
        for (String name : names) {
            text = text.replace(name, " ");
        }
        return Pattern.compile("[\\p{L}]+")
                .matcher(text.toLowerCase(Locale.ROOT))
                .results()
                .map(m -> m.group())
                .filter(DUTCH::contains)
                .distinct()
                .collect(Collectors.toList());
    }
}
