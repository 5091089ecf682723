package nl.waarborg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Dutch of the console's error details ({@code i18n/details_nl.tsv}): every detail the listed exceptions are
 * thrown with, read from the source as the template it is ({@code "title is longer than " + MAX + " characters"} is
 * {@code title is longer than {0} characters}, each branch of a condition on its own), has its Dutch line; no line is
 * left for a detail the code no longer writes; each line keeps its placeholders; and a page gets the Dutch, with the
 * parts filled in, or the English where it asks for English.
 */
class DetailTextsTests {

    /** The exceptions whose details the console shows in Dutch: every module's own. */
    static final List<String> TRANSLATED = List.of(
            "AccountException",
            "BreachException",
            "ConnectorsException",
            "ConsentException",
            "DisclosuresException",
            "InvalidIdentifierException",
            "RegisterException",
            "RegisteredSubjectException",
            "RequestsException",
            "RetentionException",
            "StatementException",
            "SubjectsException",
            "TrafficException");

    static final Pattern NEW_EXCEPTION = Pattern.compile("new\\s+(\\w+Exception)\\s*\\(");
    static final Pattern LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d}");

    @Test
    void everyDetailOfTheTranslatedExceptionsHasItsDutchAndNoLineIsStale() throws IOException {
        Map<String, String> lines = DetailTexts.entries();
        Set<String> translated = new TreeSet<>();
        Set<String> all = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String src = withoutComments(Files.readString(file));
                Matcher m = NEW_EXCEPTION.matcher(src);
                while (m.find()) {
                    List<String> args = argumentsAt(src, m.end() - 1);
                    if (args.isEmpty()) {
                        continue;
                    }
                    List<String> details = templates(args.get(args.size() - 1));
                    all.addAll(details);
                    if (TRANSLATED.contains(m.group(1))) {
                        translated.addAll(details);
                    }
                }
            }
        }
        assertThat(translated).as("details found in the source").hasSizeGreaterThan(50);
        assertThat(translated.stream().filter(t -> !lines.containsKey(t)).toList())
                .as("details without a Dutch line in " + DetailTexts.RESOURCE)
                .isEmpty();
        assertThat(lines.keySet().stream().filter(t -> !all.contains(t)).toList())
                .as("lines for details no exception is thrown with any more")
                .isEmpty();
    }

    @Test
    void eachLineKeepsItsPlaceholders() {
        DetailTexts.entries()
                .forEach((english, dutch) ->
                        assertThat(placeholders(dutch)).as(english).isEqualTo(placeholders(english)));
    }

    @Test
    void aPageGetsTheDutchWithThePartsFilledInOrTheEnglishItAsks() {
        DetailTexts texts = new DetailTexts();
        Locale nl = Locale.forLanguageTag("nl");
        assertThat(texts.in("awareAt lies in the future", nl)).isEqualTo("awareAt ligt in de toekomst");
        assertThat(texts.in("title is longer than 200 characters", nl)).isEqualTo("title is langer dan 200 tekens");
        assertThat(texts.in("subjectNl is required: the letter goes in Dutch and English", nl))
                .as("the most specific template wins")
                .isEqualTo("subjectNl is verplicht: de brief gaat in het Nederlands en het Engels");
        assertThat(texts.in("title is required", nl)).isEqualTo("title is verplicht");
        assertThat(texts.in("the breach is reported: no notice to record", nl))
                .isEqualTo("het datalek is reported: er is geen melding vast te leggen");
        assertThat(texts.in("awareAt lies in the future", Locale.ENGLISH)).isEqualTo("awareAt lies in the future");
        assertThat(texts.in("a detail nobody translated", nl)).isEqualTo("a detail nobody translated");
        assertThat(texts.in(null, nl)).isNull();
        String huge = "x".repeat(DetailTexts.MAX_MATCHED) + " is required";
        assertThat(texts.in(huge, nl)).as("too long to match: shown as it is").isEqualTo(huge);
        String repeated = " is longer than ".repeat(100) + " characters or has a NUL character";
        assertThat(texts.in(repeated, nl))
                .as("a detail that repeats a template's words is matched as a whole")
                .startsWith(" is longer than ")
                .endsWith("tekens of bevat een NUL-teken");
        assertThat(texts.in("$1 \\ is required", nl))
                .as("parts are copied, never read as a replacement pattern")
                .isEqualTo("$1 \\ is verplicht");
    }

    static List<String> placeholders(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        found.sort(null);
        return found;
    }

    // ------------------------------------------------------------ reading Java source, enough for these calls

    /** The source without its comments (an apostrophe in a comment is not a character literal). */
    static String withoutComments(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int j = 0; j < s.length(); ) {
            char c = s.charAt(j);
            if (c == '"' || c == '\'') {
                int end = skipLiteral(s, j);
                out.append(s, j, end);
                j = end;
            } else if (s.startsWith("//", j)) {
                int end = s.indexOf('\n', j);
                j = end < 0 ? s.length() : end;
            } else if (s.startsWith("/*", j)) {
                j = s.indexOf("*/", j + 2) + 2;
            } else {
                out.append(c);
                j++;
            }
        }
        return out.toString();
    }

    /** The end of a string or character literal (or text block) starting at {@code at}. */
    static int skipLiteral(String s, int at) {
        if (s.startsWith("\"\"\"", at)) {
            return s.indexOf("\"\"\"", at + 3) + 3;
        }
        char quote = s.charAt(at);
        int k = at + 1;
        while (s.charAt(k) != quote) {
            k += s.charAt(k) == '\\' ? 2 : 1;
        }
        return k + 1;
    }

    /** The arguments of the call whose opening parenthesis is at {@code open}. */
    static List<String> argumentsAt(String s, int open) {
        int depth = 0;
        for (int j = open; j < s.length(); ) {
            char c = s.charAt(j);
            if (c == '"' || c == '\'') {
                j = skipLiteral(s, j);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (--depth == 0) {
                    return split(s.substring(open + 1, j), ',');
                }
            }
            j++;
        }
        return List.of();
    }

    /** The parts of an expression between its top-level separators. */
    static List<String> split(String expr, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (int j = 0; j < expr.length(); ) {
            char c = expr.charAt(j);
            if (c == '"' || c == '\'') {
                int end = skipLiteral(expr, j);
                current.append(expr, j, end);
                j = end;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
            if (depth == 0 && c == separator) {
                parts.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
            j++;
        }
        parts.add(current.toString().strip());
        return parts;
    }

    /** Condition, then-branch and else-branch of a top-level {@code ?:}, or null. */
    static String[] conditional(String expr) {
        int depth = 0;
        int question = -1;
        int nested = 0;
        for (int j = 0; j < expr.length(); ) {
            char c = expr.charAt(j);
            if (c == '"' || c == '\'') {
                j = skipLiteral(expr, j);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0 && c == '?') {
                if (question < 0) {
                    question = j;
                } else {
                    nested++;
                }
            } else if (depth == 0
                    && c == ':'
                    && question >= 0
                    && !expr.startsWith("::", j)
                    && expr.charAt(j - 1) != ':') {
                if (nested == 0) {
                    return new String[] {
                        expr.substring(0, question), expr.substring(question + 1, j), expr.substring(j + 1)
                    };
                }
                nested--;
            }
            j++;
        }
        return null;
    }

    static String unparenthesised(String expr) {
        String e = expr.strip();
        while (e.startsWith("(") && e.endsWith(")")) {
            int depth = 0;
            boolean whole = true;
            for (int i = 0; i < e.length(); i++) {
                if (e.charAt(i) == '(') {
                    depth++;
                } else if (e.charAt(i) == ')' && --depth == 0 && i < e.length() - 1) {
                    whole = false;
                    break;
                }
            }
            if (!whole) {
                break;
            }
            e = e.substring(1, e.length() - 1).strip();
        }
        return e;
    }

    /** The detail templates an expression can produce: literals kept, other operands as {0}, {1}, …. */
    static List<String> templates(String expr) {
        String e = unparenthesised(expr);
        String[] branches = conditional(e);
        if (branches != null) {
            List<String> both = new ArrayList<>(templates(branches[1]));
            both.addAll(templates(branches[2]));
            return both;
        }
        StringBuilder out = new StringBuilder();
        int n = 0;
        boolean literal = false;
        for (String part : split(e, '+')) {
            String p = unparenthesised(part);
            if (LITERAL.matcher(p).matches()) {
                out.append(p.substring(1, p.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\"));
                literal = true;
            } else {
                out.append('{').append(n++).append('}');
            }
        }
        return literal ? List.of(out.toString()) : List.of();
    }
}
