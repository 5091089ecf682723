package nl.waarborg.subjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever is typed in a search box or sent in an import, normalising it either gives an identifier or says, as an
 * {@link InvalidIdentifierException}, that it is not one; a search over every kind never fails at all.
 */
class IdentifiersPropertyTests {

    /** Any text, and text made of what identifiers are written with, which gets further than noise. */
    @Provide
    Arbitrary<String> raw() {
        return Arbitraries.oneOf(
                Arbitraries.strings(),
                Arbitraries.strings()
                        .withChars("0123456789+-:.@ []()/abcdefABCDEFxnXN\t")
                        .ofMaxLength(40),
                Arbitraries.of(
                        "0612345678",
                        "+31 20 123 4567",
                        "1234 AB 5",
                        "1234AB-12a",
                        "jan@voorbeeld.nl",
                        "info@bücher.de",
                        "::1",
                        "[2001:db8::1]",
                        "192.168.1.1",
                        "00:1A:2b:3c:4D:5e",
                        "490154203237518",
                        "89310410106543789301",
                        "204043123456789"));
    }

    @Property(tries = 2000)
    void normaliseGivesAnIdentifierOrItsOwnRefusal(@ForAll IdentifierKind kind, @ForAll("raw") String raw) {
        Identifier identifier;
        try {
            identifier = Identifiers.normalise(kind, raw);
        } catch (InvalidIdentifierException notOne) {
            return;
        }
        assertThat(identifier.kind()).isEqualTo(kind);
        assertThat(identifier.value()).isNotBlank();
        // What is stored is found again when it is typed as stored.
        assertThat(Identifiers.normalise(kind, identifier.value())).isEqualTo(identifier);
    }

    @Property(tries = 2000)
    void candidatesNeverFail(@ForAll("raw") String raw) {
        List<Identifier> candidates = Identifiers.candidates(raw);
        assertThat(candidates)
                .doesNotHaveDuplicates()
                .allSatisfy(
                        c -> assertThat(Identifiers.normalise(c.kind(), raw)).isEqualTo(c));
    }

    /**
     * The shortcut for Dutch ten-digit numbers gives what libphonenumber gives: for every four-digit prefix ({@code
     * 0100} to {@code 0999}) with suffixes at both ends and in between, and for random ones.
     */
    @org.junit.jupiter.api.Test
    void theDutchShortcutAgreesWithLibphonenumberForEveryPrefix() {
        java.util.Random random = new java.util.Random(20);
        for (int prefix = 100; prefix <= 999; prefix++) {
            for (String suffix :
                    List.of("000000", "999999", "123456", String.format("%06d", random.nextInt(1_000_000)))) {
                String number = "0" + prefix + suffix;
                assertThat(Identifiers.phone(number))
                        .as(number)
                        .isEqualTo(Identifiers.phoneThroughLibphonenumber(number))
                        .isPresent();
            }
        }
    }

    @Property(tries = 5000)
    void theDutchShortcutAgreesWithLibphonenumber(@ForAll("tenDigits") String number) {
        assertThat(Identifiers.phone(number)).isEqualTo(Identifiers.phoneThroughLibphonenumber(number));
    }

    @Provide
    Arbitrary<String> tenDigits() {
        return Arbitraries.strings().withChars("0123456789").ofLength(9).map(s -> "0" + s);
    }
}
