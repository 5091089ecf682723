package nl.waarborg.statement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * Reads the tables of the reference statements in {@code ../shared/seeds/} on its own, independent of the importer, and
 * the tables of a generated statement in each format, as rows of normalised cell texts.
 */
final class SeedTables {

    static final Path SEEDS = Path.of("..", "shared", "seeds");
    static final String PROGROUP = "000_9acd89d215053d4a.txt";
    static final String BEZORGSUPPORT = "002_3b0358d5d907b638.txt";
    static final String COMPUTRON = "004_396d3cee3f63fcb0.txt";

    /**
     * Spelling slips in the reference statements that the generated statement writes correctly: the register holds the
     * role and the basis, not the words, so the words come out right.
     */
    static final Map<String, String> SEED_SLIPS =
            Map.of("Oprachtgevende partij", "Opdrachtgevende partij", "Gerechtigd belang.", "Gerechtvaardigd belang.");

    private SeedTables() {}

    /** Whether the reference statements sit beside the repository, as in the project's workspace. */
    static boolean available() {
        return Files.isDirectory(SEEDS);
    }

    /**
     * Skips the calling test when the reference statements are not there: they are third parties' texts kept outside
     * the repository, and a clone of the repository alone must still pass its tests.
     */
    static void assumeSeeds() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                available(), "the reference statements are not in ../shared/seeds");
    }

    static String seed(String name) {
        assumeSeeds();
        try {
            return Files.readString(SEEDS.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("The reference statements are expected in ../shared/seeds", e);
        }
    }

    static String fixture(String resource) {
        try (var in = SeedTables.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The five-column table of a reference statement, rows split over a page break joined, slips corrected. */
    static List<List<String>> seedTable(String text) {
        List<List<String>> rows = new ArrayList<>();
        boolean inTable = false;
        boolean afterBreak = false;
        for (String line : text.split("\n", -1)) {
            if (!inTable) {
                inTable = line.startsWith("Type dienst\t");
                continue;
            }
            if (line.isBlank()) {
                afterBreak = true;
                continue;
            }
            if (!line.contains("\t")) {
                break;
            }
            if (line.replaceAll("[-\\t ]", "").isEmpty()) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String cell : line.split("\t", -1)) {
                cells.add(normalise(cell));
            }
            while (cells.size() < 5) {
                cells.add("");
            }
            boolean partial = cells.subList(1, 5).stream().anyMatch(String::isEmpty);
            if (afterBreak && partial && !rows.isEmpty()) {
                List<String> previous = rows.get(rows.size() - 1);
                for (int i = 0; i < 5; i++) {
                    if (!cells.get(i).isEmpty()) {
                        previous.set(i, (previous.get(i) + " " + cells.get(i)).strip());
                    }
                }
            } else {
                rows.add(cells);
            }
            afterBreak = false;
        }
        rows.replaceAll(r -> r.stream().map(SeedTables::unslip).toList());
        return rows;
    }

    static String unslip(String cell) {
        String out = cell;
        for (var slip : SEED_SLIPS.entrySet()) {
            out = out.replace(slip.getKey(), slip.getValue());
        }
        return out;
    }

    /** Emphasis markup and whitespace do not count. */
    static String normalise(String cell) {
        String text = cell.replaceAll("</?(u|i|b|em|strong)>", "").replace('\u00a0', ' ');
        return text.replaceAll("\\s+", " ").strip();
    }

    /** The rows of the table with the given id in an HTML rendering; a rowgroup header fills the first cell. */
    static List<List<String>> htmlTable(String html, String id) {
        Element table = Jsoup.parse(html).getElementById(id);
        List<List<String>> rows = new ArrayList<>();
        for (Element body : table.select("tbody")) {
            for (Element tr : body.select("tr")) {
                List<String> cells = new ArrayList<>();
                if (tr.selectFirst("th[scope=rowgroup]") == null) {
                    cells.add("");
                }
                tr.children().forEach(c -> cells.add(normalise(c.text())));
                rows.add(cells);
            }
        }
        return rows;
    }

    /** The rows of the first pipe table in Markdown. */
    static List<List<String>> markdownTable(String md) {
        List<List<String>> rows = new ArrayList<>();
        boolean header = true;
        for (String line : md.split("\n")) {
            if (!line.startsWith("|")) {
                if (!rows.isEmpty() || !header) {
                    if (!header) {
                        break;
                    }
                }
                continue;
            }
            if (line.matches("\\|( --- \\|)+")) {
                header = false;
                continue;
            }
            if (header) {
                continue;
            }
            String inner = line.substring(2, line.length() - 2);
            List<String> cells = new ArrayList<>();
            for (String cell : inner.split("(?<!\\\\) \\| ", -1)) {
                cells.add(normalise(cell.replaceAll("\\\\(.)", "$1")));
            }
            rows.add(cells);
        }
        return rows;
    }

    /** The rows of the first tab-separated table in plain text, after its header line. */
    static List<List<String>> textTable(String text, String firstHeader) {
        List<List<String>> rows = new ArrayList<>();
        boolean in = false;
        for (String line : text.split("\n")) {
            if (!in) {
                in = line.startsWith(firstHeader + "\t");
                continue;
            }
            if (!line.contains("\t")) {
                break;
            }
            rows.add(java.util.Arrays.stream(line.split("\t", -1))
                    .map(SeedTables::normalise)
                    .toList());
        }
        return rows;
    }
}
