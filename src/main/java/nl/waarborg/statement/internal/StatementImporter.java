package nl.waarborg.statement.internal;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * Reads an existing privacy statement (plain text with a tab-separated table, a Markdown table or an HTML table) and
 * writes a register draft in the register's YAML format. What it reads it takes literally; what it cannot read it keeps
 * as text and lists as a warning. It never makes up a period, a basis or a party: where the format needs a value the
 * statement does not give, the draft takes the most general one and says so in a warning.
 */
public final class StatementImporter {

    /** One finding about the input, with the line it was found on (0 when it concerns the whole file). */
    public record Warning(int line, String field, String message) {}

    /** The draft and what was found on the way. */
    public record Result(
            String yaml,
            List<Warning> warnings,
            LocalDate lastUpdated,
            String legalName,
            int services,
            int categories,
            String tableForm) {}

    private static final String[] MONTHS = {
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december"
    };
    private static final Map<String, Integer> NUMBERS = new LinkedHashMap<>();

    static {
        String[] words = {
            "een",
            "twee",
            "drie",
            "vier",
            "vijf",
            "zes",
            "zeven",
            "acht",
            "negen",
            "tien",
            "elf",
            "twaalf",
            "dertien",
            "veertien",
            "vijftien",
            "zestien",
            "zeventien",
            "achttien",
            "negentien",
            "twintig"
        };
        for (int i = 0; i < words.length; i++) {
            NUMBERS.put(words[i], i + 1);
        }
        NUMBERS.put("eén", 1);
        NUMBERS.put("één", 1);
    }

    private static final Map<String, String> SERVICE_KEYS = Map.ofEntries(
            Map.entry("algemeen", "general"),
            Map.entry("internetverbinding", "internet"),
            Map.entry("voip-telefonie", "voip"),
            Map.entry("mobiele telefonie", "mobile"),
            Map.entry("voip en mobiel", "voip-mobile"),
            Map.entry("website", "website"));

    private static final Map<String, String> SERVICE_EN = Map.ofEntries(
            Map.entry("algemeen", "General"),
            Map.entry("internetverbinding", "Internet connection"),
            Map.entry("voip-telefonie", "VoIP telephony"),
            Map.entry("mobiele telefonie", "Mobile telephony"),
            Map.entry("voip en mobiel", "VoIP and mobile"),
            Map.entry("website", "Website"),
            Map.entry("website en smartphone applicaties", "Website and smartphone apps"));

    /** Words in a description and the data-category keys they stand for. */
    private static final List<String[]> CATEGORY_WORDS = List.of(
            new String[] {"verkeersinformatie", "telecom.traffic_data"},
            new String[] {"gebruikgegevens", "telecom.traffic_data"},
            new String[] {"verkeersgegevens", "telecom.traffic_data"},
            new String[] {"gespreksopname", "telecom.call_recording"},
            new String[] {"geluidsopname", "telecom.call_recording"},
            new String[] {"opnames van telefoon", "telecom.call_recording"},
            new String[] {"simkaart", "telecom.subscriber.iccid"},
            new String[] {"imei", "telecom.device.imei"},
            new String[] {"mac-adres", "telecom.device.mac_address"},
            new String[] {"lijnidentificatie", "telecom.line_id"},
            new String[] {"lineid", "telecom.line_id"},
            new String[] {"serviceid", "telecom.service_id"},
            new String[] {"publiek ip", "telecom.public_ip"},
            new String[] {"ip-adres", "user.device.ip_address"},
            new String[] {"grensovergang", "telecom.service_notifications"},
            new String[] {"bundelnotificatie", "telecom.service_notifications"},
            new String[] {"sleutelhouder", "alarm.keyholder_contact"},
            new String[] {"cookie", "user.device.cookie_id"},
            new String[] {"bezoekstatistiek", "user.behavior.browsing_history"},
            new String[] {"locatie", "user.location.imprecise"},
            new String[] {"naam", "user.name"},
            new String[] {"telefoonnummer", "user.contact.phone_number"},
            new String[] {"e-mailadres", "user.contact.email"},
            new String[] {"adres", "user.contact.address"},
            new String[] {"bedrijfsnaam", "user.contact.organization"},
            new String[] {"bedrijfsgegevens", "user.contact.organization"},
            new String[] {"kvk", "user.contact.organization"},
            new String[] {"id-bewijs", "identity.document"},
            new String[] {"legitimatie", "identity.document"},
            new String[] {"contactformulier", "user.content.private"},
            new String[] {"supportvragen", "user.content.private"},
            new String[] {"e-mails", "user.content.private"},
            new String[] {"apparaat", "user.device.device_id"},
            new String[] {"producten en diensten", "user.behavior.purchase_history"},
            new String[] {"grootboek", "user.financial"},
            new String[] {"administratie", "user.financial"});

    private static final List<String[]> SUBJECT_WORDS = List.of(
            new String[] {"sleutelhouder", "keyholder"},
            new String[] {"contactperso", "contact_person"},
            new String[] {"als u ons belt", "caller"},
            new String[] {"bezoek", "website_visitor"},
            new String[] {"website", "website_visitor"},
            new String[] {"contactformulier", "website_visitor"},
            new String[] {"gebeld", "subscriber"},
            new String[] {"simkaart", "subscriber"},
            new String[] {"lijnidentificatie", "subscriber"},
            new String[] {"lineid", "subscriber"},
            new String[] {"gebruiker", "end_user"},
            new String[] {"toestel", "end_user"});

    private final List<Warning> warnings = new ArrayList<>();
    private final String source;
    private final String[] lines;
    private final Set<String> keys = new HashSet<>();
    private boolean englishCopied;

    private StatementImporter(String source, String form) {
        this.source = source.replace("\r\n", "\n").replace('\r', '\n');
        this.lines = this.source.split("\n", -1);
        this.form = form;
    }

    public static Result read(String statement) {
        return read(statement, "text");
    }

    /**
     * @param form where the text comes from: {@code text} (also Markdown, HTML, Word), or {@code pdf}, whose table rows
     *     may wrap onto the next line anywhere (a row with empty cells continues the row above)
     */
    public static Result read(String statement, String form) {
        if (statement == null || statement.isBlank()) {
            throw new IllegalArgumentException("the file is empty");
        }
        return new StatementImporter(statement, form).run();
    }

    private final String form;

    // --- the table ---

    private record Row(int line, List<String> cells, boolean afterBreak) {}

    private record Table(String form, int headerLine, List<String> headers, List<Row> rows, Set<Integer> tableLines) {}

    private Table table() {
        if (source.toLowerCase(Locale.ROOT).contains("<table")) {
            return htmlTable();
        }
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].trim().startsWith("|") && lines[i + 1].trim().matches("\\|?\\s*:?-{3,}.*")) {
                return markdownTable(i);
            }
        }
        return textTable();
    }

    private Table textTable() {
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].chars().filter(c -> c == '\t').count() >= 2) {
                List<String> headers = split(lines[i], "\t");
                used.add(i);
                List<Row> rows = new ArrayList<>();
                boolean pageBreak = false;
                for (int j = i + 1; j < lines.length; j++) {
                    String line = lines[j];
                    if (line.isBlank()) {
                        pageBreak = true;
                        used.add(j);
                        continue;
                    }
                    if (!line.contains("\t")) {
                        break;
                    }
                    used.add(j);
                    if (line.replaceAll("[-\\t |]", "").isEmpty()) {
                        continue;
                    }
                    List<String> cells = split(line, "\t");
                    // The header repeated at the top of the next page is no row; what follows may still continue the
                    // row before the break.
                    if (sameHeadings(cells, headers)) {
                        pageBreak = true;
                        continue;
                    }
                    rows.add(new Row(j + 1, cells, pageBreak));
                    pageBreak = false;
                }
                return new Table(form.equals("pdf") ? "pdf" : "text", i + 1, headers, rows, used);
            }
        }
        return null;
    }

    private static boolean sameHeadings(List<String> cells, List<String> headers) {
        List<String> a = cells.stream()
                .map(c -> c.toLowerCase(Locale.ROOT).strip())
                .filter(c -> !c.isEmpty())
                .toList();
        List<String> b = headers.stream()
                .map(c -> c.toLowerCase(Locale.ROOT).strip())
                .filter(c -> !c.isEmpty())
                .toList();
        return !a.isEmpty() && a.equals(b);
    }

    private Table markdownTable(int start) {
        Set<Integer> used = new HashSet<>();
        List<String> headers = mdCells(lines[start]);
        used.add(start);
        used.add(start + 1);
        List<Row> rows = new ArrayList<>();
        for (int j = start + 2; j < lines.length && lines[j].trim().startsWith("|"); j++) {
            used.add(j);
            rows.add(new Row(j + 1, mdCells(lines[j]), false));
        }
        return new Table("markdown", start + 1, headers, rows, used);
    }

    private static List<String> mdCells(String line) {
        String inner = line.trim();
        inner = inner.substring(1, inner.endsWith("|") && inner.length() > 1 ? inner.length() - 1 : inner.length());
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\' && i + 1 < inner.length()) {
                cell.append(inner.charAt(++i));
            } else if (c == '|') {
                cells.add(clean(cell.toString()));
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(clean(cell.toString()));
        return cells;
    }

    /**
     * The first HTML table, and the tables after it with as many columns: a table a page break (or a saved PDF) cut in
     * two. The continuation's repeated header goes; its first row may continue the last row before the cut.
     */
    private Table htmlTable() {
        org.jsoup.nodes.Document doc = Jsoup.parse(source);
        // A table inside a table's cell is part of that cell, not a table of its own.
        List<Element> tables = doc.select("table").stream()
                .filter(t -> t.parents().stream().noneMatch(p -> p.tagName().equals("table")))
                .toList();
        Element table =
                tables.stream().filter(t -> !rowsOf(t).isEmpty()).findFirst().orElse(null);
        if (table == null) {
            return null;
        }
        List<String> headers = new ArrayList<>();
        Element headRow = rowsOf(table).get(0);
        headRow.children().forEach(c -> headers.add(clean(c.text())));
        List<Row> rows = new ArrayList<>();
        int line = 0;
        boolean started = false;
        for (Element t : tables.subList(tables.indexOf(table), tables.size())) {
            List<Element> own = rowsOf(t);
            if (t != table && !own.isEmpty() && width(own.get(0)) != headers.size()) {
                break;
            }
            boolean afterBreak = started;
            int carry = 0;
            for (Element tr : own) {
                if (tr == headRow || tr.children().isEmpty()) {
                    continue;
                }
                List<String> plain =
                        tr.children().stream().map(c -> clean(c.text())).toList();
                if (plain.equals(headers) || plain.stream().allMatch(String::isEmpty)) {
                    continue;
                }
                line++;
                List<String> cells = new ArrayList<>();
                Element first = tr.child(0);
                boolean groupStart =
                        first.hasAttr("rowspan") || (first.tagName().equals("th") && carry == 0);
                if (carry > 0 && !groupStart) {
                    cells.add("");
                    carry--;
                } else if (first.hasAttr("rowspan")) {
                    carry = Math.max(0, Math.min(10_000, span(first.attr("rowspan")) - 1));
                }
                tr.children().forEach(c -> cells.add(cellText(c)));
                rows.add(new Row(line, cells, afterBreak));
                afterBreak = false;
            }
            started = true;
        }
        return new Table("html", 0, headers, rows, Set.of());
    }

    /** A table's own rows, header first; not the rows of a table nested in one of its cells. */
    private static List<Element> rowsOf(Element table) {
        return table.select("> thead > tr, > tbody > tr, > tr, > tfoot > tr");
    }

    /** A row's width in columns, counting a cell's colspan. */
    private static int width(Element tr) {
        return tr.children().stream()
                .mapToInt(c -> Math.max(1, span(c.attr("colspan"))))
                .sum();
    }

    private static int span(String value) {
        try {
            return value.isBlank() ? 1 : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String cellText(Element cell) {
        if (!cell.select("li").isEmpty()) {
            return String.join("; ", cell.select("li").eachText());
        }
        return clean(cell.text());
    }

    private static List<String> split(String line, String separator) {
        List<String> cells = new ArrayList<>();
        for (String cell : line.split(separator, -1)) {
            cells.add(clean(cell));
        }
        return cells;
    }

    /** Emphasis markup and extra whitespace go; list markup stays for the cells that hold lists. */
    private static String clean(String cell) {
        return cell.replaceAll("</?(u|i|b|em|strong)>", "")
                .replace('\u00a0', ' ')
                .replaceAll("\\s+", " ")
                .strip();
    }

    // --- the run ---

    private enum Column {
        SERVICE,
        KIND,
        DATA,
        RETENTION,
        PARTY,
        BASIS,
        PURPOSE
    }

    private static Column column(String header) {
        String h = header.toLowerCase(Locale.ROOT);
        if (h.contains("bewaar") || h.contains("retention")) {
            return Column.RETENTION;
        }
        if (h.contains("grond") || h.contains("basis")) {
            return Column.BASIS;
        }
        if (h.contains("verantwoordelijk") || h.contains("responsible")) {
            return Column.PARTY;
        }
        if (h.contains("waarom")
                || h.contains("doel")
                || h.contains("waarvoor")
                || h.contains("purpose")
                || h.contains("what for")) {
            return Column.PURPOSE;
        }
        if (h.contains("dienst") || h.contains("service")) {
            return Column.SERVICE;
        }
        if (h.contains("soort") || h.contains("kind")) {
            return Column.KIND;
        }
        if (h.contains("gegevens") || h.contains("data")) {
            return Column.DATA;
        }
        return null;
    }

    private Result run() {
        Organisation org = organisation();
        Table table = table();
        List<Service> services = new ArrayList<>();
        if (table == null) {
            services = listed(org);
            if (services.isEmpty()) {
                warn(0, "services", "No table and no list of the data processed found; the draft has no services.");
            }
        } else {
            Map<Column, Integer> columns = new LinkedHashMap<>();
            for (int i = 0; i < table.headers().size(); i++) {
                Column c = column(table.headers().get(i));
                if (c != null) {
                    columns.putIfAbsent(c, i);
                } else {
                    warn(
                            table.headerLine(),
                            "table",
                            "Column " + (i + 1) + " has a heading that was not recognised;"
                                    + " its cells are not used.");
                }
            }
            if (columns.keySet().containsAll(List.of(Column.DATA, Column.RETENTION, Column.PARTY, Column.BASIS))) {
                services = fiveColumns(table, columns, org);
            } else if (columns.containsKey(Column.KIND) || columns.containsKey(Column.PURPOSE)) {
                services = kindsAndPurposes(table, columns, org);
            } else {
                warn(
                        table.headerLine(),
                        "table",
                        "The table's columns were not recognised; the draft has no services.");
            }
        }
        if (services.stream().anyMatch(sv -> !sv.categories().isEmpty())) {
            englishCopied = true;
        }
        if (englishCopied) {
            warn(
                    0,
                    "en",
                    "The statement is in Dutch only: every English text (en) is a copy of the Dutch and needs"
                            + " translating.");
        }
        String yaml = YamlDraft.write(org, services, warnings);
        int categories = services.stream().mapToInt(s -> s.categories().size()).sum();
        return new Result(
                yaml,
                List.copyOf(warnings),
                org.lastUpdated,
                org.legalName,
                services.size(),
                categories,
                table == null ? "none" : table.form());
    }

    private void warn(int line, String field, String message) {
        warnings.add(new Warning(line, field, message));
    }

    // --- five columns: service, data, retention, responsible party, basis ---

    private List<Service> fiveColumns(Table table, Map<Column, Integer> col, Organisation org) {
        List<List<String>> rows = new ArrayList<>();
        List<Integer> rowLines = new ArrayList<>();
        for (Row row : table.rows()) {
            List<String> cells = new ArrayList<>(row.cells());
            while (cells.size() < table.headers().size()) {
                cells.add("");
            }
            boolean partial = List.of(Column.DATA, Column.RETENTION, Column.PARTY, Column.BASIS).stream()
                    .anyMatch(c -> cells.get(col.get(c)).isEmpty());
            // A row continues the one above after a page break, on a PDF's wrapped line, or — in a Markdown or HTML
            // table, where a row is a row — only when it names no data of its own.
            boolean mayContinue = row.afterBreak()
                    || table.form().equals("pdf")
                    || (!table.form().equals("text")
                            && cells.get(col.get(Column.DATA)).isEmpty());
            if (partial
                    && !mayContinue
                    && !rows.isEmpty()
                    && !cells.get(col.get(Column.DATA)).isEmpty()) {
                // Empty cells beside data of its own mean "the same as above".
                List<String> previous = rows.get(rows.size() - 1);
                List<String> filled = new ArrayList<>();
                for (Column c : List.of(Column.RETENTION, Column.PARTY, Column.BASIS)) {
                    int i = col.get(c);
                    if (cells.get(i).isEmpty()
                            && i < previous.size()
                            && !previous.get(i).isEmpty()) {
                        cells.set(i, previous.get(i));
                        filled.add(table.headers().get(i));
                    }
                }
                if (!filled.isEmpty()) {
                    warn(
                            row.line(),
                            "table",
                            "Empty cells (" + String.join(", ", filled) + ") read as the same as the row above.");
                }
            } else if (partial
                    && mayContinue
                    && !rows.isEmpty()
                    && (!col.containsKey(Column.SERVICE)
                            || cells.get(col.get(Column.SERVICE)).isEmpty())) {
                List<String> previous = rows.get(rows.size() - 1);
                for (int i = 0; i < cells.size() && i < previous.size(); i++) {
                    if (!cells.get(i).isEmpty()) {
                        previous.set(i, (previous.get(i) + " " + cells.get(i)).strip());
                    }
                }
                continue;
            }
            rows.add(cells);
            rowLines.add(row.line());
        }
        // The provider is named in the party column; the most frequent name that is not the client organisation.
        Map<String, Integer> names = new LinkedHashMap<>();
        for (List<String> r : rows) {
            String party = r.get(col.get(Column.PARTY));
            if (!party.isEmpty() && !isClientParty(party)) {
                names.merge(party, 1, Integer::sum);
            }
        }
        names.entrySet().stream().max(Map.Entry.comparingByValue()).ifPresent(e -> org.legalName = e.getKey());
        List<Service> services = new ArrayList<>();
        Service current = null;
        for (int i = 0; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            int line = rowLines.get(i);
            String serviceName = col.containsKey(Column.SERVICE) ? r.get(col.get(Column.SERVICE)) : "";
            if (!serviceName.isEmpty() || current == null) {
                String name = serviceName.isEmpty() ? "Algemeen" : serviceName;
                current = new Service(serviceKey(name), name, englishService(name), new ArrayList<>());
                services.add(current);
            }
            String data = r.get(col.get(Column.DATA));
            Category c = new Category(categoryKey(data), data);
            c.dataCategories = categories(data, line);
            c.subjects = subjects(data, line);
            c.purposes.add(new String[] {null, "essential.service"});
            retention(c, r.get(col.get(Column.RETENTION)), line);
            party(c, r.get(col.get(Column.PARTY)), org, line);
            basis(c, r.get(col.get(Column.BASIS)), line);
            current.categories().add(c);
        }
        if (!rows.isEmpty()) {
            warn(
                    0,
                    "purposes",
                    "The table has no purpose column: every category's purpose is set to delivering the"
                            + " service (essential.service). Check them against the statement's running text.");
        }
        return services;
    }

    private static boolean isClientParty(String party) {
        String p = party.toLowerCase(Locale.ROOT);
        return distance(p, "opdrachtgevende partij") <= 2 || p.equals("client organisation");
    }

    private void retention(Category c, String text, int line) {
        String t = text.toLowerCase(Locale.ROOT).replaceAll("[.]$", "").strip();
        if (t.matches("tot (het )?einde (van de )?dienstverlening") || t.equals("until the service ends")) {
            c.until = true;
            if (!text.equals("Tot einde dienstverlening") && !text.equals("Until the service ends")) {
                c.display = text;
            }
            return;
        }
        String period = period(t);
        if (period != null && t.matches("(\\d+|[a-zé]+) (jaar|maand|maanden|week|weken|dag|dagen)")) {
            c.period = period;
            if (!generatedRetention(period).equals(text)) {
                c.display = text;
            }
            return;
        }
        c.display = text.isEmpty() ? null : text;
        if (period != null) {
            c.period = period;
            warn(
                    line,
                    "retention",
                    "Retention '" + text + "' read as " + period + " from collection; check the"
                            + " moment it is counted from.");
        } else {
            warn(line, "retention", "Retention '" + text + "' could not be read as a period; kept as text only.");
        }
    }

    private static final StatementComposer WORDING = new StatementComposer(StatementComposer.bundle());

    /**
     * The Dutch text the statement generator writes for a period counted from collection; when the imported text
     * differs (for example "Twee weken", which the generator would write as 14 days), it is kept as display text.
     */
    private static String generatedRetention(String iso) {
        return StatementComposer.capitalise(
                WORDING.period(java.time.Period.parse(iso), StatementComposer.locale("nl")));
    }

    /** "zes maanden" → P6M, "30 dagen" → P30D, "7 jaar" → P7Y; null when there is no period. */
    static String period(String text) {
        Matcher m = Pattern.compile("(\\d{1,4}|[a-zéë]{1,20})\\s+(jaar|jaren|maand|maanden|week|weken|dag|dagen)\\b")
                .matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String word = m.group(1);
            Integer n = word.matches("\\d+") ? Integer.valueOf(word) : NUMBERS.get(word);
            if (n == null || n == 0) {
                continue;
            }
            String unit = m.group(2);
            return "P" + n
                    + (unit.startsWith("ja") ? "Y" : unit.startsWith("m") ? "M" : unit.startsWith("w") ? "W" : "D");
        }
        return null;
    }

    private void party(Category c, String party, Organisation org, int line) {
        if (isClientParty(party)) {
            c.controller = "client";
            if (!party.equalsIgnoreCase("opdrachtgevende partij") && !party.equalsIgnoreCase("client organisation")) {
                warn(line, "controller", "'" + party + "' read as 'Opdrachtgevende partij' (client organisation).");
            }
        } else if (party.equals(org.legalName)) {
            c.controller = "provider";
        } else {
            c.controller = "provider";
            warn(
                    line,
                    "controller",
                    "Responsible party '" + party + "' is neither the provider nor the client"
                            + " organisation; set to the provider, check it.");
        }
    }

    private void basis(Category c, String text, int line) {
        String t = text.toLowerCase(Locale.ROOT);
        Matcher interest = Pattern.compile(
                        "^(gerechtvaardigd|gerechtigd|legitimate) (belang|interests?)\\.?\\s*(.*)$",
                        Pattern.CASE_INSENSITIVE | Pattern.DOTALL)
                .matcher(text);
        if (interest.matches()) {
            c.basis = "legitimate-interests";
            c.interest = interest.group(3).isBlank() ? null : interest.group(3).strip();
            if (t.startsWith("gerechtigd")) {
                warn(line, "legalBasis", "'Gerechtigd belang' read as 'Gerechtvaardigd belang' (legitimate interest).");
            }
            if (c.interest == null) {
                warn(line, "interest", "Legitimate interest without the interest spelled out; add it.");
            }
        } else if (t.startsWith("uitvoering") || t.startsWith("performance of a contract")) {
            c.basis = "contract";
        } else if (t.startsWith("wettelijke verplichting") || t.startsWith("legal obligation")) {
            c.basis = "legal-obligation";
            int colon = text.indexOf(':');
            if (colon > 0) {
                c.statute = text.substring(colon + 1).strip();
            } else {
                warn(line, "statute", "Legal obligation without the law named; add the statute.");
            }
        } else if (t.startsWith("toestemming") || t.startsWith("consent")) {
            c.basis = "consent";
            c.consentMechanism = text;
            warn(line, "consent", "Consent without how it is asked; the cell text is kept as the mechanism.");
        } else if (t.startsWith("vita")) {
            c.basis = "vital-interests";
        } else if (t.contains("algemeen belang") || t.startsWith("public task")) {
            c.basis = "public-task";
        } else {
            c.basis = "legitimate-interests";
            c.interest = text;
            warn(
                    line,
                    "legalBasis",
                    "Legal basis '" + shorten(text) + "' not recognised; set to legitimate interest"
                            + " with the cell as the interest. Check it.");
        }
    }

    // --- other tables: kinds of data, the data, why ---

    private List<Service> kindsAndPurposes(Table table, Map<Column, Integer> col, Organisation org) {
        List<List<String>> rows = new ArrayList<>();
        List<Integer> rowLines = new ArrayList<>();
        for (Row row : table.rows()) {
            List<String> cells = new ArrayList<>(row.cells());
            while (cells.size() < table.headers().size()) {
                cells.add("");
            }
            String first = cells.get(0);
            // A kind that runs on after a page break starts in lower case: it is the rest of the row above.
            if (row.afterBreak() && !rows.isEmpty() && !first.isEmpty() && Character.isLowerCase(first.charAt(0))) {
                List<String> previous = rows.get(rows.size() - 1);
                for (int i = 0; i < cells.size(); i++) {
                    if (!cells.get(i).isEmpty()) {
                        previous.set(i, (previous.get(i) + " " + cells.get(i)).strip());
                    }
                }
                warn(row.line(), "table", "Row continued after a page break joined with the row above.");
                continue;
            }
            rows.add(cells);
            rowLines.add(row.line());
        }
        Service general = new Service("general", "Algemeen", "General", new ArrayList<>());
        Running running = running(table);
        for (int i = 0; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            int line = rowLines.get(i);
            String kind = col.containsKey(Column.KIND) ? listText(r.get(col.get(Column.KIND))) : "";
            List<String> items = col.containsKey(Column.DATA) ? items(r.get(col.get(Column.DATA))) : List.of();
            List<String> why = col.containsKey(Column.PURPOSE) ? items(r.get(col.get(Column.PURPOSE))) : List.of();
            String description = items.isEmpty()
                    ? kind
                    : kind.isEmpty() ? String.join(", ", items) : kind + ": " + String.join(", ", items);
            Category c = new Category(categoryKey(kind.isEmpty() ? description : kind), description);
            c.dataCategories = categories(description, line);
            c.subjects = subjects(description, line);
            for (String purpose : why) {
                c.purposes.add(new String[] {purpose, use(purpose)});
            }
            if (why.isEmpty()) {
                c.purposes.add(new String[] {null, "essential.service"});
                warn(line, "purposes", "No purpose found for '" + shorten(kind) + "'; set to delivering the service.");
            }
            String basisCell = col.containsKey(Column.BASIS) ? r.get(col.get(Column.BASIS)) : "";
            if (!basisCell.isEmpty()) {
                basis(c, basisCell, line);
            } else {
                c.basis = inferBasis(why);
                warn(
                        line,
                        "legalBasis",
                        "The statement names no legal basis for '" + shorten(kind) + "'; '" + c.basis
                                + "' is inferred from its purposes. Check it.");
            }
            String partyCell = col.containsKey(Column.PARTY) ? r.get(col.get(Column.PARTY)) : "";
            if (!partyCell.isEmpty()) {
                party(c, partyCell, org, line);
            } else {
                c.controller = "provider";
            }
            String retentionCell = col.containsKey(Column.RETENTION) ? r.get(col.get(Column.RETENTION)) : "";
            String lower = (kind + " " + description).toLowerCase(Locale.ROOT);
            if (!retentionCell.isEmpty()) {
                retention(c, retentionCell, line);
            } else {
                boolean customerData = lower.contains("wie je bent")
                        || lower.contains("contract")
                        || lower.contains("overeenkomst")
                        || lower.contains("klant")
                        || lower.contains("ontvangen");
                running.applyTo(c, customerData, line, kind);
            }
            general.categories().add(c);
        }
        for (Category extra : running.extra) {
            general.categories().add(extra);
        }
        if (!col.containsKey(Column.PARTY)) {
            warn(
                    0,
                    "controller",
                    "The table names no responsible party per row; every category is set to the provider.");
        }
        return List.of(general);
    }

    // --- no table: lists under headings and running text ---

    /** A list item: a bullet as typed, as Word's Symbol font gives it in a PDF (U+F0B7), or a number. */
    private static final Pattern BULLET =
            Pattern.compile("^\\s*(?:[•·▪◦●■\\uF0B7\\uF0A7]\\s*|[*–-]\\s+|\\d{1,2}[.)]\\s+)(.+)$");

    private static final Pattern DATA_HEADING =
            Pattern.compile("(?i).*(welke (persoons)?gegevens|persoonsgegevens (die )?(wij|we)|gegevens (die )?(wij|we)"
                    + "|(wij|we) verwerken|verzamelen (wij|we)|which (personal )?data|data we (process|collect)).*");
    private static final Pattern PURPOSE_HEADING =
            Pattern.compile("(?i).*(waarom|waarvoor|doel(en)?\\b|why|purposes?\\b).*");

    /**
     * A statement without a table: the items listed under a heading such as "Welke gegevens verwerken wij?" become the
     * categories of one service, the items under "Waarvoor gebruiken wij uw gegevens?" their purposes, and a sentence
     * that keeps something for a period ("facturen bewaren wij zeven jaar") the retention of the category it names.
     * Every guess is a warning with its line.
     */
    /** The most kinds of data a list gives: a statement lists tens, a file with more is no statement's list. */
    static final int MAX_LISTED = 500;

    private List<Service> listed(Organisation org) {
        Service general = new Service("general", "Algemeen", "General", new ArrayList<>());
        List<String[]> purposes = new ArrayList<>();
        List<int[]> itemLines = new ArrayList<>();
        String section = null;
        String heading = null;
        // A list whose markers are drawn, not written (a PDF, a Word list without numbering): short lines right under
        // the heading, none with a marker, each read as an item with a warning.
        boolean marked = false;
        boolean run = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip().replaceFirst("^#{1,6}\\s+", "");
            if (line.isEmpty()) {
                run = false;
                continue;
            }
            Matcher bullet = BULLET.matcher(line);
            boolean unmarked = !bullet.matches()
                    && run
                    && !marked
                    && section != null
                    && line.length() <= 80
                    && !line.endsWith(".")
                    && !line.endsWith("?")
                    && !line.endsWith(":")
                    && !DATA_HEADING.matcher(line).matches()
                    && !PURPOSE_HEADING.matcher(line).matches();
            if (bullet.matches() || unmarked) {
                marked |= bullet.matches();
                String item = clean(bullet.matches() ? bullet.group(1) : line)
                        .replaceAll("[;,.]$", "")
                        .strip();
                if (unmarked) {
                    warn(
                            i + 1,
                            "services",
                            "'" + shorten(item) + "' read as an item of the list under '" + shorten(heading)
                                    + "' (no list marker in the text); check it.");
                }
                if (item.isEmpty() || item.length() > 300) {
                    continue;
                }
                if ("data".equals(section) && general.categories().size() >= MAX_LISTED) {
                    if (general.categories().size() == MAX_LISTED) {
                        warn(
                                i + 1,
                                "services",
                                "More than " + MAX_LISTED + " kinds of data listed; the rest is left out.");
                        general.categories().add(null);
                    }
                } else if ("data".equals(section)) {
                    Category c = new Category(categoryKey(item), StatementComposer.capitalise(item));
                    c.dataCategories = categories(item, i + 1);
                    c.subjects = subjects(item, i + 1);
                    general.categories().add(c);
                    itemLines.add(new int[] {i + 1});
                } else if ("purpose".equals(section)) {
                    purposes.add(new String[] {StatementComposer.capitalise(item), use(item)});
                } else if (heading != null) {
                    warn(
                            i + 1,
                            "services",
                            "List item under '" + shorten(heading) + "' not used: the heading names"
                                    + " neither the data processed nor why.");
                }
                continue;
            }
            // A heading: a short line without a full stop at its end, or one that asks or announces.
            boolean headingLike = line.length() <= 120 && (!line.endsWith(".") || line.endsWith(":"));
            run = false;
            if (headingLike) {
                marked = false;
                if (DATA_HEADING.matcher(line).matches()) {
                    section = "data";
                } else if (PURPOSE_HEADING.matcher(line).matches()) {
                    section = "purpose";
                } else if (line.endsWith("?") || line.length() <= 80 && !line.endsWith(":")) {
                    section = null;
                }
                heading = line;
                run = section != null;
            }
        }
        general.categories().removeIf(java.util.Objects::isNull);
        if (general.categories().isEmpty()) {
            return List.of();
        }
        warn(
                0,
                "services",
                "The statement has no table: one service 'Algemeen' with the "
                        + general.categories().size()
                        + " listed kinds of data as categories. Split it into the services you deliver.");
        Running running = running(new Table("text", 0, List.of(), List.of(), Set.of()));
        List<int[]> keeping = new ArrayList<>();
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (BULLET.matcher(lines[i]).matches()) {
                continue;
            }
            for (String sentence : lines[i].split("(?<=[.!?])\\s+")) {
                String lower = sentence.toLowerCase(Locale.ROOT);
                // Only sentences that keep something for a period can give a retention.
                if (lower.contains("bewa") && period(lower) != null) {
                    sentences.add(sentence);
                    keeping.add(new int[] {i + 1});
                }
            }
        }
        for (int n = 0; n < general.categories().size(); n++) {
            Category c = general.categories().get(n);
            int line = itemLines.get(n)[0];
            if (purposes.isEmpty()) {
                c.purposes.add(new String[] {null, "essential.service"});
            } else {
                c.purposes.addAll(purposes);
            }
            c.basis = inferBasis(purposes.stream().map(p -> p[0]).toList());
            c.controller = "provider";
            retentionFromText(c, line, running, sentences, keeping);
        }
        if (purposes.isEmpty()) {
            warn(
                    0,
                    "purposes",
                    "No list of purposes found; every category's purpose is set to delivering the service.");
        }
        warn(
                0,
                "legalBasis",
                "The statement names no legal basis per kind of data; '"
                        + general.categories().get(0).basis
                        + "' is inferred from the purposes for every category. Check each.");
        general.categories().addAll(running.extra);
        return List.of(general);
    }

    /**
     * The retention of a listed category from the running text: a sentence with a period and a word of the category's
     * own ("facturen" in "Facturen bewaren wij zeven jaar"), else a general period stated for all data.
     */
    private void retentionFromText(
            Category c, int line, Running running, List<String> sentences, List<int[]> sentenceLines) {
        List<String> words = java.util.Arrays.stream(
                        c.description.toLowerCase(Locale.ROOT).split("[^\\p{L}]+"))
                .filter(w -> w.length() >= 5)
                .map(w -> w.substring(0, Math.min(w.length(), 6)))
                .toList();
        for (int k = 0; k < sentences.size(); k++) {
            String sentence = sentences.get(k);
            String s = sentence.toLowerCase(Locale.ROOT);
            if (words.stream().noneMatch(s::contains)) {
                continue;
            }
            String period = period(s);
            c.period = period;
            c.from =
                    s.contains("einde") || s.contains("beëindig") || s.contains("opzegging") ? "end-of-contract" : null;
            c.display = StatementComposer.capitalise(sentence.strip().replaceAll("\\.$", ""));
            warn(
                    sentenceLines.get(k)[0],
                    "retention",
                    "'" + shorten(sentence.strip()) + "' read as " + period + " for '" + shorten(c.description) + "'"
                            + (c.from == null ? " from collection" : " from the end of the contract") + "; check it.");
            return;
        }
        running.applyTo(c, true, line, c.description);
    }

    /** A list cell: bullets (•), list items or separate lines become items; other text is one item. */
    private static List<String> items(String cell) {
        String text = cell.replaceAll("<p>", "\n").replaceAll("</?(ul|li|p)[^>]*>", "\n");
        String[] parts = text.contains("•") ? text.split("•|\n") : text.split("\n");
        List<String> out = new ArrayList<>();
        for (String part : parts) {
            String p = clean(part);
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    private static String listText(String cell) {
        return String.join(" ", items(cell));
    }

    private static String use(String purpose) {
        String p = purpose.toLowerCase(Locale.ROOT);
        if (p.contains("wettelijk")) {
            return "essential.legal_obligation";
        }
        if (p.contains("fraude")) {
            return "essential.fraud_detection";
        }
        if (p.contains("beveilig")) {
            return "essential.service.security";
        }
        if (p.contains("verbeter") || p.contains("trainen")) {
            return "essential.service.operations.improve";
        }
        if (p.contains("identific")) {
            return "essential.service.authentication";
        }
        if (p.contains("contact") || p.contains("op de hoogte")) {
            return "essential.service.notifications";
        }
        return "essential.service";
    }

    private static String inferBasis(List<String> purposes) {
        String all = String.join(" ", purposes).toLowerCase(Locale.ROOT);
        if (all.contains("overeenkomst") || all.contains("contract") || all.contains("dienstverlening")) {
            return "contract";
        }
        if (all.contains("wettelijk")) {
            return "legal-obligation";
        }
        return "legitimate-interests";
    }

    /** Retention periods stated in the running text. */
    private final class Running {
        String customerPeriod;
        String customerText;
        String generalText;
        final List<Category> extra = new ArrayList<>();

        /**
         * The running text's period for a category that states none of its own: the customer-data period where it
         * applies, else the statement's general words as text, else nothing (each guess or gap a warning).
         */
        void applyTo(Category c, boolean customerData, int line, String name) {
            if (customerData && customerPeriod != null) {
                c.period = customerPeriod;
                c.from = "end-of-contract";
                c.display = customerText;
            } else if (generalText != null) {
                c.display = generalText;
                warn(
                        line,
                        "retention",
                        "No retention period stated for '" + shorten(name) + "'; kept the statement's general words"
                                + " as text.");
            } else {
                warn(line, "retention", "No retention period stated for '" + shorten(name) + "'.");
            }
        }
    }

    private Running running(Table table) {
        Running r = new Running();
        for (int i = 0; i < lines.length; i++) {
            if (table.tableLines().contains(i)) {
                continue;
            }
            for (String sentence : lines[i].split("(?<=\\.)\\s+")) {
                String s = sentence.toLowerCase(Locale.ROOT);
                int line = i + 1;
                String period = period(s);
                if (s.contains("zo lang als nodig") && r.generalText == null) {
                    r.generalText = "Zo lang als nodig is voor het doel";
                }
                if (period == null) {
                    continue;
                }
                if (s.contains("klantgegevens") && s.contains("verwijderd")) {
                    r.customerPeriod = period;
                    r.customerText = sentence.strip().replaceAll("\\.$", "");
                    warn(
                            line,
                            "retention",
                            "'" + r.customerText + "' applied to the kinds of customer data, counted"
                                    + " from the end of the contract; check which categories it covers.");
                } else if (s.contains("fiscale") || s.contains("belasting")) {
                    Category c = new Category(categoryKey("fiscale administratie"), fiscalDescription(i));
                    c.dataCategories = List.of("user.financial");
                    c.subjects = List.of("customer");
                    c.purposes.add(new String[] {"Wettelijke fiscale bewaarplicht", "essential.legal_obligation"});
                    c.basis = "legal-obligation";
                    c.statute = s.contains("fiscale bewaarplicht") ? "wettelijke fiscale bewaarplicht" : null;
                    c.controller = "provider";
                    c.period = period;
                    c.from = "invoice-date";
                    c.display = period.substring(1, period.length() - 1) + " jaar";
                    r.extra.add(c);
                    warn(
                            line,
                            "retention",
                            "Fiscal records kept " + period + " (from the text); added as a category"
                                    + " counted from the invoice date.");
                } else if (s.contains("verplicht") && s.contains("bewaren")) {
                    Category c = new Category(categoryKey("wettelijke bewaarplicht"), sentence.strip());
                    c.dataCategories = List.of("user.name");
                    c.subjects = List.of("customer");
                    c.purposes.add(new String[] {sentence.strip(), "essential.legal_obligation"});
                    c.basis = "legal-obligation";
                    c.controller = "provider";
                    c.period = period;
                    c.from = "end-of-contract";
                    c.display = period.substring(1, period.length() - 1) + " jaar";
                    r.extra.add(c);
                    warn(
                            line,
                            "statute",
                            "'" + shorten(sentence.strip()) + "': a legal retention duty without the law named;"
                                    + " added as a category, add the statute and the data it covers.");
                }
            }
        }
        return r;
    }

    private String fiscalDescription(int line) {
        Matcher m = Pattern.compile("[Dd]aaronder valt bijvoorbeeld (.*?)\\.").matcher(lines[line]);
        if (m.find()) {
            String list = m.group(1).replaceFirst("^ons ", "").replace(" en onze ", " en ");
            return StatementComposer.capitalise(list);
        }
        return "Gegevens voor de wettelijke fiscale bewaarplicht";
    }

    // --- keys and vocabularies ---

    private String categoryKey(String text) {
        String ascii = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
        String[] words = ascii.replaceAll("[^a-z0-9]+", " ").trim().split(" ");
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < words.length && i < 4 && key.length() < 40; i++) {
            if (!words[i].isEmpty()) {
                key.append(key.length() == 0 ? "" : "-").append(words[i]);
            }
        }
        String base = key.length() == 0 ? "category" : key.toString();
        String unique = base;
        for (int n = 2; !keys.add(unique); n++) {
            unique = base + "-" + n;
        }
        return unique;
    }

    private String serviceKey(String name) {
        String known = SERVICE_KEYS.get(name.toLowerCase(Locale.ROOT));
        return categoryKey(known != null ? known : name);
    }

    private String englishService(String name) {
        String known = SERVICE_EN.get(name.toLowerCase(Locale.ROOT));
        if (known == null) {
            englishCopied = true;
            return name;
        }
        return known;
    }

    private List<String> categories(String text, int line) {
        String t = text.toLowerCase(Locale.ROOT);
        Set<String> found = new LinkedHashSet<>();
        for (String[] w : CATEGORY_WORDS) {
            if (t.contains(w[0])) {
                // "publiek IP-adres" is the public IP, not also a device address.
                if (w[1].equals("user.device.ip_address") && found.contains("telecom.public_ip")) {
                    continue;
                }
                if (w[1].equals("user.contact.address")
                        && (t.contains("ip-adres") || t.contains("mac-adres") || t.contains("e-mailadres"))
                        && !t.matches(".*(^|[^-a-z])adres.*")) {
                    continue;
                }
                found.add(w[1]);
            }
        }
        if (found.isEmpty()) {
            warn(
                    line,
                    "dataCategories",
                    "No data category recognised in '" + shorten(text) + "'; set to 'user'"
                            + " (personal data in general). Refine it.");
            return List.of("user");
        }
        return List.copyOf(found);
    }

    private List<String> subjects(String text, int line) {
        String t = text.toLowerCase(Locale.ROOT);
        Set<String> found = new LinkedHashSet<>();
        for (String[] w : SUBJECT_WORDS) {
            if (t.contains(w[0])) {
                found.add(w[1]);
            }
        }
        if (found.isEmpty()) {
            found.add("customer");
            warn(line, "subjects", "Whose data '" + shorten(text) + "' is was not recognised; set to customers.");
        }
        return List.copyOf(found);
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** Levenshtein distance, to read small slips such as "Oprachtgevende" for "Opdrachtgevende". */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }

    // --- the organisation, from the running text ---

    static final class Organisation {
        String legalName;
        String shortName;
        String kvk;
        List<String> kinds = new ArrayList<>();
        String market;
        String visitingAddress;
        String postalAddress;
        String phone;
        String hoursNl;
        String hoursEn;
        String privacyEmail;
        String generalEmail;
        String website;
        LocalDate lastUpdated;
        boolean idCopyAlways;
    }

    private Organisation organisation() {
        Organisation org = new Organisation();
        String text = source;
        String lower = text.toLowerCase(Locale.ROOT);
        Matcher email = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,24}")
                .matcher(text);
        while (email.find()) {
            String address = email.group();
            String line = lineAround(email.start()).toLowerCase(Locale.ROOT);
            if (org.privacyEmail == null && (line.contains("privacy") || address.startsWith("privacy@"))) {
                org.privacyEmail = address;
                if (line.contains("algemene vragen") && !line.contains("info@")) {
                    org.generalEmail = address;
                }
            } else if (org.generalEmail == null && (address.startsWith("info@") || line.contains("algemene vragen"))) {
                org.generalEmail = address;
            }
        }
        if (org.privacyEmail == null && org.generalEmail == null) {
            // Any address the statement gives is better than none: the person can write to it, and the warning asks
            // for the privacy address.
            Matcher any = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,24}")
                    .matcher(text);
            if (any.find()) {
                org.generalEmail = any.group();
                org.privacyEmail = any.group();
                warn(
                        lineOf(any.start()),
                        "organisation.privacyEmail",
                        "'" + any.group() + "' is the only e-mail address found; used for privacy questions too."
                                + " Check it.");
            }
        } else if (org.privacyEmail == null) {
            warn(0, "organisation.privacyEmail", "No e-mail address for privacy questions found.");
        }
        String domain = org.privacyEmail != null ? org.privacyEmail : org.generalEmail;
        if (domain != null) {
            String label = domain.substring(domain.indexOf('@') + 1).split("\\.")[0];
            Matcher name = Pattern.compile("\\b(" + Pattern.quote(label) + ")\\b", Pattern.CASE_INSENSITIVE)
                    .matcher(text);
            while (name.find()) {
                if (Character.isUpperCase(name.group(1).charAt(0))) {
                    org.legalName = name.group(1);
                    break;
                }
            }
        }
        Matcher postcode = Pattern.compile(
                        "\\b(\\d{4}) ?([A-Z]{2})\\b,? {1,3}([A-Z][A-Za-z'\\-]{0,40}(?: [A-Z][A-Za-z'\\-]{0,40}){0,4})")
                .matcher(text);
        while (postcode.find()) {
            String before = text.substring(text.lastIndexOf('\n', postcode.start() - 1) + 1, postcode.start());
            before = before.replaceFirst("^.*?:\\s*", "")
                    .replaceAll("[,\\s]+$", "")
                    .strip();
            if (before.isEmpty()) {
                String[] prior = text.substring(0, postcode.start()).strip().split("\n");
                before = prior[prior.length - 1].strip();
            }
            if (!before.matches(".*\\d+[a-zA-Z]?$")) {
                continue;
            }
            String address = before + ", " + postcode.group().replaceAll("[.,]$", "");
            if (org.visitingAddress == null) {
                org.visitingAddress = address;
                org.postalAddress = address;
            }
        }
        Matcher phone = Pattern.compile("(?<![\\d-])(0\\d{1,3}(?:\\s*[-–]\\s*|\\s)?\\d[\\d ]{5,9}\\d)(?![\\d-])")
                .matcher(text);
        while (phone.find()) {
            String digits = phone.group(1).replaceAll("\\D", "");
            if (digits.length() == 10) {
                org.phone = phone.group(1).strip();
                break;
            }
        }
        Matcher hours = Pattern.compile(
                        "(?i)((?:van )?maandag t/m vrijdag tussen (\\d{1,2})[.:](\\d{2}) en (\\d{1,2})[.:](\\d{2}) uur)")
                .matcher(text);
        if (hours.find()) {
            org.hoursNl = StatementComposer.capitalise(hours.group(1));
            org.hoursEn = "Monday to Friday between " + hours.group(2) + ":" + hours.group(3) + " and " + hours.group(4)
                    + ":" + hours.group(5);
        }
        Matcher date = Pattern.compile("(?i)bijgewerkt op (\\d{1,2}) ([a-z]+) (\\d{4})")
                .matcher(text);
        if (date.find()) {
            for (int m = 0; m < MONTHS.length; m++) {
                if (MONTHS[m].equalsIgnoreCase(date.group(2))) {
                    org.lastUpdated =
                            LocalDate.of(Integer.parseInt(date.group(3)), m + 1, Integer.parseInt(date.group(1)));
                }
            }
        }
        Matcher kvk = Pattern.compile("(?i)(kvk|kamer van koophandel)\\D{0,30}(\\d{8})")
                .matcher(text);
        if (kvk.find()) {
            org.kvk = kvk.group(2);
        }
        Matcher web =
                Pattern.compile("\\b(www\\.[a-z0-9.-]{1,253}\\.[a-z]{2,24})\\b").matcher(text);
        if (web.find()) {
            org.website = "https://" + web.group(1);
        }
        if (lower.contains("telecom") || lower.contains("telefonie")) {
            org.kinds.add("telecom");
        }
        if (lower.contains(" ict") || lower.contains(" it ") || lower.contains("systeembeheer")) {
            org.kinds.add("it");
        }
        if (lower.contains("alarm") || lower.contains("meldkamer")) {
            org.kinds.add("alarm");
        }
        boolean business = lower.contains("zakelijk");
        boolean consumer = lower.contains("particulier");
        org.market = business && consumer ? "both" : business ? "business" : consumer ? "consumer" : null;
        if (lower.contains("kopie van een geldig legitimatiebewijs")
                || lower.contains("kopie van uw legitimatiebewijs")) {
            org.idCopyAlways = true;
            warn(
                    0,
                    "rights.verification",
                    "The statement asks every requester for a copy of an identity document:"
                            + " recorded as id-copy-always, which the register check flags (AP fined this, DPG Media).");
        }
        if (org.legalName == null) {
            // A name with its legal form: "Voorbeeld Telecom B.V.", "Jansen & Zn. V.O.F.".
            Matcher named = Pattern.compile(
                            "\\b((?:[A-Z][\\p{L}0-9&'.-]*\\s){1,4})(B\\.V\\.|BV|N\\.V\\.|V\\.O\\.F\\.|VOF)(?=[\\s,.;)]|$)")
                    .matcher(text);
            if (named.find()) {
                org.legalName = (named.group(1) + named.group(2)).strip();
                warn(
                        lineOf(named.start()),
                        "organisation.legalName",
                        "The organisation's name read as '" + org.legalName + "'; check it.");
            }
        }
        if (org.legalName == null) {
            org.legalName = "Onbekend";
            warn(0, "organisation.legalName", "The organisation's name was not found; fill it in.");
        }
        for (String[] what : List.of(
                new String[] {"visitingAddress", org.visitingAddress},
                new String[] {"phone", org.phone},
                new String[] {"lastUpdated", org.lastUpdated == null ? null : "x"})) {
            if (what[1] == null) {
                warn(0, "organisation." + what[0], "Not found in the statement.");
            }
        }
        if (lower.contains("derde partijen")
                || lower.contains("(sub)verwerkers")
                || lower.contains("autoriteiten")
                || lower.contains("externe dienstverleners")) {
            warn(
                    0,
                    "recipients",
                    "The statement mentions processors or authorities without naming them and their"
                            + " country; add them under recipients.");
        }
        return org;
    }

    /** The line number (from 1) of a position in the text. */
    private int lineOf(int index) {
        int line = 1;
        for (int i = 0; i < index && i < source.length(); i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private String lineAround(int index) {
        int start = source.lastIndexOf('\n', index) + 1;
        int end = source.indexOf('\n', index);
        return source.substring(start, end < 0 ? source.length() : end);
    }

    // --- the draft's model ---

    record Service(String key, String nl, String en, List<Category> categories) {}

    static final class Category {
        final String key;
        final String description;
        List<String> dataCategories = List.of();
        List<String> subjects = List.of();
        final List<String[]> purposes = new ArrayList<>();
        String basis;
        String statute;
        String interest;
        String consentMechanism;
        String controller;
        boolean until;
        String period;
        String from;
        String display;

        Category(String key, String description) {
            this.key = key;
            this.description = description;
        }
    }
}
