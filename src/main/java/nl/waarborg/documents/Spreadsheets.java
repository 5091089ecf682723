package nl.waarborg.documents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Writes tables as CSV (RFC 4180, UTF-8) and as XLSX workbooks, one sheet per table. */
public final class Spreadsheets {

    private Spreadsheets() {}

    /**
     * A CSV cell a spreadsheet would run as a formula gets a leading apostrophe; a phone number ({@code +31…}) or a
     * masked one ({@code +31*****}) is data and stays as it is. Null is the empty cell.
     */
    public static String safeCell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        boolean formula = first == '='
                || first == '@'
                || first == '\t'
                || first == '\r'
                || ((first == '+' || first == '-')
                        && value.length() > 1
                        && !(Character.isDigit(value.charAt(1)) || value.charAt(1) == '*'));
        return formula ? "'" + value : value;
    }

    /** The header and rows; the preamble goes as comment lines ({@code #}) above them. */
    public static byte[] csv(Table table) {
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setCommentMarker('#')
                .setHeader(table.header().toArray(String[]::new))
                .setHeaderComments(table.preamble().toArray())
                .get();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (List<String> row : table.rows()) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One sheet per table: preamble lines, an empty line, the bold header row, then the rows. */
    public static byte[] xlsx(List<Table> tables) {
        try (XSSFWorkbook book = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle bold = book.createCellStyle();
            Font font = book.createFont();
            font.setBold(true);
            bold.setFont(font);
            CellStyle wrap = book.createCellStyle();
            wrap.setWrapText(true);
            for (Table table : tables) {
                Sheet sheet = book.createSheet(safeName(table.name()));
                int r = 0;
                for (String line : table.preamble()) {
                    sheet.createRow(r++).createCell(0).setCellValue(line);
                }
                if (!table.preamble().isEmpty()) {
                    r++;
                }
                Row head = sheet.createRow(r++);
                for (int c = 0; c < table.header().size(); c++) {
                    head.createCell(c).setCellValue(table.header().get(c));
                    head.getCell(c).setCellStyle(bold);
                }
                sheet.createFreezePane(0, r);
                for (List<String> row : table.rows()) {
                    Row line = sheet.createRow(r++);
                    for (int c = 0; c < row.size(); c++) {
                        line.createCell(c).setCellValue(row.get(c));
                        line.getCell(c).setCellStyle(wrap);
                    }
                }
                for (int c = 0; c < table.header().size(); c++) {
                    sheet.setColumnWidth(c, 30 * 256);
                }
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String safeName(String name) {
        String safe = name.replaceAll("[\\\\/?*\\[\\]:]", " ");
        return safe.length() > 31 ? safe.substring(0, 31) : safe;
    }
}
