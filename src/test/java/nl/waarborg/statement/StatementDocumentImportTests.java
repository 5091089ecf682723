package nl.waarborg.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.Register;
import nl.waarborg.register.internal.RegisterChecks;
import nl.waarborg.register.internal.RegisterReader;
import nl.waarborg.statement.internal.DocWriters;
import nl.waarborg.statement.internal.StatementComposer;
import nl.waarborg.statement.internal.StatementDocuments;
import nl.waarborg.statement.internal.StatementImporter;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.junit.jupiter.api.Test;

/**
 * Statements as providers have them, written by the tests themselves for a fictional provider: a Word document and a
 * PDF whose five-column table breaks over a page (the header repeated, a data cell split over the break), a web page
 * with navigation around the content, and a statement without any table. Each is read by content, imported, applied
 * (the register reader) and rendered, and the statement says what the source says.
 */
class StatementDocumentImportTests {

    private static final StatementComposer COMPOSER = new StatementComposer(StatementComposer.bundle());

    static final List<String> HEADERS =
            List.of("Dienst", "Gegevens", "Bewaartermijn", "Verantwoordelijke partij", "Grondslag");

    /** The rows a person reads; the third is split over the page break after "Naam, adres en". */
    static final List<List<String>> ROWS = List.of(
            List.of("Internet", "IP-adres", "Zes maanden", "Noordlicht Telecom B.V.", "Uitvoering overeenkomst"),
            List.of("", "Inloggegevens", "Twee jaar", "Noordlicht Telecom B.V.", "Uitvoering overeenkomst"),
            List.of(
                    "Telefonie",
                    "Naam, adres en telefoonnummer",
                    "Zeven jaar",
                    "Noordlicht Telecom B.V.",
                    "Wettelijke verplichting: art. 52 AWR"),
            List.of("", "Gespreksopnames", "30 dagen", "Noordlicht Telecom B.V.", "Gerechtvaardigd belang. Kwaliteit"));

    static final String INTRO = "Noordlicht Telecom B.V. verwerkt persoonsgegevens van klanten. Vragen over privacy:"
            + " privacy@noordlicht.example.";

    @Test
    void aWordDocumentWithATableBrokenOverAPageGivesTheRowsAPersonReads() throws Exception {
        byte[] docx = docx();
        assertThat(StatementDocuments.detect(docx)).isEqualTo(StatementDocuments.Format.DOCX);
        StatementDocuments.Converted converted = StatementDocuments.binary(docx);
        Register register = imported(converted.text(), "text");
        assertRows(register);
    }

    @Test
    void aPdfWithATableBrokenOverAPageGivesTheRowsAPersonReads() {
        byte[] pdf = pdf();
        assertThat(StatementDocuments.detect(pdf)).isEqualTo(StatementDocuments.Format.PDF);
        StatementDocuments.Converted converted = StatementDocuments.binary(pdf);
        assertThat(converted.notes()).anySatisfy(n -> assertThat(n).contains("PDF"));
        Register register = imported(converted.text(), "pdf");
        assertRows(register);
    }

    @Test
    void aWebPageIsReadFromItsMainContentOnly() {
        String page = "<!DOCTYPE html><html><head><title>Privacy</title><script>var x = 'info@tracker.example';"
                + "</script></head><body><nav><ul><li>Home</li><li>Contact: sales@noordlicht.example</li></ul></nav>"
                + "<main><h1>Privacyverklaring</h1><p>" + INTRO + "</p><h2>Welke gegevens verwerken wij?</h2><ul>"
                + "<li>Naam en adres</li><li>E-mailadres</li><li>Facturen</li></ul><h2>Waarvoor gebruiken wij uw"
                + " gegevens?</h2><ul><li>Het leveren van onze diensten</li><li>Het versturen van facturen</li></ul>"
                + "<p>Facturen bewaren wij zeven jaar, omdat de wet dat vraagt.</p></main><footer>© 2026</footer>"
                + "</body></html>";
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        assertThat(StatementDocuments.detect(bytes)).isEqualTo(StatementDocuments.Format.HTML);
        StatementDocuments.Converted converted = StatementDocuments.html(page);
        assertThat(converted.text())
                .contains("• Naam en adres")
                .doesNotContain("sales@noordlicht.example", "tracker", "Home", "©");
        Register register = imported(converted.text(), "text");
        assertThat(register.organisation().privacyEmail()).isEqualTo("privacy@noordlicht.example");
        assertThat(descriptions(register)).contains("Naam en adres", "E-mailadres", "Facturen");
    }

    @Test
    void aStatementWithoutATableGivesOneServiceWithTheListedDataAndWarnsForEachGuess() {
        String text = String.join(
                "\n",
                "Privacyverklaring van Zuiderzee Alarm B.V.",
                "",
                "Wij beveiligen woningen en bedrijven. Vragen? Mail naar vragen@zuiderzee-alarm.example.",
                "",
                "Welke gegevens verwerken wij?",
                "- Naam en adres",
                "- Telefoonnummers van sleutelhouders",
                "- Alarmmeldingen",
                "- Facturen",
                "",
                "Waarvoor gebruiken wij uw gegevens?",
                "- Het opvolgen van alarmmeldingen",
                "- Het uitvoeren van de overeenkomst",
                "",
                "Hoe lang bewaren wij uw gegevens?",
                "Facturen bewaren wij zeven jaar. Alarmmeldingen bewaren wij twee jaar na het einde van het contract.",
                "",
                "Onze nieuwsbrief",
                "- Maandelijks nieuws");
        StatementImporter.Result result = StatementImporter.read(text);
        Register register = RegisterReader.read(result.yaml());
        assertThat(result.legalName()).isEqualTo("Zuiderzee Alarm B.V.");
        assertThat(register.organisation().privacyEmail()).isEqualTo("vragen@zuiderzee-alarm.example");
        assertThat(register.services()).hasSize(1);
        assertThat(descriptions(register))
                .containsExactly("Naam en adres", "Telefoonnummers van sleutelhouders", "Alarmmeldingen", "Facturen");
        DataCategory invoices = category(register, "Facturen");
        assertThat(invoices.retention().period()).isEqualTo(java.time.Period.ofYears(7));
        DataCategory alarms = category(register, "Alarmmeldingen");
        assertThat(alarms.retention().period()).isEqualTo(java.time.Period.ofYears(2));
        assertThat(alarms.retention().anchor()).isEqualTo(nl.waarborg.register.RetentionAnchor.END_OF_CONTRACT);
        assertThat(invoices.purposes()).hasSize(2);
        // Each guess names its line: the e-mail address on line 3, the retention on line 16, the unused list item.
        assertThat(result.warnings())
                .anySatisfy(w -> assertThat(w.line() + " " + w.field()).isEqualTo("3 organisation.privacyEmail"))
                .anySatisfy(w -> assertThat(w.line() + " " + w.field()).isEqualTo("16 retention"))
                .anySatisfy(w -> assertThat(w.line() + " " + w.message()).startsWith("19 List item under 'Onze"));
        // Nothing invented: what the text does not say stays a warning, not a value.
        assertThat(category(register, "Naam en adres").retention().period()).isNull();
        assertThat(RegisterChecks.check(register)).isNotNull();
        String rendered = DocWriters.text(COMPOSER.compose(
                register, StatementComposer.locale("nl"), LocalDate.of(2026, 12, 5), "https://example.nl"));
        assertThat(rendered).contains("Telefoonnummers van sleutelhouders").contains("Zuiderzee Alarm B.V.");
    }

    @Test
    void emptyCellsBesideDataOfItsOwnMeanTheSameAsAbove() {
        String text = INTRO + "\n" + String.join("\t", HEADERS) + "\n" + String.join("\t", ROWS.get(0)) + "\n"
                + "\tFoutmeldingen van het modem\t\t\t\n";
        StatementImporter.Result result = StatementImporter.read(text);
        Register register = RegisterReader.read(result.yaml());
        DataCategory errors = category(register, "Foutmeldingen van het modem");
        assertThat(errors.retention().period()).isEqualTo(java.time.Period.ofMonths(6));
        assertThat(errors.legalBasis()).isEqualTo(nl.waarborg.register.LegalBasis.CONTRACT);
        assertThat(result.warnings())
                .anySatisfy(w -> assertThat(w.line() + " " + w.message()).startsWith("4 Empty cells (Bewaartermijn,"));
        String markdown = INTRO + "\n\n| " + String.join(" | ", HEADERS) + " |\n|---|---|---|---|---|\n| "
                + String.join(" | ", ROWS.get(0)) + " |\n|  | Foutmeldingen van het modem |  |  |  |\n";
        Register fromMarkdown =
                RegisterReader.read(StatementImporter.read(markdown).yaml());
        assertThat(descriptions(fromMarkdown)).containsExactly("IP-adres", "Foutmeldingen van het modem");
        assertThat(category(fromMarkdown, "Foutmeldingen van het modem")
                        .retention()
                        .period())
                .isEqualTo(java.time.Period.ofMonths(6));
    }

    @Test
    void threeAndFourColumnTablesInAnyOrderAreReadByTheirHeadings() {
        // The three-column shape: kinds of data, the data as a list, why (a list); retention in the running text.
        String three = String.join(
                "\n",
                INTRO,
                "Soort gegevens\tWelke gegevens\tWaarom",
                "Wie je bent\t• Naam • Adres • Geboortedatum\t• Het uitvoeren van de overeenkomst • Identificatie",
                "Contact\t• E-mailadres • Telefoonnummer\t• Je op de hoogte houden van storingen",
                "",
                "Oude klantgegevens worden verwijderd na 24 maanden na het einde van het contract.");
        Register fromThree = RegisterReader.read(StatementImporter.read(three).yaml());
        DataCategory who = category(fromThree, "Wie je bent: Naam, Adres, Geboortedatum");
        assertThat(who.purposes()).hasSize(2);
        assertThat(who.legalBasis()).isEqualTo(nl.waarborg.register.LegalBasis.CONTRACT);
        assertThat(who.retention().period()).isEqualTo(java.time.Period.ofMonths(24));
        assertThat(category(fromThree, "Contact: E-mailadres, Telefoonnummer")
                        .purposes()
                        .get(0)
                        .uses())
                .containsExactly("essential.service.notifications");

        // Four columns in another order with other headings: each cell goes where its heading says.
        String four = String.join(
                "\n",
                INTRO,
                "Doel\tSoort gegevens\tGrondslag\tBewaartermijn",
                "Facturen versturen\tFactuurgegevens\tWettelijke verplichting: art. 52 AWR\tZeven jaar",
                "Storingen oplossen\tTechnische gegevens\tUitvoering overeenkomst\t30 dagen");
        Register fromFour = RegisterReader.read(StatementImporter.read(four).yaml());
        DataCategory invoices = category(fromFour, "Factuurgegevens");
        assertThat(invoices.legalBasis()).isEqualTo(nl.waarborg.register.LegalBasis.LEGAL_OBLIGATION);
        assertThat(invoices.statute()).contains("art. 52 AWR");
        assertThat(invoices.retention().period()).isEqualTo(java.time.Period.ofYears(7));
        assertThat(category(fromFour, "Technische gegevens").retention().period())
                .isEqualTo(java.time.Period.ofDays(30));
    }

    @Test
    void anHtmlTableWithServiceCellsSpanningRowsGivesEachServiceItsRows() {
        String page = "<html><body><main><p>" + INTRO + "</p><table><thead><tr>"
                + String.join(
                        "", HEADERS.stream().map(h -> "<th>" + h + "</th>").toList())
                + "</tr></thead><tbody>"
                + "<tr><th rowspan=\"2\">Internet</th><td>IP-adres</td><td>Zes maanden</td>"
                + "<td>Noordlicht Telecom B.V.</td><td>Uitvoering overeenkomst</td></tr>"
                + "<tr><td>Inloggegevens<table><tr><td>gebruikersnaam</td><td>wachtwoord</td></tr></table></td>"
                + "<td>Twee jaar</td><td>Noordlicht Telecom B.V.</td>"
                + "<td>Uitvoering overeenkomst</td></tr>"
                + "<tr><th>Telefonie</th><td>Gespreksopnames</td><td>30 dagen</td><td>Noordlicht Telecom B.V.</td>"
                + "<td>Gerechtvaardigd belang. Kwaliteit</td></tr></tbody></table></main></body></html>";
        StatementDocuments.Converted converted = StatementDocuments.html(page);
        Register register = imported(converted.text(), "text");
        assertThat(register.services()).extracting(s -> s.name().nl()).containsExactly("Internet", "Telefonie");
        // The table nested in a cell is that cell's text, not rows of its own.
        assertThat(register.services().get(0).categories())
                .extracting(c -> c.description().nl())
                .containsExactly("IP-adres", "Inloggegevens gebruikersnaam wachtwoord");
    }

    @Test
    void anHtmlTableCutInTwoIsJoinedWithTheRowThatWasCut() {
        StringBuilder page = new StringBuilder("<html><body><main><p>" + INTRO + "</p><table>" + headerRow());
        page.append(tr(ROWS.get(0))).append(tr(ROWS.get(1)));
        List<String> split = ROWS.get(2);
        page.append(tr(List.of(split.get(0), "Naam, adres en", split.get(2), split.get(3), split.get(4))));
        page.append("</table><p>Pagina 1 van 2</p><table>").append(headerRow());
        page.append(tr(List.of("", "telefoonnummer", "", "", ""))).append(tr(ROWS.get(3)));
        page.append("</table></main></body></html>");
        assertRows(imported(StatementDocuments.html(page.toString()).text(), "text"));
    }

    /** The statement without a table, as lines: headings, list items, running text. */
    static final List<String> NO_TABLE = List.of(
            "Privacyverklaring van Zuiderzee Alarm B.V.",
            "Wij beveiligen woningen en bedrijven. Vragen? Mail naar vragen@zuiderzee-alarm.example.",
            "Welke gegevens verwerken wij?",
            "• Naam en adres",
            "• Telefoonnummers van sleutelhouders",
            "• Facturen",
            "Waarvoor gebruiken wij uw gegevens?",
            "• Het opvolgen van alarmmeldingen",
            "Hoe lang bewaren wij uw gegevens?",
            "Facturen bewaren wij zeven jaar.");

    @Test
    void aWordDocumentAndAPdfWithoutATableGiveTheListedData() throws Exception {
        byte[] docx;
        try (XWPFDocument doc = new XWPFDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            NO_TABLE.forEach(line -> doc.createParagraph().createRun().setText(line));
            doc.write(out);
            docx = out.toByteArray();
        }
        StringBuilder html = new StringBuilder("<html><body>");
        for (String line : NO_TABLE) {
            html.append(line.startsWith("• ") ? "<ul><li>" + line.substring(2) + "</li></ul>" : "<p>" + line + "</p>");
        }
        html.append("</body></html>");
        byte[] pdf;
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var builder = new com.openhtmltopdf.pdfboxout.PdfRendererBuilder();
            builder.withHtmlContent(html.toString(), null);
            builder.toStream(out);
            builder.run();
            pdf = out.toByteArray();
        }
        for (var document : Map.of("docx", docx, "pdf", pdf).entrySet()) {
            StatementDocuments.Converted converted = StatementDocuments.binary(document.getValue());
            Register register = imported(converted.text(), document.getKey().equals("pdf") ? "pdf" : "text");
            assertThat(descriptions(register))
                    .as(document.getKey() + ":\n" + converted.text())
                    .containsExactly("Naam en adres", "Telefoonnummers van sleutelhouders", "Facturen");
            assertThat(category(register, "Facturen").retention().period()).isEqualTo(java.time.Period.ofYears(7));
            assertThat(register.organisation().legalName()).isEqualTo("Zuiderzee Alarm B.V.");
        }
    }

    @Test
    void aFileIsToldByItsContentAndABrokenOneIsRefusedWithTheReason() {
        assertThat(StatementDocuments.detect("Dienst\tGegevens\tBewaartermijn".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(StatementDocuments.Format.TEXT);
        assertThat(StatementDocuments.detect("# Privacy\n\n| a | b |\n|---|---|\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(StatementDocuments.Format.MARKDOWN);
        byte[] zipNotWord = zip(Map.of("hello.txt", "hi"));
        assertThatThrownBy(() -> StatementDocuments.binary(zipNotWord))
                .isInstanceOf(StatementException.class)
                .hasMessageContaining("not a Word document");
        byte[] brokenWord = zip(Map.of("word/document.xml", "<w:document>\u0000 not xml"));
        assertThatThrownBy(() -> StatementDocuments.binary(brokenWord))
                .isInstanceOf(StatementException.class)
                .hasMessageContaining("Word document cannot be read");
        byte[] cutPdf = java.util.Arrays.copyOf(pdf(), 400);
        assertThatThrownBy(() -> StatementDocuments.binary(cutPdf))
                .isInstanceOf(StatementException.class)
                .hasMessageContaining("PDF");
    }

    // --- the documents ---

    static byte[] docx() throws Exception {
        try (XWPFDocument doc = new XWPFDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.createParagraph().createRun().setText("Privacyverklaring");
            doc.createParagraph().createRun().setText(INTRO);
            XWPFTable first = table(doc);
            row(first, ROWS.get(0));
            row(first, ROWS.get(1));
            List<String> split = ROWS.get(2);
            row(first, List.of(split.get(0), "Naam, adres en", split.get(2), split.get(3), split.get(4)));
            // The page break: the table goes on as a second table with its header repeated.
            var br = doc.createParagraph();
            br.setPageBreak(true);
            XWPFTable second = table(doc);
            row(second, List.of("", "telefoonnummer", "", "", ""));
            row(second, ROWS.get(3));
            doc.write(out);
            return out.toByteArray();
        }
    }

    private static XWPFTable table(XWPFDocument doc) {
        XWPFTable table = doc.createTable(1, HEADERS.size());
        for (int i = 0; i < HEADERS.size(); i++) {
            table.getRow(0).getCell(i).setText(HEADERS.get(i));
        }
        return table;
    }

    private static void row(XWPFTable table, List<String> cells) {
        XWPFTableRow row = table.createRow();
        for (int i = 0; i < cells.size(); i++) {
            row.getCell(i).setText(cells.get(i));
        }
    }

    static byte[] pdf() {
        StringBuilder html = new StringBuilder("<html><head><style>@page { size: A4 landscape; margin: 1cm; }"
                + " body { font-family: sans-serif; font-size: 9pt; } table { table-layout: fixed; width: 100%; }"
                + " td, th { padding: 2pt 14pt 2pt 0; text-align: left; vertical-align: top; white-space: nowrap; }"
                + " .break { page-break-before: always; }</style>"
                + "</head><body><h1>Privacyverklaring</h1><p>" + INTRO + "</p>");
        html.append("<table>").append(COLUMNS).append(headerRow());
        html.append(tr(ROWS.get(0))).append(tr(ROWS.get(1)));
        List<String> split = ROWS.get(2);
        html.append(tr(List.of(split.get(0), "Naam, adres en", split.get(2), split.get(3), split.get(4))));
        html.append("</table><p class=\"break\" style=\"margin:0\"></p><table>")
                .append(COLUMNS)
                .append(headerRow());
        html.append(tr(List.of("", "telefoonnummer", "", "", ""))).append(tr(ROWS.get(3)));
        html.append("</table></body></html>");
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            com.openhtmltopdf.pdfboxout.PdfRendererBuilder builder =
                    new com.openhtmltopdf.pdfboxout.PdfRendererBuilder();
            builder.withHtmlContent(html.toString(), null);
            builder.toStream(out);
            builder.run();
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The same widths on both pages, as one table broken over a page has. */
    private static final String COLUMNS = "<colgroup><col style=\"width:12%\"/><col style=\"width:24%\"/>"
            + "<col style=\"width:14%\"/><col style=\"width:22%\"/><col style=\"width:28%\"/></colgroup>";

    private static String headerRow() {
        return "<tr>"
                + String.join(
                        "", HEADERS.stream().map(h -> "<th>" + h + "</th>").toList()) + "</tr>";
    }

    private static String tr(List<String> cells) {
        return "<tr>"
                + String.join("", cells.stream().map(c -> "<td>" + c + "</td>").toList()) + "</tr>";
    }

    private static byte[] zip(Map<String, String> entries) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            zip.finish();
            return bytes.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // --- what came out ---

    private static Register imported(String text, String form) {
        StatementImporter.Result result = StatementImporter.read(text, form);
        return RegisterReader.read(result.yaml());
    }

    /** Two services; the split row whole again; every period, party and basis as in the source. */
    private static void assertRows(Register register) {
        assertThat(register.organisation().legalName()).isEqualTo("Noordlicht Telecom B.V.");
        assertThat(register.organisation().privacyEmail()).isEqualTo("privacy@noordlicht.example");
        assertThat(register.services()).extracting(s -> s.name().nl()).containsExactly("Internet", "Telefonie");
        assertThat(descriptions(register))
                .containsExactly("IP-adres", "Inloggegevens", "Naam, adres en telefoonnummer", "Gespreksopnames");
        assertThat(category(register, "Naam, adres en telefoonnummer")
                        .retention()
                        .period())
                .isEqualTo(java.time.Period.ofYears(7));
        assertThat(category(register, "Naam, adres en telefoonnummer").statute())
                .contains("art. 52 AWR");
        assertThat(category(register, "Gespreksopnames").retention().period()).isEqualTo(java.time.Period.ofDays(30));
        String rendered = DocWriters.text(COMPOSER.compose(
                register, StatementComposer.locale("nl"), LocalDate.of(2026, 12, 5), "https://example.nl"));
        for (List<String> row : ROWS) {
            assertThat(rendered).contains(row.get(1));
        }
    }

    private static List<String> descriptions(Register register) {
        return register.services().stream()
                .flatMap(s -> s.categories().stream())
                .map(c -> c.description().nl())
                .toList();
    }

    private static DataCategory category(Register register, String description) {
        return register.services().stream()
                .flatMap(s -> s.categories().stream())
                .filter(c -> c.description().nl().equals(description))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no category " + description + " in " + descriptions(register)));
    }
}
