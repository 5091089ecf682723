package nl.waarborg.requests.internal;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CSV files of an access package: one per category, a column per field (nested fields as {@code payload.email}),
 * so that a spreadsheet shows each item on its own line with its place, key and date beside the values.
 */
final class PackageCsv {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> FIXED = List.of("place", "location", "key", "timestamp", "shielded");

    private PackageCsv() {}

    static void write(List<AccessPackages.Entry> entries, Map<String, String> audioFiles, Writer out)
            throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>(FIXED);
        for (AccessPackages.Entry e : entries) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("place", e.store());
            row.put("location", e.item().location());
            row.put("key", e.item().key());
            row.put(
                    "timestamp",
                    e.item().timestamp() == null ? "" : e.item().timestamp().toString());
            flatten("", withAudio(e, audioFiles), row);
            // The flag has the fixed column; a field of the data that happens to be called so keeps its value apart.
            if (row.containsKey("shielded")) {
                row.put("data.shielded", row.remove("shielded"));
            }
            row.put("shielded", String.valueOf(e.shielded()));
            columns.addAll(row.keySet());
            rows.add(row);
        }
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().get())) {
            csv.printRecord(columns);
            for (Map<String, String> row : rows) {
                List<String> cells = new ArrayList<>(columns.size());
                for (String column : columns) {
                    cells.add(cell(row.getOrDefault(column, "")));
                }
                csv.printRecord(cells);
            }
        }
    }

    static void consultations(List<Consultations.Consultation> looked, Writer out) throws IOException {
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().get())) {
            csv.printRecord("day", "purpose", "times");
            for (Consultations.Consultation c : looked) {
                csv.printRecord(c.day().toString(), cell(c.purpose()), c.times());
            }
        }
    }

    static void consents(List<nl.waarborg.consent.ConsentLedger.Recorded> events, Writer out) throws IOException {
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().get())) {
            csv.printRecord(
                    "at",
                    "purpose",
                    "event",
                    "channel",
                    "wording_sha256",
                    "register_version",
                    "tcf_purposes",
                    "tcf_vendors");
            for (nl.waarborg.consent.ConsentLedger.Recorded e : events) {
                csv.printRecord(
                        e.at().toString(),
                        cell(e.purpose()),
                        e.event(),
                        e.channel(),
                        e.wordingSha256() == null ? "" : e.wordingSha256(),
                        e.registerVersion() == null ? "" : e.registerVersion(),
                        e.tcf() == null ? "" : ids(e.tcf().purposes()),
                        e.tcf() == null ? "" : ids(e.tcf().vendors()));
            }
        }
    }

    /** The disclosures to authorities the person may know of: who asked, on what basis, when, and what went. */
    static void disclosures(List<nl.waarborg.disclosures.Disclosure> told, Writer out) throws IOException {
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().get())) {
            csv.printRecord(
                    "authority",
                    "legal_basis",
                    "received_at",
                    "answered_at",
                    "categories",
                    "period_from",
                    "period_to",
                    "provided");
            for (nl.waarborg.disclosures.Disclosure d : told) {
                csv.printRecord(
                        cell(d.authority()),
                        d.legalBasis().name(),
                        d.receivedAt().toString(),
                        d.answeredAt() == null ? "" : d.answeredAt().toString(),
                        String.join(" ", d.categories()),
                        d.periodFrom() == null ? "" : d.periodFrom().toString(),
                        d.periodTo() == null ? "" : d.periodTo().toString(),
                        d.provided() == null ? "" : cell(d.provided()));
            }
        }
    }

    /** What went to which recipient, when: the recipients of the person's own data (Art. 15(1)(c)). */
    static void transfers(List<nl.waarborg.disclosures.Transfers.Transfer> sent, Writer out) throws IOException {
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().get())) {
            // via: API when the sending system reported it, PORTABILITY when sent at the person's own request.
            csv.printRecord("recipient", "categories", "sent_at", "via");
            for (nl.waarborg.disclosures.Transfers.Transfer t : sent) {
                csv.printRecord(
                        cell(t.recipientName()),
                        String.join(" ", t.categories()),
                        t.sentAt().toString(),
                        t.via());
            }
        }
    }

    private static String ids(List<Integer> ids) {
        return String.join(" ", ids.stream().map(String::valueOf).toList());
    }

    /** The item's data with a recording's download link replaced by the audio file in the package. */
    static Map<String, Object> withAudio(AccessPackages.Entry e, Map<String, String> audioFiles) {
        if (!e.data().containsKey("audio")) {
            return e.data();
        }
        Map<String, Object> data = new LinkedHashMap<>(e.data());
        data.remove("audio");
        data.put("audioFile", audioFiles.get(e.item().key()));
        return data;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> data, Map<String, String> row) {
        for (Map.Entry<String, Object> field : data.entrySet()) {
            String name = prefix + field.getKey();
            Object value = field.getValue();
            if (value instanceof Map<?, ?> nested) {
                flatten(name + ".", (Map<String, Object>) nested, row);
            } else if (value instanceof List<?> || value instanceof Object[]) {
                row.put(name, JSON.writeValueAsString(value));
            } else {
                row.put(name, value == null ? "" : value.toString());
            }
        }
    }

    /**
     * A cell a spreadsheet would run as a formula gets a leading apostrophe; a phone number ({@code +31…}) or a
     * masked one ({@code +31*****}) is data and stays as it is.
     */
    static String cell(String value) {
        return nl.waarborg.documents.Spreadsheets.safeCell(value);
    }
}
