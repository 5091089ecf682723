package nl.waarborg.statement.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import nl.waarborg.statement.internal.Doc.Block;
import nl.waarborg.statement.internal.Doc.Bullets;
import nl.waarborg.statement.internal.Doc.DataTable;
import nl.waarborg.statement.internal.Doc.Group;
import nl.waarborg.statement.internal.Doc.Heading;
import nl.waarborg.statement.internal.Doc.Para;
import nl.waarborg.statement.internal.Doc.Span;
import org.springframework.web.util.HtmlUtils;

/** Writes a {@link Doc} as an HTML fragment, Markdown, plain text or PDF. */
public final class DocWriters {

    private DocWriters() {}

    // --- HTML ---

    /** An {@code <article>} with the statement; the page or the PDF wraps it. */
    public static String html(Doc doc) {
        StringBuilder out = new StringBuilder(16_384);
        out.append("<article class=\"statement\" lang=\"").append(doc.lang()).append("\">\n");
        out.append("<h1>").append(esc(doc.title())).append("</h1>\n");
        for (Block block : doc.blocks()) {
            if (block instanceof Heading h) {
                out.append("<h").append(h.level());
                if (h.id() != null) {
                    out.append(" id=\"").append(esc(h.id())).append('"');
                }
                out.append('>')
                        .append(esc(h.text()))
                        .append("</h")
                        .append(h.level())
                        .append(">\n");
            } else if (block instanceof Para p) {
                out.append("<p>").append(spans(p.spans())).append("</p>\n");
            } else if (block instanceof Bullets b) {
                out.append("<ul>\n");
                b.items().forEach(i -> out.append("<li>").append(spans(i)).append("</li>\n"));
                out.append("</ul>\n");
            } else if (block instanceof DataTable t) {
                table(out, t);
            }
        }
        out.append("</article>\n");
        return out.toString();
    }

    private static void table(StringBuilder out, DataTable t) {
        out.append("<div class=\"table-wrap\">\n<table class=\"statement-table\" id=\"")
                .append(esc(t.id()))
                .append("\">\n<caption>")
                .append(esc(t.caption()))
                .append("</caption>\n<thead>\n<tr>");
        t.headers().forEach(h -> out.append("<th scope=\"col\">").append(esc(h)).append("</th>"));
        out.append("</tr>\n</thead>\n");
        for (Group g : t.groups()) {
            out.append("<tbody>\n");
            for (int i = 0; i < g.rows().size(); i++) {
                out.append("<tr>");
                if (t.grouped() && i == 0) {
                    out.append("<th scope=\"rowgroup\" rowspan=\"")
                            .append(g.rows().size())
                            .append("\">")
                            .append(esc(g.name()))
                            .append("</th>");
                }
                g.rows().get(i).forEach(c -> out.append("<td>").append(esc(c)).append("</td>"));
                out.append("</tr>\n");
            }
            out.append("</tbody>\n");
        }
        out.append("</table>\n</div>\n");
    }

    private static String spans(List<Span> spans) {
        StringBuilder out = new StringBuilder();
        String before = "";
        for (Span s : spans) {
            String text = continuing(before, s.text());
            if (s.href() == null) {
                out.append(esc(text));
            } else {
                out.append("<a href=\"")
                        .append(esc(s.href()))
                        .append("\">")
                        .append(esc(text))
                        .append("</a>");
            }
            before = text;
        }
        return out.toString();
    }

    /**
     * A span's text without its first period when the text before it already ends with one: a link to "Voorbeeld
     * B.V." at the end of a sentence would otherwise read "B.V..".
     */
    static String continuing(CharSequence before, String text) {
        boolean period = before.length() > 0 && before.charAt(before.length() - 1) == '.';
        return period && text.startsWith(".") ? text.substring(1) : text;
    }

    private static String esc(String s) {
        return s == null ? "" : HtmlUtils.htmlEscape(s, "UTF-8");
    }

    // --- Markdown ---

    public static String markdown(Doc doc) {
        StringBuilder out = new StringBuilder(12_288);
        out.append("# ").append(md(doc.title())).append("\n\n");
        for (Block block : doc.blocks()) {
            if (block instanceof Heading h) {
                out.append("#".repeat(h.level()))
                        .append(' ')
                        .append(md(h.text()))
                        .append("\n\n");
            } else if (block instanceof Para p) {
                out.append(mdSpans(p.spans())).append("\n\n");
            } else if (block instanceof Bullets b) {
                b.items().forEach(i -> out.append("- ").append(mdSpans(i)).append('\n'));
                out.append('\n');
            } else if (block instanceof DataTable t) {
                {
                    out.append("*").append(md(t.caption())).append("*\n\n");
                    List<String> headers = t.headers();
                    out.append("| ")
                            .append(String.join(
                                    " | ", headers.stream().map(DocWriters::md).toList()))
                            .append(" |\n|");
                    headers.forEach(h -> out.append(" --- |"));
                    out.append('\n');
                    for (List<String> row : t.flatRows()) {
                        out.append("| ")
                                .append(String.join(
                                        " | ", row.stream().map(DocWriters::md).toList()))
                                .append(" |\n");
                    }
                    out.append('\n');
                }
            }
        }
        return out.toString().stripTrailing() + "\n";
    }

    private static String mdSpans(List<Span> spans) {
        StringBuilder out = new StringBuilder();
        String before = "";
        for (Span s : spans) {
            String text = continuing(before, s.text());
            if (s.href() == null) {
                out.append(md(text));
            } else if (s.href().startsWith("#")) {
                out.append('[').append(md(text)).append("](").append(s.href()).append(')');
            } else {
                out.append('[').append(md(text)).append("](<").append(s.href()).append(">)");
            }
            before = text;
        }
        return out.toString();
    }

    /** Escapes what Markdown would read as markup; a table cell must not hold a bare pipe or line break. */
    static String md(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\', '|', '*', '_', '[', ']', '<', '>', '`' ->
                    out.append('\\').append(c);
                case '\n' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    // --- plain text ---

    /** Plain text; tables as tab-separated lines, the form existing statements are often kept in. */
    public static String text(Doc doc) {
        StringBuilder out = new StringBuilder(10_240);
        out.append(doc.title())
                .append('\n')
                .append("=".repeat(doc.title().length()))
                .append("\n\n");
        for (Block block : doc.blocks()) {
            if (block instanceof Heading h) {
                out.append(h.text()).append('\n');
                if (h.level() == 2) {
                    out.append("-".repeat(h.text().length())).append('\n');
                }
                out.append('\n');
            } else if (block instanceof Para p) {
                out.append(plain(p.spans())).append("\n\n");
            } else if (block instanceof Bullets b) {
                b.items().forEach(i -> out.append("- ").append(plain(i)).append('\n'));
                out.append('\n');
            } else if (block instanceof DataTable t) {
                {
                    out.append(t.caption()).append("\n\n");
                    out.append(String.join("\t", t.headers())).append('\n');
                    t.flatRows()
                            .forEach(r -> out.append(String.join(
                                            "\t",
                                            r.stream()
                                                    .map(c -> c.replace('\t', ' '))
                                                    .toList()))
                                    .append('\n'));
                    out.append('\n');
                }
            }
        }
        return out.toString().stripTrailing() + "\n";
    }

    private static String plain(List<Span> spans) {
        StringBuilder out = new StringBuilder();
        for (Span s : spans) {
            // After "B.V. (https://…)" the sentence's period stays: it no longer follows the name.
            out.append(continuing(out, s.text()));
            if (s.href() != null && !s.href().startsWith("#") && !s.href().endsWith(s.text())) {
                out.append(" (").append(s.href()).append(')');
            }
        }
        return out.toString();
    }

    // --- PDF ---

    /** A tagged, printable PDF from the HTML form, styled by the same print rules as the web page. */
    public static byte[] pdf(Doc doc, String baseUri) {
        String xhtml = "<!DOCTYPE html>\n<html lang=\"" + doc.lang() + "\"><head><meta charset=\"utf-8\"/><title>"
                + esc(doc.title()) + "</title><style>" + printCss() + "</style></head><body class=\"statement-page\">"
                + html(doc)
                + "</body></html>";
        return nl.waarborg.documents.HtmlPdf.render(xhtml, baseUri);
    }

    private static volatile String printCss;

    private static String printCss() {
        if (printCss == null) {
            try (InputStream in = DocWriters.class.getResourceAsStream("/static/css/statement.css")) {
                printCss = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return printCss;
    }
}
