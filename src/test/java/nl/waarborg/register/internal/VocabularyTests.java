package nl.waarborg.register.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import nl.waarborg.register.Register;
import nl.waarborg.register.RegisterVersion;
import org.junit.jupiter.api.Test;

/** Every vocabulary name exists in Dutch, so that the Dutch Art. 30 record reads Dutch throughout. */
class VocabularyTests {

    @Test
    void everyFideslangCategoryAndSubjectHasADutchName() {
        assertThat(Vocabulary.withoutDutchName()).isEmpty();
        assertThat(Vocabulary.categoryName("user.contact.email").en()).isEqualTo("User Contact Email");
        assertThat(Vocabulary.categoryName("user.contact.email").nl()).isEqualTo("E-mailadres");
    }

    @Test
    void theDutchRecordOfTheTemplateHasNoEnglishVocabulary() throws Exception {
        String yaml;
        try (var in = VocabularyTests.class.getResourceAsStream("/register/templates/telecom-nl.yaml")) {
            yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Register register = RegisterReader.read(yaml);
        RegisterVersion version =
                new RegisterVersion(1, Instant.EPOCH, "test", "test", LocalDate.of(2026, 1, 1), "x", register);
        var dutch = RegisterTables.controllerRecord(version, Locale.forLanguageTag("nl"));
        var english = RegisterTables.controllerRecord(version, Locale.ENGLISH);
        String nl = dutch.rows().toString();
        // The English names of the vocabulary the template uses do not occur in the Dutch record.
        register.categories()
                .forEach(c -> c.dataCategories().forEach(k -> {
                    String en = Vocabulary.categoryName(k).en();
                    if (!en.equals(Vocabulary.categoryName(k).nl())) {
                        assertThat(nl).as(k).doesNotContain(en);
                    }
                }));
        assertThat(english.rows().toString())
                .contains(Vocabulary.categoryName("user.contact.email").en());
    }
}
