package nl.waarborg.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The console's words for a domain error: the code writes each detail once, in English (the API's language and the
 * logs'), and {@code i18n/details_nl.tsv} gives the Dutch. A detail built from parts ({@code title is longer than 200
 * characters}) is matched by its template ({@code {0} is longer than {1} characters}) and the parts carried over. A
 * detail without a Dutch line is shown as it is. Pages call it as {@code @detailTexts.in(errorDetail, #locale)}.
 */
@Component("detailTexts")
public class DetailTexts {

    static final String RESOURCE = "/i18n/details_nl.tsv";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d)}");

    /** Details longer than this are shown as they are (the longest template with its parts is far shorter). */
    static final int MAX_MATCHED = 2_000;

    private final Map<String, String> exact = new HashMap<>();
    private final List<Template> templates = new ArrayList<>();

    /** An English template with parts to fill in, as a pattern, and its Dutch. */
    private record Template(Pattern english, List<Integer> order, String dutch, int literal) {}

    public DetailTexts() {
        load(lines());
        // The most specific template first: "{0} is required: …" before "{0} is required".
        templates.sort(Comparator.comparingInt(Template::literal).reversed());
    }

    /** The detail in the language of the page; English when there is no Dutch for it or the page is English. */
    public String in(String detail, Locale locale) {
        if (detail == null || locale == null || !"nl".equals(locale.getLanguage())) {
            return detail;
        }
        String dutch = exact.get(detail);
        if (dutch != null) {
            return dutch;
        }
        if (detail.length() > MAX_MATCHED) {
            // A detail that long quotes input at length: matching it against every template is not worth the time.
            return detail;
        }
        for (Template t : templates) {
            Matcher m = t.english().matcher(detail);
            if (m.matches()) {
                String[] parts = new String[t.order().size()];
                for (int i = 0; i < parts.length; i++) {
                    parts[t.order().get(i)] = m.group(i + 1);
                }
                Matcher p = PLACEHOLDER.matcher(t.dutch());
                StringBuilder out = new StringBuilder();
                while (p.find()) {
                    p.appendReplacement(out, Matcher.quoteReplacement(parts[Integer.parseInt(p.group(1))]));
                }
                p.appendTail(out);
                return out.toString();
            }
        }
        return detail;
    }

    /** The English and Dutch of every line, for the checks. */
    static Map<String, String> entries() {
        Map<String, String> all = new java.util.LinkedHashMap<>();
        for (String[] line : lines()) {
            all.put(line[0], line[1]);
        }
        return all;
    }

    private void load(List<String[]> lines) {
        for (String[] line : lines) {
            if (!PLACEHOLDER.matcher(line[0]).find()) {
                exact.put(line[0], line[1]);
                continue;
            }
            StringBuilder regex = new StringBuilder();
            List<Integer> order = new ArrayList<>();
            Matcher m = PLACEHOLDER.matcher(line[0]);
            int at = 0;
            int literal = 0;
            while (m.find()) {
                regex.append(Pattern.quote(line[0].substring(at, m.start()))).append("(.+?)");
                literal += m.start() - at;
                order.add(Integer.parseInt(m.group(1)));
                at = m.end();
            }
            regex.append(Pattern.quote(line[0].substring(at)));
            literal += line[0].length() - at;
            templates.add(new Template(Pattern.compile(regex.toString(), Pattern.DOTALL), order, line[1], literal));
        }
    }

    private static List<String[]> lines() {
        List<String[]> lines = new ArrayList<>();
        try (InputStream in = DetailTexts.class.getResourceAsStream(RESOURCE);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = reader.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (cells.length != 2 || cells[0].isBlank() || cells[1].isBlank()) {
                    throw new IllegalStateException(RESOURCE + " line " + n + ": English, a tab, Dutch");
                }
                lines.add(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
