package nl.waarborg.documents;

import java.util.List;

/**
 * A sheet of text cells: the shared shape of the CSV and XLSX exports and the console views.
 *
 * @param preamble lines above the table, for example who the controller is
 */
public record Table(String name, List<String> preamble, List<String> header, List<List<String>> rows) {

    public Table {
        preamble = List.copyOf(preamble);
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
    }
}
