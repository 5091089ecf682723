package nl.waarborg.requests.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.audit.CurrentActor;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.Recipient;
import nl.waarborg.register.RecipientKind;
import nl.waarborg.register.Register;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import nl.waarborg.requests.RequestType;
import nl.waarborg.requests.RequestsException;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.DataStores;
import nl.waarborg.subjects.StoreResult;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Art. 19 GDPR: after a rectification, erasure or restriction, every recipient the person's data went to is told,
 * and the person learns who they are. The recipients come from the register: the rows of the data the person has, and
 * the recipients those rows name. Authorities are left out here: what went to them is a disclosure on a lawful demand,
 * which the disclosures log (issue 16) records. Each notice is tracked until staff record that it was made.
 */
@Component
public class RecipientNotices {

    private final JdbcClient jdbc;
    private final DataStores stores;
    private final Registers registers;
    private final CurrentActor actor;
    private final Clock clock;

    private final nl.waarborg.disclosures.Transfers transfers;

    RecipientNotices(
            JdbcClient jdbc,
            DataStores stores,
            Registers registers,
            CurrentActor actor,
            nl.waarborg.disclosures.Transfers transfers,
            Clock clock) {
        this.transfers = transfers;
        this.jdbc = jdbc;
        this.stores = stores;
        this.registers = registers;
        this.actor = actor;
        this.clock = clock;
    }

    /** @param privacyContact where the register says the recipient's privacy matters go, or null when it does not */
    public record Notice(
            UUID id,
            String recipientKey,
            String recipientName,
            RequestType right,
            List<String> categories,
            Instant toldAt,
            String how,
            String privacyContact) {}

    /**
     * The register rows of what the holders have in Waarborg's own places (asked before anything is erased), and of
     * what the sending systems reported sent to a recipient for them: that recipient is told even when Waarborg itself
     * keeps none of it.
     */
    Set<String> rowsHeld(List<DataHolder> holders, String purpose) {
        Set<String> rows = new LinkedHashSet<>();
        Register register = registers.current().map(RegisterVersion::register).orElse(null);
        if (register == null) {
            return rows;
        }
        for (DataHolder h : holders) {
            if (h.registered()) {
                transfers.of(h.subjectId(), purpose).forEach(t -> rows.addAll(t.categories()));
            }
            for (StoreResult found : stores.find(h, DataStores.OWN, purpose)) {
                for (StoreResult.Holding holding : found.holdings()) {
                    AccessOverview.rowsFor(register, holding.category()).forEach(c -> rows.add(c.key()));
                }
            }
        }
        return rows;
    }

    /** Plans a notice to every recipient of these rows; answers the recipients' names (for the person). */
    List<String> plan(DataSubjectRequest r, RequestType right, Set<String> rows) {
        Register register = registers.current().map(RegisterVersion::register).orElse(null);
        if (register == null) {
            return List.of();
        }
        Map<String, Set<String>> byRecipient = new LinkedHashMap<>();
        for (String key : rows) {
            DataCategory row = register.category(key).orElse(null);
            if (row == null) {
                continue;
            }
            for (String recipient : row.recipients()) {
                byRecipient
                        .computeIfAbsent(recipient, k -> new LinkedHashSet<>())
                        .add(key);
            }
        }
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : byRecipient.entrySet()) {
            Recipient recipient = register.recipient(e.getKey()).orElse(null);
            if (recipient != null && recipient.kind() == RecipientKind.AUTHORITY) {
                continue;
            }
            String name = recipient == null ? e.getKey() : recipient.name();
            names.add(name);
            jdbc.sql("""
                            INSERT INTO request_recipient_notice (id, request_id, recipient_key, recipient_name,
                                                                  right_type, categories, created_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (request_id, recipient_key, right_type) DO NOTHING
                            """)
                    .params(
                            UUID.randomUUID(),
                            r.id(),
                            e.getKey(),
                            name,
                            right.name(),
                            e.getValue().toArray(String[]::new),
                            Timestamp.from(clock.instant()))
                    .update();
        }
        return names;
    }

    /** The paragraph of an answer that names the recipients told (Art. 19, second sentence); empty for none. */
    static String line(
            List<String> names, org.springframework.context.MessageSource messages, java.util.Locale locale) {
        return names.isEmpty()
                ? ""
                : "\n\n" + messages.getMessage("recipients.told", new Object[] {String.join(", ", names)}, locale);
    }

    public List<Notice> of(UUID requestId) {
        Register register = registers.current().map(RegisterVersion::register).orElse(null);
        return jdbc.sql("""
                        SELECT id, recipient_key, recipient_name, right_type, categories, told_at, how
                          FROM request_recipient_notice WHERE request_id = ? ORDER BY created_at, recipient_name
                        """)
                .param(requestId)
                .query((rs, i) -> new Notice(
                        rs.getObject("id", UUID.class),
                        rs.getString("recipient_key"),
                        rs.getString("recipient_name"),
                        RequestType.valueOf(rs.getString("right_type")),
                        List.of((String[]) rs.getArray("categories").getArray()),
                        rs.getTimestamp("told_at") == null
                                ? null
                                : rs.getTimestamp("told_at").toInstant(),
                        rs.getString("how"),
                        register == null
                                ? null
                                : register.recipient(rs.getString("recipient_key"))
                                        .map(Recipient::privacyContact)
                                        .orElse(null)))
                .list();
    }

    /** Staff record that the recipient was told, and how (e-mail to its privacy contact, a ticket in its portal). */
    public Notice told(UUID requestId, UUID id, String how) {
        if (how == null || how.isBlank() || how.length() > 1000 || how.indexOf('\0') >= 0) {
            throw new RequestsException(
                    Kind.INVALID, "how", "say how the recipient was told (at most 1000 characters)");
        }
        int n = jdbc.sql("UPDATE request_recipient_notice SET told_at = ?, told_by = ?, how = ?"
                        + " WHERE id = ? AND request_id = ? AND told_at IS NULL")
                .params(Timestamp.from(clock.instant()), actor.current().reference(), how.strip(), id, requestId)
                .update();
        if (n == 0) {
            boolean exists = jdbc.sql("SELECT EXISTS (SELECT 1 FROM request_recipient_notice WHERE id = ?"
                            + " AND request_id = ?)")
                    .params(id, requestId)
                    .query(Boolean.class)
                    .single();
            if (!exists) {
                throw new RequestsException(Kind.NOT_FOUND, "id", "this request has no such notice");
            }
        }
        return of(requestId).stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
    }
}
