package nl.waarborg.connectors.internal;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One system's connector, from {@code waarborg.connectors.<name>.*} (see docs/connectors.md).
 *
 * @param type {@code sql}, {@code http} or {@code manual}
 * @param url JDBC URL (sql)
 * @param tables table mappings by name (sql)
 * @param baseUrl address below which {@code /find}, {@code /export}, {@code /erase}, {@code /expire} live (http)
 * @param token bearer token sent to the system (http)
 * @param timeout per attempt (http)
 * @param maxAttempts attempts per call including the first (http)
 * @param backoff wait before the second attempt, doubled for every further one (http)
 * @param erase for http: {@code delete} or {@code anonymise}, passed on as the erase mode
 * @param due time staff have for a task (manual)
 * @param categories the data categories the system holds (manual, http): expiry only goes to systems holding it
 */
record ConnectorSettings(
        String type,
        String description,
        String url,
        String username,
        String password,
        Map<String, SqlTable> tables,
        URI baseUrl,
        String token,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("500ms") Duration backoff,
        @DefaultValue("delete") String erase,
        @DefaultValue("7d") Duration due,
        List<String> categories) {

    ConnectorSettings {
        tables = tables == null ? Map.of() : Map.copyOf(tables);
        categories = categories == null ? List.of() : List.copyOf(categories);
    }

    /**
     * A table of an external database and what it holds.
     *
     * @param table the table (optionally schema-qualified)
     * @param category data-category key of the register, e.g. {@code billing} or {@code support-ticket}
     * @param identity identifier kind ({@code phone}, {@code email}, ...) to the column holding it, normalised
     * @param key the column that identifies a row, reported as the record's key
     * @param timestamp the column retention counts from
     * @param erase {@code delete} the rows, or {@code anonymise} them with {@link #anonymise}
     * @param anonymise column to the value it gets when anonymised ({@code null} for SQL NULL)
     * @param columns the columns an export returns (all when empty)
     */
    record SqlTable(
            String table,
            String category,
            Map<String, String> identity,
            String key,
            String timestamp,
            @DefaultValue("delete") String erase,
            Map<String, String> anonymise,
            List<String> columns) {

        SqlTable {
            identity = identity == null ? Map.of() : Map.copyOf(identity);
            anonymise = anonymise == null ? Map.of() : Map.copyOf(anonymise);
            columns = columns == null ? List.of() : List.copyOf(columns);
        }
    }
}
