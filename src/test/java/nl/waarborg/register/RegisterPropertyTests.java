package nl.waarborg.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import nl.waarborg.register.internal.InvalidRegisterException;
import nl.waarborg.register.internal.RegisterReader;
import nl.waarborg.register.internal.RegisterWriter;

/**
 * Whatever a file holds, reading it ends in one of two ways: a register, or the reader's own refusal in which every
 * error has a line, a column and a reason. Never a stack overflow, a parse exception of a library or an arithmetic one.
 */
class RegisterPropertyTests {

    static final String TEMPLATE = RegisterFixtures.load(RegisterFixtures.TEMPLATE);

    /** Pieces of YAML syntax and of the register format, to build text that gets further than plain noise. */
    static final List<String> TOKENS = List.of(
            "{",
            "}",
            "[",
            "]",
            ":",
            ": ",
            ",",
            " ",
            "  ",
            "\n",
            "\r\n",
            "\t",
            "- ",
            "? ",
            "&a ",
            "*a",
            "&b ",
            "*b",
            "!!str ",
            "!!map ",
            "!x ",
            "'",
            "\"",
            "#",
            "|\n",
            ">-\n",
            "~",
            "null",
            "true",
            "<<: ",
            "---\n",
            "...\n",
            "%YAML 1.2\n",
            "\\u0000",
            "\u0000",
            "\u0085",
            "\uFEFF",
            "é",
            "😀",
            "\uD800",
            "0",
            "-1",
            "1e999",
            "99999999999999999999",
            "P99999999999Y",
            "P0D",
            "P1Y",
            "2025-02-30",
            "format: 1\n",
            "organisation:\n",
            "services:\n",
            "legalName: X\n",
            "key: a\n",
            "key: ",
            "categories:\n",
            "retention: ",
            "period: ",
            "systems:\n",
            "tables:\n",
            "identity:\n",
            "secret: ",
            "nl: x\n",
            "en: y\n");

    /** Reads the text; a refusal must be the reader's own, with positions. */
    static void readOrRefused(String text) {
        Register register;
        try {
            register = RegisterReader.read(text);
        } catch (InvalidRegisterException refused) {
            assertThat(refused.errors()).isNotEmpty().allSatisfy(error -> {
                assertThat(error.line()).as(error.toString()).isPositive();
                assertThat(error.column()).as(error.toString()).isPositive();
                assertThat(error.reason()).isNotBlank();
            });
            return;
        }
        // What was read, the canonical form says the same.
        assertThat(RegisterReader.read(RegisterWriter.yaml(register))).isEqualTo(register);
    }

    @Property(tries = 1000)
    void anyText(@ForAll String text) {
        readOrRefused(text);
    }

    @Property(tries = 1000)
    void textOfYamlPieces(@ForAll("yamlPieces") String text) {
        readOrRefused(text);
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void theTemplateWithTypingErrors(@ForAll("mutatedTemplates") String text) {
        readOrRefused(text);
    }

    /** Nesting of any depth, in any notation: the limit holds before the composer's recursion gives out. */
    @Property(tries = 60)
    void anyNesting(
            @ForAll @IntRange(min = 1, max = 30_000) int depth,
            @ForAll("openings") String opening,
            @ForAll boolean closed) {
        String closing = opening.startsWith("[") ? "]" : opening.startsWith("{") ? "}" : "";
        String text = opening.repeat(depth) + "x" + (closed ? closing.repeat(depth) : "");
        readOrRefused(text);
    }

    @Provide
    Arbitrary<String> openings() {
        return Arbitraries.of("[", "{a: ", "- ", "-\n", "a:\n ", "[a, ", "{? ");
    }

    @Property(tries = 500)
    void anyBytes(@ForAll byte[] bytes) {
        String text;
        try {
            text = RegisterReader.decode(bytes);
        } catch (InvalidRegisterException notUtf8) {
            assertThat(notUtf8.errors()).singleElement().satisfies(error -> {
                assertThat(error.line()).isPositive();
                assertThat(error.column()).isPositive();
            });
            return;
        }
        readOrRefused(text);
    }

    @Provide
    Arbitrary<String> yamlPieces() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(80).map(pieces -> String.join("", pieces));
    }

    /** One typing error: what it does, where (a fraction of the length), how much, and what it puts in. */
    record Edit(int kind, double where, int length, String piece) {
        String apply(String text) {
            int at = (int) (where * text.length());
            int end = Math.min(text.length(), at + length);
            return switch (kind) {
                case 0 -> text.substring(0, at) + text.substring(end);
                case 1 -> text.substring(0, at) + piece + text.substring(at);
                case 2 -> text.substring(0, at) + piece + text.substring(end);
                default -> {
                    // The line at this place twice, or indented once more.
                    int start = text.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
                    int stop = text.indexOf('\n', at);
                    String line = text.substring(start, stop < 0 ? text.length() : stop + 1);
                    yield text.substring(0, start) + (kind == 3 ? line : "  ") + text.substring(start);
                }
            };
        }
    }

    @Provide
    Arbitrary<String> mutatedTemplates() {
        Arbitrary<String> piece =
                Arbitraries.oneOf(Arbitraries.of(TOKENS), Arbitraries.strings().ofMaxLength(12));
        Arbitrary<Edit> edit = Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(0, 40),
                        piece)
                .as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(4).map(edits -> {
            String text = TEMPLATE;
            for (Edit e : edits) {
                text = e.apply(text);
            }
            return text;
        });
    }
}
