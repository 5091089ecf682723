package nl.waarborg.traffic.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The texts a PBX repeats on every call (dial-plan context, disposition), stored once in {@code traffic_label} and
 * referenced by number; and the format of each import by its number. Both only grow and never change, so they are
 * cached for the life of the process.
 */
@Component
class TrafficLabels {

    private final JdbcClient jdbc;
    private final Map<String, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, String> labels = new ConcurrentHashMap<>();
    private final Map<Integer, String> formats = new ConcurrentHashMap<>();

    TrafficLabels(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The label's number, stored (and committed on its own) the first time it is seen. */
    Integer id(String label) {
        if (label == null) {
            return null;
        }
        Integer id = ids.get(label);
        if (id != null) {
            return id;
        }
        // Empty only when another import added the same label at the same moment: then it is there the next time.
        for (int attempt = 0; id == null && attempt < 3; attempt++) {
            id = jdbc.sql("""
                            WITH added AS (INSERT INTO traffic_label (label) VALUES (?) ON CONFLICT (label) DO NOTHING
                                           RETURNING id)
                            SELECT id FROM added UNION ALL SELECT id FROM traffic_label WHERE label = ?
                            """).params(label, label).query(Integer.class).list().stream()
                    .findFirst()
                    .orElse(null);
        }
        if (id == null) {
            throw new IllegalStateException("a traffic label could not be stored");
        }
        ids.put(label, id);
        labels.put(id, label);
        return id;
    }

    // Looked up outside the maps' own locks (no computeIfAbsent): a query may wait, and two threads asking for the
    // same id at once both get the same answer.
    String label(Integer id) {
        if (id == null) {
            return null;
        }
        String label = labels.get(id);
        if (label == null) {
            label = jdbc.sql("SELECT label FROM traffic_label WHERE id = ?")
                    .param(id)
                    .query(String.class)
                    .single();
            labels.put(id, label);
        }
        return label;
    }

    /** The format of the import with this number, as the call's source. */
    String format(int importNo) {
        String format = formats.get(importNo);
        if (format == null) {
            format = jdbc.sql("SELECT format FROM traffic_import WHERE no = ?")
                    .param(importNo)
                    .query(String.class)
                    .optional()
                    .orElse(null);
            if (format != null) {
                formats.put(importNo, format);
            }
        }
        return format;
    }
}
