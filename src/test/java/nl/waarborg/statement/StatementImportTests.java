package nl.waarborg.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import nl.waarborg.register.Register;
import nl.waarborg.register.RetentionRule;
import nl.waarborg.register.internal.RegisterReader;
import nl.waarborg.statement.internal.Doc;
import nl.waarborg.statement.internal.DocWriters;
import nl.waarborg.statement.internal.StatementComposer;
import nl.waarborg.statement.internal.StatementImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Import each reference statement, read the draft as the register does, render it and compare with the reference. */
class StatementImportTests {

    static final StatementComposer COMPOSER = new StatementComposer(StatementComposer.bundle());

    static Doc render(Register register, String lang) {
        return COMPOSER.compose(
                register, StatementComposer.locale(lang), LocalDate.of(2020, 1, 1), "https://x.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {SeedTables.PROGROUP, SeedTables.BEZORGSUPPORT})
    void fiveColumnSeedsImportToADraftThatRendersTheSameTable(String seed) {
        String text = SeedTables.seed(seed);
        StatementImporter.Result result = StatementImporter.read(text);
        Register register = RegisterReader.read(result.yaml());
        List<List<String>> expected = SeedTables.seedTable(text);
        assertThat(SeedTables.htmlTable(DocWriters.html(render(register, "nl")), "data-table"))
                .isEqualTo(expected);
        assertThat(result.tableForm()).isEqualTo("text");
    }

    @Test
    void organisationDetailsAreFoundInTheText() {
        StatementImporter.Result progroup = StatementImporter.read(SeedTables.seed(SeedTables.PROGROUP));
        Register p = RegisterReader.read(progroup.yaml());
        assertThat(p.organisation().legalName()).isEqualTo("Progroup B.V.");
        assertThat(p.organisation().visitingAddress()).isEqualTo("Kapt. Rondairestraat 2, 5015 BC TILBURG");
        assertThat(p.organisation().phone()).isEqualTo("013-5499400");
        assertThat(p.organisation().privacyEmail()).isEqualTo("administratie@progroup.nl");
        assertThat(p.organisation().generalEmail()).isEqualTo("administratie@progroup.nl");
        assertThat(p.organisation().officeHours().en()).isEqualTo("Monday to Friday between 08:00 and 17:00");
        assertThat(progroup.lastUpdated()).isEqualTo(LocalDate.of(2020, 6, 5));
        assertThat(progroup.warnings()).anySatisfy(w -> assertThat(w.message()).contains("Oprachtgevende"));
        assertThat(progroup.warnings()).anySatisfy(w -> assertThat(w.message()).contains("Gerechtigd belang"));
        assertThat(progroup.warnings()).anySatisfy(w -> assertThat(w.field()).isEqualTo("rights.verification"));

        Register b = RegisterReader.read(StatementImporter.read(SeedTables.seed(SeedTables.BEZORGSUPPORT))
                .yaml());
        assertThat(b.organisation().legalName()).isEqualTo("Bezorgsupport");
        assertThat(b.organisation().visitingAddress()).isEqualTo("Delftweg 70, 2289BA RIJSWIJK");
        assertThat(b.organisation().phone()).isEqualTo("088 – 7777 900");
        assertThat(b.organisation().privacyEmail()).isEqualTo("privacy@bezorgsupport.nl");
        assertThat(b.organisation().generalEmail()).isEqualTo("info@bezorgsupport.nl");
    }

    @Test
    void retentionIsParsedFromTheDutchWording() {
        Register b = RegisterReader.read(StatementImporter.read(SeedTables.seed(SeedTables.BEZORGSUPPORT))
                .yaml());
        RetentionRule traffic = b.categories()
                .filter(c -> c.description().nl().startsWith("Verkeersinformatie"))
                .findFirst()
                .orElseThrow()
                .retention();
        assertThat(traffic.kind()).isEqualTo(RetentionRule.Kind.PERIOD);
        assertThat(traffic.period()).isEqualTo(java.time.Period.ofMonths(6));
        RetentionRule depends = b.categories()
                .filter(c -> c.description().nl().startsWith("Geluidsopnames"))
                .findFirst()
                .orElseThrow()
                .retention();
        assertThat(depends.kind()).isEqualTo(RetentionRule.Kind.UNSPECIFIED);
        assertThat(depends.display().nl()).isEqualTo("Afhankelijk van de gebruiker");
        assertThat(b.categories().filter(c -> c.retention().kind() == RetentionRule.Kind.UNTIL_END_OF_SERVICE))
                .hasSizeGreaterThan(5);
    }

    @Test
    void otherTableSeedMapsKindsPurposesAndRetentionFromTheText() {
        String seed = SeedTables.seed(SeedTables.COMPUTRON);
        StatementImporter.Result result = StatementImporter.read(seed);
        Register register = RegisterReader.read(result.yaml());
        assertThat(register.organisation().legalName()).isEqualTo("Computron");
        assertThat(register.organisation().privacyEmail()).isEqualTo("privacy@computron.nl");
        assertThat(register.organisation().phone()).isEqualTo("024-358 1919");
        assertThat(register.organisation().visitingAddress()).isEqualTo("De Horst 4, 6581 TE Malden");
        assertThat(result.lastUpdated()).isEqualTo(LocalDate.of(2018, 5, 24));
        String text = DocWriters.text(render(register, "nl"));
        for (String kind : List.of(
                "Gegevens over wie je bent",
                "Locatiegegevens op basis van IP-adres",
                "Gespreksopnamen, (video-)chatopnamen, cameratoezicht, e-mails en supporttickets",
                "Gegevens over het gebruik van onze website en ondersteunende applicaties")) {
            assertThat(text).contains(kind);
        }
        for (String purpose : List.of(
                "Ter identificatie",
                "Fraudebestrijding, onderzoek en bewijsvoering",
                "Het verbeteren van onze website")) {
            assertThat(text).contains(purpose);
        }
        assertThat(text).contains("Oude klantgegevens worden verwijderd na 24 maanden", "7 jaar", "10 jaar");
        assertThat(register.categories()
                        .filter(c -> c.legalBasis() == nl.waarborg.register.LegalBasis.LEGAL_OBLIGATION))
                .anySatisfy(c -> assertThat(c.retention().period()).isEqualTo(java.time.Period.ofYears(7)));
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w.field()).isEqualTo("legalBasis"));
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w.message()).contains("page break"));
    }

    @Test
    void wordingTheGeneratorWouldWriteDifferentlyIsKeptAsDisplayText() {
        String statement = """
                | Dienst | Gegevens | Bewaartermijn | Verantwoordelijke | Grondslag |
                |---|---|---|---|---|
                | Telefonie | Verkeersgegevens | Zes maanden | Voorbeeld B.V. | Overeenkomst |
                | Telefonie | Voicemail | Twee weken | Voorbeeld B.V. | Overeenkomst |
                """;
        Register r = RegisterReader.read(StatementImporter.read(statement).yaml());
        RetentionRule months = r.categories()
                .filter(c -> c.description().nl().equals("Verkeersgegevens"))
                .findFirst()
                .orElseThrow()
                .retention();
        assertThat(months.period()).isEqualTo(java.time.Period.ofMonths(6));
        assertThat(months.display())
                .as("the generator writes 'Zes maanden' itself")
                .isNull();
        RetentionRule weeks = r.categories()
                .filter(c -> c.description().nl().equals("Voicemail"))
                .findFirst()
                .orElseThrow()
                .retention();
        assertThat(weeks.period()).isEqualTo(java.time.Period.ofDays(14));
        assertThat(weeks.display().nl())
                .as("the generator would write '14 dagen'")
                .isEqualTo("Twee weken");
    }

    @Test
    void generatedMarkdownAndHtmlImportBackToTheSameTable() {
        Register original = RegisterReader.read(SeedTables.fixture("/register/seed-002-bezorgsupport.yaml"));
        Doc doc = render(original, "nl");
        List<List<String>> expected = SeedTables.htmlTable(DocWriters.html(doc), "data-table");
        for (String form : List.of(DocWriters.markdown(doc), DocWriters.html(doc), DocWriters.text(doc))) {
            StatementImporter.Result result = StatementImporter.read(form);
            Register back = RegisterReader.read(result.yaml());
            assertThat(SeedTables.htmlTable(DocWriters.html(render(back, "nl")), "data-table"))
                    .as(result.tableForm())
                    .isEqualTo(expected);
        }
    }
}
