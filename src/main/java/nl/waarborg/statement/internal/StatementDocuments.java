package nl.waarborg.statement.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.statement.StatementException;
import org.apache.poi.xwpf.usermodel.BodyElementType;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Turns a statement as a provider has it — a Word document, a PDF, a saved web page, Markdown or text — into the text
 * the importer reads: paragraphs as lines, list items as "• " lines, and tables as tab-separated rows with a blank
 * line where a table was broken (a page break, a table continued as a second table). The format is told by the
 * content, never by the file's name.
 */
public final class StatementDocuments {

    /** What the import reads at most after conversion: the size of a long statement many times over. */
    public static final int MAX_TEXT = 2 * 1024 * 1024;

    public enum Format {
        DOCX,
        PDF,
        HTML,
        MARKDOWN,
        TEXT
    }

    /** The text to import, what it was read from, and notes about the conversion (warnings for the person). */
    public record Converted(Format format, String text, List<String> notes) {}

    static {
        // No part of a Word document (or of a workbook Waarborg reads) is larger than this once inflated; POI refuses
        // more, together with its own guard against parts that inflate more than a hundredfold.
        org.apache.poi.openxml4j.util.ZipSecureFile.setMaxEntrySize(64L * 1024 * 1024);
    }

    private StatementDocuments() {}

    /** The format by content: a ZIP with a Word body, {@code %PDF-}, HTML markup, a Markdown table or heading, text. */
    public static Format detect(byte[] bytes) {
        if (bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) {
            return Format.DOCX;
        }
        if (startsWith(bytes, "%PDF-")) {
            return Format.PDF;
        }
        String head =
                new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        if (head.contains("<!doctype html")
                || head.contains("<html")
                || head.contains("<body")
                || head.contains("<table")
                || Pattern.compile("<(p|h[1-6]|ul|ol|div)[ >]").matcher(head).find()) {
            return Format.HTML;
        }
        if (Pattern.compile("(?m)^(#{1,6} |\\|.*\\|\\s*$)").matcher(head).find()) {
            return Format.MARKDOWN;
        }
        return Format.TEXT;
    }

    /** Reads a Word document or a PDF; text formats are decoded by the caller (strict UTF-8, named errors). */
    public static Converted binary(byte[] bytes) {
        return switch (detect(bytes)) {
            case DOCX -> docx(bytes);
            case PDF -> pdf(bytes);
            default -> throw new IllegalArgumentException("not a binary document");
        };
    }

    // --- Word ---

    static Converted docx(byte[] bytes) {
        if (!hasWordBody(bytes)) {
            throw new StatementException(
                    Kind.UNSUPPORTED_MEDIA_TYPE,
                    "file",
                    "the file is a ZIP archive but not a Word document (.docx): it has no word/document.xml");
        }
        List<String> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int length = 0;
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(bytes))) {
            IBodyElement previous = null;
            for (IBodyElement element : doc.getBodyElements()) {
                if (element.getElementType() == BodyElementType.TABLE) {
                    XWPFTable table = (XWPFTable) element;
                    // A table right after another (only empty paragraphs between) is the same table continued: the
                    // blank line tells the importer so, as a page break does in text.
                    if (previous instanceof XWPFTable
                            || (!out.isEmpty() && out.get(out.size() - 1).isEmpty())) {
                        out.add("");
                    }
                    for (XWPFTableRow row : table.getRows()) {
                        List<String> cells = new ArrayList<>();
                        for (XWPFTableCell cell : row.getTableCells()) {
                            cells.add(cell(cell));
                        }
                        // A row of one cell cannot be told from a paragraph; give it a second, empty cell.
                        out.add(String.join("\t", cells) + (cells.size() == 1 ? "\t" : ""));
                    }
                    previous = table;
                } else if (element.getElementType() == BodyElementType.PARAGRAPH) {
                    XWPFParagraph p = (XWPFParagraph) element;
                    String text = flat(p.getText());
                    if (text.isEmpty()) {
                        if (!out.isEmpty() && !out.get(out.size() - 1).isEmpty()) {
                            out.add("");
                        }
                        continue;
                    }
                    if (p.isPageBreak() && !out.isEmpty()) {
                        out.add("");
                    }
                    out.add(p.getNumID() != null ? "• " + text : text);
                    previous = p;
                }
                length += out.isEmpty() ? 0 : out.get(out.size() - 1).length() + 1;
                if (length > MAX_TEXT) {
                    throw new StatementException(
                            Kind.INVALID,
                            "file",
                            "the document holds more than 2 MB of text; import the privacy statement alone");
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof StatementException se) {
                throw se;
            }
            throw new StatementException(
                    Kind.INVALID,
                    "file",
                    "the Word document cannot be read (" + e.getClass().getSimpleName()
                            + "); save it again in Word as .docx, or export it as PDF or text");
        }
        return converted(Format.DOCX, String.join("\n", out), notes);
    }

    private static String cell(XWPFTableCell cell) {
        List<String> paragraphs = new ArrayList<>();
        for (XWPFParagraph p : cell.getParagraphs()) {
            String text = flat(p.getText());
            if (!text.isEmpty()) {
                paragraphs.add(text);
            }
        }
        if (paragraphs.size() <= 1) {
            return paragraphs.isEmpty() ? "" : paragraphs.get(0);
        }
        // Several paragraphs in a cell are a list: the importer splits a cell on its bullets.
        return String.join(" ", paragraphs.stream().map(t -> "• " + t).toList());
    }

    /**
     * Whether the archive names a Word body. Entry names are stored as they are (the central directory and each entry's
     * header), so a look at the bytes answers without inflating anything a hostile archive might hold.
     */
    private static boolean hasWordBody(byte[] bytes) {
        byte[] name = "word/document.xml".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + name.length <= bytes.length; i++) {
            for (int j = 0; j < name.length; j++) {
                if (bytes[i + j] != name[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    // --- PDF ---

    static Converted pdf(byte[] bytes) {
        List<String> notes = new ArrayList<>();
        // Objects beyond a few MB spill to temporary files instead of the heap; more pages than a statement has are
        // left.
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(
                new org.apache.pdfbox.io.RandomAccessReadBuffer(bytes),
                "",
                null,
                null,
                org.apache.pdfbox.io.IOUtils.createTempFileOnlyStreamCache())) {
            if (doc.isEncrypted() && !doc.getCurrentAccessPermission().canExtractContent()) {
                throw new StatementException(
                        Kind.INVALID,
                        "file",
                        "the PDF does not allow its text to be read; export it without protection");
            }
            PdfLines lines = new PdfLines();
            lines.setEndPage(MAX_PAGES);
            if (doc.getNumberOfPages() > MAX_PAGES) {
                notes.add("Only the first " + MAX_PAGES + " of the PDF's " + doc.getNumberOfPages()
                        + " pages were read.");
            }
            lines.getText(doc);
            String text = lines.text();
            if (text.isBlank()) {
                throw new StatementException(
                        Kind.INVALID,
                        "file",
                        "the PDF holds no text (a scan?); export the statement from its source as PDF, Word or text");
            }
            if (text.contains("\t")) {
                notes.add("Read from a PDF: the table's columns were rebuilt from where the text stands on the page;"
                        + " check each row against the PDF.");
            }
            return converted(Format.PDF, text, notes);
        } catch (IOException | RuntimeException e) {
            if (e instanceof StatementException se) {
                throw se;
            }
            throw new StatementException(
                    Kind.INVALID,
                    "file",
                    "the PDF cannot be read (" + e.getClass().getSimpleName() + "); export it again as PDF or text");
        }
    }

    /** More pages than any privacy statement has. */
    static final int MAX_PAGES = 300;

    /**
     * PDF text with its table rebuilt: on each line a gap wider than a few spaces is a cell boundary; the columns are
     * fixed by the first line with three or more cells (the header), and every later cell goes to the column it stands
     * under, so a wrapped cell's next line keeps its column. Page numbers go; each new page starts with a blank line,
     * which the importer reads as a table broken over a page.
     */
    private static final class PdfLines extends org.apache.pdfbox.text.PDFTextStripper {

        private static final Pattern PAGE_NUMBER = Pattern.compile(
                "(?i)^(pagina|page|blz\\.?)?\\s*\\d{1,4}(\\s*(van|of|/)\\s*\\d{1,4})?$|^-\\s*\\d{1,4}\\s*-$");

        private final StringBuilder out = new StringBuilder();
        private List<Float> columns;
        private String header;

        PdfLines() throws IOException {
            setSortByPosition(true);
        }

        String text() {
            return out.toString();
        }

        @Override
        protected void startPage(org.apache.pdfbox.pdmodel.PDPage page) {
            if (out.length() > 0) {
                out.append('\n');
            }
        }

        /** The glyphs of the line being read; PDFBox hands a line over word by word. */
        private final List<org.apache.pdfbox.text.TextPosition> line = new ArrayList<>();

        @Override
        protected void writeString(String text, List<org.apache.pdfbox.text.TextPosition> positions) {
            line.addAll(positions);
        }

        @Override
        protected void writeWordSeparator() {
            // The gaps between the glyphs decide: a space, or a cell boundary.
        }

        @Override
        protected void writeLineSeparator() {
            flush();
        }

        @Override
        protected void endPage(org.apache.pdfbox.pdmodel.PDPage page) {
            flush();
        }

        private void flush() {
            List<org.apache.pdfbox.text.TextPosition> positions = List.copyOf(line);
            line.clear();
            if (!positions.isEmpty()) {
                writeLine(positions);
            }
        }

        private void writeLine(List<org.apache.pdfbox.text.TextPosition> positions) {
            // Per cell: where it starts and ends on the line.
            List<float[]> spans = new ArrayList<>();
            List<StringBuilder> cells = new ArrayList<>();
            org.apache.pdfbox.text.TextPosition last = null;
            for (org.apache.pdfbox.text.TextPosition p : positions) {
                float gap =
                        last == null ? Float.MAX_VALUE : p.getXDirAdj() - (last.getXDirAdj() + last.getWidthDirAdj());
                float space = Math.max(p.getWidthOfSpace(), 1f);
                if (last == null || gap > 3 * space) {
                    cells.add(new StringBuilder());
                    spans.add(new float[] {p.getXDirAdj(), p.getXDirAdj()});
                } else if (gap > space * 0.3f
                        && !cells.get(cells.size() - 1).toString().endsWith(" ")) {
                    cells.get(cells.size() - 1).append(' ');
                }
                cells.get(cells.size() - 1).append(p.getUnicode());
                spans.get(spans.size() - 1)[1] = p.getXDirAdj() + p.getWidthDirAdj();
                last = p;
            }
            String whole = flat(String.join(" ", cells));
            if (whole.isEmpty() || PAGE_NUMBER.matcher(whole).matches()) {
                return;
            }
            // The header fixes the columns; the same header again (the table continued on a new page, perhaps laid out
            // a little differently) fixes them anew.
            if (cells.size() >= 3 && (columns == null || whole.equals(header))) {
                columns = new ArrayList<>();
                spans.forEach(span -> columns.add(span[0]));
                header = whole;
            }
            // One piece of text that starts in the first column and runs past the second column's start is running
            // text, not a cell: the table (if any) has ended, and a later one brings its own header.
            if (columns != null
                    && cells.size() == 1
                    && columns.size() > 1
                    && spans.get(0)[0] <= columns.get(0) + 4
                    && spans.get(0)[1] > columns.get(1) + 2) {
                columns = null;
                header = null;
            }
            if (out.length() > MAX_TEXT) {
                throw new StatementException(
                        Kind.INVALID,
                        "file",
                        "the PDF holds more than 2 MB of text; import the privacy statement alone");
            }
            if (columns == null) {
                out.append(whole).append('\n');
                return;
            }
            String[] row = new String[columns.size()];
            java.util.Arrays.fill(row, "");
            for (int i = 0; i < cells.size(); i++) {
                int column = 0;
                for (int c = 0; c < columns.size(); c++) {
                    if (spans.get(i)[0] >= columns.get(c) - 4) {
                        column = c;
                    }
                }
                row[column] = (row[column] + " " + flat(cells.get(i).toString())).strip();
            }
            out.append(String.join("\t", row)).append('\n');
        }
    }

    // --- HTML ---

    /**
     * The main content of a web page: {@code main}, else {@code article}, else the body without navigation, header,
     * footer, scripts and forms. A page with a table stays HTML (the importer reads its rows and row spans); one without
     * becomes lines, headings and list items kept.
     */
    public static Converted html(String page) {
        Document doc = Jsoup.parse(page);
        doc.select("script, style, noscript, template, iframe, form, svg").remove();
        Element main = doc.selectFirst("main");
        if (main == null) {
            main = doc.selectFirst("article");
        }
        if (main == null) {
            main = doc.body();
            main.select("nav, header, footer, aside, [role=navigation], [role=banner], [role=contentinfo]")
                    .remove();
        }
        List<String> notes = new ArrayList<>();
        if (!main.select("table").isEmpty()) {
            return converted(Format.HTML, main.outerHtml(), notes);
        }
        List<String> out = new ArrayList<>();
        for (Element e : main.select("h1, h2, h3, h4, h5, h6, p, li, dt, dd, address")) {
            if (e.tagName().equals("p")
                    && e.parent() != null
                    && e.parent().tagName().equals("li")) {
                continue;
            }
            String text = flat(e.wholeText());
            if (text.isEmpty()) {
                continue;
            }
            if (e.tagName().matches("h[1-6]")) {
                out.add("");
                out.add(text);
            } else if (e.tagName().equals("li")) {
                out.add("• " + text);
            } else {
                out.add(text);
            }
        }
        return converted(Format.HTML, String.join("\n", out).strip(), notes);
    }

    /**
     * A text file with a NUL or another control character (other than tab and line breaks) is no statement as saved by
     * an editor: refused with where it is, so that nothing of it reaches the draft.
     */
    public static void refuseControlCharacters(String text) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
                continue;
            }
            if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
                throw new StatementException(
                        Kind.INVALID,
                        "file",
                        "line " + line + ", column " + column + " holds a NUL or another control character (U+"
                                + String.format(Locale.ROOT, "%04X", (int) c)
                                + "); save the statement again as plain text");
            }
            column++;
        }
    }

    private static Converted converted(Format format, String text, List<String> notes) {
        // What a Word document or PDF carries beyond text (control characters of fields, form feeds) goes.
        String clean = text.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]", "");
        if (clean.length() > MAX_TEXT) {
            throw new StatementException(
                    Kind.INVALID,
                    "file",
                    "the document holds more than 2 MB of text; import the privacy statement alone");
        }
        return new Converted(format, clean, List.copyOf(notes));
    }

    /** One line: whitespace runs (also non-breaking spaces and line breaks inside a paragraph) become one space. */
    static String flat(String text) {
        return text == null
                ? ""
                : text.replace('\u00a0', ' ').replaceAll("\\s+", " ").strip();
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        if (bytes.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
