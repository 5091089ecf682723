package nl.waarborg.security;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.waarborg.audit.Actor;
import nl.waarborg.audit.ActorNames;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Staff usernames and token names for the audit pages, one query per actor type shown. */
@Component
class AuditActorNames implements ActorNames {

    private final JdbcClient jdbc;

    AuditActorNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, String> names(Actor.ActorType type, Collection<String> ids) {
        String table = switch (type) {
            case STAFF -> "SELECT id, username AS name FROM staff_account WHERE id = ANY(?)";
            case API_TOKEN -> "SELECT id, name FROM api_token WHERE id = ANY(?)";
            default -> null;
        };
        List<UUID> uuids =
                ids.stream().map(AuditActorNames::uuid).filter(u -> u != null).toList();
        if (table == null || uuids.isEmpty()) {
            return Map.of();
        }
        Map<String, String> names = new HashMap<>();
        jdbc.sql(table)
                .param(uuids.toArray(UUID[]::new))
                .query((rs, n) -> names.put(rs.getString("id"), rs.getString("name")))
                .list();
        return names;
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null; // a system job's name or "-"
        }
    }
}
