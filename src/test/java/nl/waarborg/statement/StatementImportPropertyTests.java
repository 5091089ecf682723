package nl.waarborg.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import nl.waarborg.register.internal.RegisterReader;
import nl.waarborg.statement.internal.StatementImporter;

/**
 * The statement importer against generated input, without a database: arbitrary text and a real statement with lines
 * dropped, repeated, cut or garbled never make it throw, and whatever draft it writes is a register the reader accepts
 * or refuses with its own errors.
 */
class StatementImportPropertyTests {

    /** A real statement when the reference statements are there, else a small one of Waarborg's own. */
    private static final List<String> SEED_LINES = SeedTables.available()
            ? SeedTables.seed(SeedTables.BEZORGSUPPORT).lines().toList()
            : List.of(
                    "Privacyverklaring van Voorbeeld B.V.",
                    "| Dienst | Gegevens | Bewaartermijn | Verantwoordelijke | Grondslag |",
                    "|---|---|---|---|---|",
                    "| Internet | Naam en adres | 7 jaar na de factuurdatum | Voorbeeld B.V. | Uitvoering overeenkomst |",
                    "| Website | IP-adres | zes maanden | Voorbeeld B.V. | Gerechtvaardigd belang |");

    @Property(tries = 300)
    void arbitraryTextGivesADraftOrNothing(@ForAll("text") String text) {
        read(text);
    }

    @Property(tries = 200)
    void aDamagedStatementStillGivesADraftTheReaderCanJudge(@ForAll("damaged") String text) {
        StatementImporter.Result result = read(text);
        if (result != null && result.categories() > 0) {
            try {
                RegisterReader.read(result.yaml());
            } catch (nl.waarborg.register.internal.InvalidRegisterException refused) {
                // The draft is a starting point a person completes: refusing it with located errors is fine.
                assertThat(refused.errors()).isNotEmpty();
            }
        }
    }

    /**
     * The five-column table in any column order, broken over a page after any row with the data cell cut anywhere, the
     * next page starting with the header again, an empty header row or nothing: the import always gives back the rows
     * a person reads, in their order.
     */
    @Property(tries = 150)
    void aTableBrokenAnywhereGivesTheRowsAPersonReads(
            @ForAll("orders") List<Integer> order,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 3) int splitRow,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 40) int cut,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 2) int continuation) {
        List<List<String>> rows = StatementDocumentImportTests.ROWS;
        List<String> lines = new ArrayList<>();
        lines.add(StatementDocumentImportTests.INTRO);
        lines.add(ordered(StatementDocumentImportTests.HEADERS, order));
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            String data = row.get(1);
            int at = data.lastIndexOf(' ', Math.min(cut, data.length() - 1));
            if (r != splitRow || at <= 0) {
                lines.add(ordered(row, order));
                if (r == splitRow) {
                    pageBreak(lines, order, continuation);
                }
                continue;
            }
            // Cut at a space: the first part ends the page, the rest opens the next one in the same column.
            List<String> first = new ArrayList<>(row);
            first.set(1, data.substring(0, at));
            lines.add(ordered(first, order));
            pageBreak(lines, order, continuation);
            lines.add(ordered(List.of("", data.substring(at + 1), "", "", ""), order));
        }
        StatementImporter.Result result = StatementImporter.read(String.join("\n", lines));
        var register = RegisterReader.read(result.yaml());
        assertThat(register.services().stream()
                        .flatMap(s -> s.categories().stream())
                        .map(c -> c.description().nl())
                        .toList())
                .as(String.join("\n", lines))
                .containsExactly(rows.stream().map(r -> r.get(1)).toArray(String[]::new));
    }

    private static void pageBreak(List<String> lines, List<Integer> order, int continuation) {
        lines.add("");
        if (continuation == 1) {
            lines.add(ordered(StatementDocumentImportTests.HEADERS, order));
        } else if (continuation == 2) {
            lines.add("\t\t\t\t");
        }
    }

    private static String ordered(List<String> cells, List<Integer> order) {
        List<String> out = new ArrayList<>();
        for (int i : order) {
            out.add(cells.get(i));
        }
        return String.join("\t", out);
    }

    @Provide
    Arbitrary<List<Integer>> orders() {
        return Arbitraries.shuffle(List.of(0, 1, 2, 3, 4));
    }

    /** Null for blank input, which the importer refuses before reading; anything else must read without throwing. */
    private static StatementImporter.Result read(String text) {
        if (text.isBlank()) {
            return null;
        }
        return StatementImporter.read(text);
    }

    @Provide
    Arbitrary<String> text() {
        Arbitrary<String> words = Arbitraries.of(
                "Privacyverklaring",
                "bewaartermijn",
                "7 jaar",
                "zes maanden",
                "|",
                "---",
                "Dienst",
                "Gegevens",
                "Grondslag",
                "gerechtvaardigd belang",
                "wettelijke verplichting",
                "info@example.nl",
                "1234 AB Plaats",
                "KvK 12345678",
                "\t",
                "\n",
                "#",
                "**",
                "www.example.nl",
                "B.V.",
                "\u0000",
                "\uFFFD",
                "ë");
        Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(200);
        return Arbitraries.oneOf(noise, words.list().ofMaxSize(300).map(w -> String.join(" ", w)));
    }

    @Provide
    Arbitrary<String> damaged() {
        return Arbitraries.integers()
                .between(0, 4)
                .list()
                .ofMinSize(SEED_LINES.size())
                .ofMaxSize(SEED_LINES.size())
                .map(actions -> {
                    List<String> lines = new ArrayList<>();
                    for (int i = 0; i < SEED_LINES.size(); i++) {
                        String line = SEED_LINES.get(i);
                        switch (actions.get(i)) {
                            case 1 -> {} // dropped
                            case 2 -> {
                                lines.add(line);
                                lines.add(line);
                            }
                            case 3 -> lines.add(line.substring(0, line.length() / 2));
                            case 4 -> lines.add(line.replace('|', '¦').replace(' ', '\t'));
                            default -> lines.add(line);
                        }
                    }
                    return String.join("\n", lines);
                });
    }
}
