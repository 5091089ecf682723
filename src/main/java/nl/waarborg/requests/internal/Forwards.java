package nl.waarborg.requests.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import nl.waarborg.mail.Letter;
import nl.waarborg.mail.Outbox;
import nl.waarborg.register.ClientOrganisation;
import nl.waarborg.register.ControllerRole;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.Register;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import nl.waarborg.requests.RequestsProperties;
import nl.waarborg.subjects.SubjectDirectory;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The provider as processor: when a verified request concerns data the provider keeps for a client organisation under
 * a category the client controls (the register's {@code controller: client}), the request goes to that client's privacy
 * contact with what is kept for it (categories and counts, and who is asking), the requester is told who the controller
 * of that part is, and the client's instruction is recorded when it comes. The provider answers for its own part.
 */
@Component
public class Forwards {

    private final SubjectDirectory directory;
    private final Registers registers;
    private final Outbox outbox;
    private final Letters letters;
    private final MessageSource messages;
    private final RequestsProperties properties;
    private final JdbcClient jdbc;
    private final Clock clock;

    Forwards(
            SubjectDirectory directory,
            Registers registers,
            Outbox outbox,
            Letters letters,
            MessageSource messages,
            RequestsProperties properties,
            JdbcClient jdbc,
            Clock clock) {
        this.directory = directory;
        this.registers = registers;
        this.outbox = outbox;
        this.letters = letters;
        this.messages = messages;
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One client's part of a request. */
    record Part(ClientOrganisation client, TreeSet<String> categories, long records) {}

    /** A forward as the request page shows it. */
    public record Forward(
            String clientKey,
            String clientName,
            String contact,
            List<String> categories,
            long records,
            Instant forwardedAt,
            String instruction,
            Instant instructedAt) {}

    /**
     * Forwards the request's client-controlled parts, in the transaction of its verification; each client once (a
     * verification repeated after a crash forwards nothing twice). Answers the parts forwarded.
     */
    List<Part> route(DataSubjectRequest r, String actor) {
        Register register = (r.registerVersion() == null
                        ? registers.current()
                        : registers.version(r.registerVersion()).or(registers::current))
                .map(RegisterVersion::register)
                .orElse(null);
        if (register == null || r.subjects().isEmpty()) {
            return List.of();
        }
        Map<String, Part> parts = new LinkedHashMap<>();
        TreeSet<String> unlinked = new TreeSet<>();
        for (UUID subject : r.subjects().stream().sorted().toList()) {
            for (SubjectDirectory.Held held : directory.held(subject, "request " + r.reference())) {
                DataCategory category = register.category(held.category()).orElse(null);
                if (category == null || category.controller() != ControllerRole.CLIENT) {
                    continue;
                }
                ClientOrganisation client = held.registerClient() == null
                        ? null
                        : register.clients().stream()
                                .filter(c -> c.key().equals(held.registerClient()))
                                .findFirst()
                                .orElse(null);
                if (client == null) {
                    unlinked.add(held.category());
                    continue;
                }
                Part part = parts.computeIfAbsent(client.key(), k -> new Part(client, new TreeSet<>(), 0));
                part.categories().add(held.category());
                parts.put(client.key(), new Part(client, part.categories(), part.records() + held.records()));
            }
        }
        Instant now = clock.instant();
        List<Part> forwarded = new ArrayList<>();
        for (Part part : parts.values()) {
            int stored = jdbc.sql("""
                            INSERT INTO request_forward (request_id, client_key, client_name, contact, categories,
                                                         records, forwarded_at)
                            VALUES (?, ?, ?, ?, ?::text[], ?, ?) ON CONFLICT DO NOTHING
                            """)
                    .params(
                            r.id(),
                            part.client().key(),
                            part.client().name(),
                            part.client().contact(),
                            part.categories().toArray(String[]::new),
                            part.records(),
                            Timestamp.from(now))
                    .update();
            if (stored == 1) {
                forwarded.add(part);
                r.forwarded(now, actor, part.client().name() + ": " + String.join(", ", part.categories()));
                toClient(r, part);
            }
        }
        if (!unlinked.isEmpty()) {
            r.note(
                    now,
                    actor,
                    "Data in " + String.join(", ", unlinked) + " is kept for a client organisation that is not linked"
                            + " to a client of the register: find out whose it is and whether to forward the request.");
        }
        if (!forwarded.isEmpty()) {
            letters.send(
                    r,
                    Letters.Kind.CONTROLLER_NOTICE,
                    forwarded.stream()
                            .map(p -> "- " + p.client().name()
                                    + (p.client().contact() == null
                                            ? ""
                                            : " (" + p.client().contact() + ")"))
                            .collect(Collectors.joining("\n")),
                    r.dueOn());
        }
        return forwarded;
    }

    /** The request as it goes to the client: who asks, what for, what is kept for the client. In the staff language. */
    private void toClient(DataSubjectRequest r, Part part) {
        Locale locale = Locale.forLanguageTag(properties.staffLanguage());
        String rights = r.intake().rights().stream()
                .map(t -> messages.getMessage("requests.right." + t, null, locale))
                .collect(Collectors.joining(", "));
        String who = String.join(
                ", ",
                java.util.stream.Stream.of(
                                r.intake().requesterName(),
                                r.intake().contactEmail(),
                                r.intake().contactPhone())
                        .filter(x -> x != null && !x.isBlank())
                        .toList());
        Object[] args = {
            r.reference(),
            rights,
            r.intake().receivedOn().toString(),
            r.dueOn().toString(),
            who,
            part.client().name(),
            String.join(", ", part.categories()),
            Long.toString(part.records())
        };
        outbox.queue(new Letter(
                "request:" + r.id() + ":forward:" + part.client().key(),
                Letters.reference(r),
                part.client().contact() != null && part.client().contact().contains("@")
                        ? part.client().contact()
                        : null,
                messages.getMessage("letter.forward.subject", args, locale),
                messages.getMessage("letter.forward.body", args, locale),
                locale.getLanguage()));
    }

    List<Forward> of(DataSubjectRequest r) {
        return jdbc.sql("SELECT * FROM request_forward WHERE request_id = ? ORDER BY forwarded_at, client_key")
                .param(r.id())
                .query((rs, i) -> new Forward(
                        rs.getString("client_key"),
                        rs.getString("client_name"),
                        rs.getString("contact"),
                        List.of((String[]) rs.getArray("categories").getArray()),
                        rs.getLong("records"),
                        rs.getTimestamp("forwarded_at").toInstant(),
                        rs.getString("instruction"),
                        rs.getTimestamp("instructed_at") == null
                                ? null
                                : rs.getTimestamp("instructed_at").toInstant()))
                .list();
    }

    /** Records the client's instruction on its forward; false when the request was not forwarded to that client. */
    boolean instruct(DataSubjectRequest r, String clientKey, String instruction, String actor) {
        return jdbc.sql("UPDATE request_forward SET instruction = ?, instructed_at = ?, instructed_by = ?"
                                + " WHERE request_id = ? AND client_key = ?")
                        .params(instruction, Timestamp.from(clock.instant()), actor, r.id(), clientKey)
                        .update()
                == 1;
    }
}
