package nl.waarborg.requests.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.audit.CurrentActor;
import nl.waarborg.disclosures.Transfers;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.mail.Letter;
import nl.waarborg.mail.MailMessage;
import nl.waarborg.mail.Outbox;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.Recipient;
import nl.waarborg.register.RecipientKind;
import nl.waarborg.register.Register;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import nl.waarborg.requests.RequestType;
import nl.waarborg.requests.RequestsException;
import nl.waarborg.requests.RequestsProperties;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.DataStores;
import nl.waarborg.subjects.StoreResult;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Art. 19 GDPR: after a rectification, erasure or restriction, every recipient the person's data went to is told,
 * and the person learns who they are. The recipients come from the register: the rows of the data the person has, and
 * the recipients those rows name. Authorities are left out here: what went to them is a disclosure on a lawful demand,
 * which the disclosures log (issue 16) records. A recipient whose privacy contact is an e-mail address is mailed, in
 * the transaction of the step carried out; the others are told by staff, who record how.
 */
@Component
public class RecipientNotices {

    private final JdbcClient jdbc;
    private final DataStores stores;
    private final Registers registers;
    private final CurrentActor actor;
    private final Clock clock;

    private final Transfers transfers;
    private final Outbox outbox;
    private final MessageSource messages;
    private final RequestsProperties properties;
    private final org.springframework.transaction.support.TransactionTemplate tx;

    /** The most transfer references a notice keeps and names, newest first: enough to find the person by. */
    static final int MAX_REFERENCES = 50;

    RecipientNotices(
            JdbcClient jdbc,
            DataStores stores,
            Registers registers,
            CurrentActor actor,
            Transfers transfers,
            Outbox outbox,
            MessageSource messages,
            RequestsProperties properties,
            org.springframework.transaction.PlatformTransactionManager transactions,
            Clock clock) {
        this.tx = new org.springframework.transaction.support.TransactionTemplate(transactions);
        this.transfers = transfers;
        this.outbox = outbox;
        this.messages = messages;
        this.properties = properties;
        this.jdbc = jdbc;
        this.stores = stores;
        this.registers = registers;
        this.actor = actor;
        this.clock = clock;
    }

    /**
     * @param privacyContact where the register says the recipient's privacy matters go, or null when it does not
     * @param mailId the outbox message that tells the recipient, or null when it is not mailed (no e-mail address, or
     *     the step not yet carried out)
     * @param mailState that message's state ({@code PENDING}, {@code SENT}, {@code FAILED}, …), or null
     * @param mailedAt when the message was sent, or null
     */
    public record Notice(
            UUID id,
            String recipientKey,
            String recipientName,
            RequestType right,
            List<String> categories,
            Instant toldAt,
            String how,
            String privacyContact,
            UUID mailId,
            String mailState,
            Instant mailedAt) {}

    /**
     * What the holders have that recipients may have received: register rows, and per recipient the references under
     * which the sending systems reported sending it (newest first, at most {@link #MAX_REFERENCES}).
     */
    record Held(Set<String> rows, Map<String, List<String>> references) {

        /** The same references, for these rows only (a correction or restriction of some categories). */
        Held only(Set<String> keys) {
            return new Held(new LinkedHashSet<>(keys), references);
        }
    }

    /**
     * The register rows of what the holders have in Waarborg's own places (asked before anything is erased), and of
     * what the sending systems reported sent to a recipient for them: that recipient is told even when Waarborg itself
     * keeps none of it.
     */
    Held held(List<DataHolder> holders, String purpose) {
        Set<String> rows = new LinkedHashSet<>();
        Map<String, List<String>> references = new LinkedHashMap<>();
        Register register = registers.current().map(RegisterVersion::register).orElse(null);
        if (register == null) {
            return new Held(rows, references);
        }
        List<Transfers.Transfer> sent = new ArrayList<>();
        for (DataHolder h : holders) {
            if (h.registered()) {
                sent.addAll(transfers.of(h.subjectId(), purpose));
            }
            for (StoreResult found : stores.find(h, DataStores.OWN, purpose)) {
                for (StoreResult.Holding holding : found.holdings()) {
                    AccessOverview.rowsFor(register, holding.category()).forEach(c -> rows.add(c.key()));
                }
            }
        }
        sent.sort(Comparator.comparing(Transfers.Transfer::sentAt).reversed());
        for (Transfers.Transfer t : sent) {
            rows.addAll(t.categories());
            List<String> refs = references.computeIfAbsent(t.recipientKey(), k -> new ArrayList<>());
            if (refs.size() < MAX_REFERENCES && !refs.contains(t.reference())) {
                refs.add(t.reference());
            }
        }
        return new Held(rows, references);
    }

    /**
     * Plans a notice to every recipient of these rows; answers the recipients' names (for the person). Planned again
     * (a step repeated), a notice not yet made takes in what is new; once made, what is new becomes a notice of its
     * own and what was told is not told twice.
     */
    List<String> plan(DataSubjectRequest r, RequestType right, Held held) {
        Set<String> rows = held.rows();
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
            planOne(r, right, e.getKey(), name, e.getValue(), held.references().getOrDefault(e.getKey(), List.of()));
        }
        return names;
    }

    private record Planned(UUID id, int round, List<String> categories, List<String> refs, boolean made) {}

    /**
     * One recipient's notice, planned while the request's row is locked: a step carried out at the same moment (which
     * updates that row and mails in its transaction) is either wholly before or wholly after, so nothing new is
     * merged into a notice that was just mailed.
     */
    private void planOne(
            DataSubjectRequest r, RequestType right, String key, String name, Set<String> rows, List<String> refs) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("SELECT id FROM request WHERE id = ? FOR UPDATE")
                    .param(r.id())
                    .query(UUID.class)
                    .list();
            List<Planned> before = jdbc.sql("""
                            SELECT id, round, categories, transfer_refs,
                                   told_at IS NOT NULL OR mail_id IS NOT NULL AS made
                              FROM request_recipient_notice
                             WHERE request_id = ? AND recipient_key = ? AND right_type = ? ORDER BY round
                            """)
                    .params(r.id(), key, right.name())
                    .query((rs, i) -> new Planned(
                            rs.getObject("id", UUID.class),
                            rs.getInt("round"),
                            List.of((String[]) rs.getArray("categories").getArray()),
                            List.of((String[]) rs.getArray("transfer_refs").getArray()),
                            rs.getBoolean("made")))
                    .list();
            // References found before (an erasure removes the transfers it read them from) are never lost.
            Set<String> known = new LinkedHashSet<>(refs);
            before.forEach(p -> known.addAll(p.refs()));
            String[] references = known.stream().limit(MAX_REFERENCES).toArray(String[]::new);
            Planned last = before.isEmpty() ? null : before.get(before.size() - 1);
            if (last != null && !last.made()) {
                Set<String> merged = new java.util.TreeSet<>(last.categories());
                merged.addAll(rows);
                jdbc.sql("UPDATE request_recipient_notice SET categories = ?, transfer_refs = ? WHERE id = ?")
                        .params(merged.toArray(String[]::new), references, last.id())
                        .update();
                return;
            }
            Set<String> fresh = new java.util.TreeSet<>(rows);
            before.forEach(p -> fresh.removeAll(p.categories()));
            if (fresh.isEmpty()) {
                return;
            }
            jdbc.sql("""
                            INSERT INTO request_recipient_notice (id, request_id, recipient_key, recipient_name,
                                                                  right_type, categories, transfer_refs, round,
                                                                  created_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """)
                    .params(
                            UUID.randomUUID(),
                            r.id(),
                            key,
                            name,
                            right.name(),
                            fresh.toArray(String[]::new),
                            references,
                            last == null ? 1 : last.round() + 1,
                            Timestamp.from(clock.instant()))
                    .update();
        });
    }

    private record Unmailed(
            UUID id, String key, RequestType right, int round, List<String> categories, List<String> refs) {}

    /**
     * Queues, in the transaction of the step carried out, a mail for every notice of the request that is neither
     * mailed nor told and whose recipient's privacy contact is an e-mail address. The mail names the person only by
     * the transfer references the recipient knows: the outbox keeps what it sent.
     */
    void mail(DataSubjectRequest r, RequestType step) {
        Register register = registers.current().map(RegisterVersion::register).orElse(null);
        Set<RequestType> rights = told(step);
        if (register == null || rights.isEmpty()) {
            return;
        }
        Locale locale = Locale.forLanguageTag(properties.staffLanguage());
        List<Unmailed> due = notices(
                "mail_id IS NULL AND told_at IS NULL AND right_type = ANY (?::text[])",
                r.id(),
                rights.stream().map(Enum::name).toArray(String[]::new));
        for (Unmailed n : due) {
            String address = address(register, n);
            if (address == null) {
                continue;
            }
            MailMessage sent = outbox.queue(letter(
                    r,
                    n,
                    address,
                    register,
                    locale,
                    "art19:" + n.key() + ":" + n.right() + ":" + n.round(),
                    "letter.art19"));
            jdbc.sql("UPDATE request_recipient_notice SET mail_id = ? WHERE id = ?")
                    .params(sent.id(), n.id())
                    .update();
        }
    }

    /**
     * Tells, in the transaction that lifts the request's restriction, every recipient told of it (by mail or by staff)
     * that it is lifted, by e-mail where the register gives an address: they were asked to hold the data until told
     * otherwise. One message per recipient and lift; a recipient without an address is told by staff.
     */
    void mailLifted(DataSubjectRequest r) {
        Register register = registers.current().map(RegisterVersion::register).orElse(null);
        if (register == null) {
            return;
        }
        Locale locale = Locale.forLanguageTag(properties.staffLanguage());
        long lift = jdbc.sql("SELECT count(*) FROM processing_block WHERE request_id = ? AND kind = 'RESTRICTION'"
                        + " AND lifted_at IS NOT NULL")
                .param(r.id())
                .query(Long.class)
                .single();
        // One message per recipient, for what all its rounds named; only recipients that were told of the restriction.
        Map<String, Unmailed> byRecipient = new LinkedHashMap<>();
        for (Unmailed n :
                notices("right_type = 'RESTRICTION' AND (mail_id IS NOT NULL OR told_at IS NOT NULL)", r.id())) {
            byRecipient.merge(
                    n.key(),
                    n,
                    (a, b) -> new Unmailed(
                            a.id(),
                            a.key(),
                            a.right(),
                            a.round(),
                            union(a.categories(), b.categories()),
                            union(a.refs(), b.refs())));
        }
        for (Unmailed n : byRecipient.values()) {
            String address = address(register, n);
            if (address != null) {
                outbox.queue(letter(
                        r,
                        n,
                        address,
                        register,
                        locale,
                        "art19-lifted:" + n.key() + ":" + lift,
                        "letter.art19.lifted"));
            }
        }
    }

    private static List<String> union(List<String> a, List<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private List<Unmailed> notices(String condition, Object... params) {
        return jdbc.sql("SELECT id, recipient_key, right_type, round, categories, transfer_refs"
                        + " FROM request_recipient_notice WHERE request_id = ? AND " + condition
                        + " ORDER BY created_at, recipient_key, round FOR UPDATE")
                .params(params)
                .query((rs, i) -> new Unmailed(
                        rs.getObject("id", UUID.class),
                        rs.getString("recipient_key"),
                        RequestType.valueOf(rs.getString("right_type")),
                        rs.getInt("round"),
                        List.of((String[]) rs.getArray("categories").getArray()),
                        List.of((String[]) rs.getArray("transfer_refs").getArray())))
                .list();
    }

    private static String address(Register register, Unmailed n) {
        return register.recipient(n.key())
                .map(Recipient::privacyContact)
                .filter(RecipientNotices::isAddress)
                .map(String::strip)
                .orElse(null);
    }

    /**
     * The notices a step carried out makes true: an erasure's (and the restriction of what it had to keep), a
     * correction's (and a restriction while its accuracy is checked), a restriction's. Any other step tells nobody.
     */
    static Set<RequestType> told(RequestType step) {
        return switch (step) {
            case ERASURE -> Set.of(RequestType.ERASURE, RequestType.RESTRICTION);
            case RECTIFICATION -> Set.of(RequestType.RECTIFICATION, RequestType.RESTRICTION);
            case RESTRICTION -> Set.of(RequestType.RESTRICTION);
            default -> Set.of();
        };
    }

    /** @param texts the message keys' stem: {@code <texts>.subject} and {@code <texts>.body} */
    private Letter letter(
            DataSubjectRequest r,
            Unmailed n,
            String address,
            Register register,
            Locale locale,
            String letterKey,
            String texts) {
        String right = messages.getMessage("letter.art19.right." + n.right(), null, locale);
        String categories = n.categories().stream()
                .map(key -> "- "
                        + register.category(key)
                                .map(c -> c.description().in(locale))
                                .orElse(key))
                .collect(java.util.stream.Collectors.joining("\n"));
        String identify = n.refs().isEmpty()
                ? messages.getMessage("letter.art19.noRefs", null, locale)
                : messages.getMessage("letter.art19.refs", new Object[] {String.join(", ", n.refs())}, locale);
        Object[] args = {
            r.reference(),
            right,
            categories,
            identify,
            messages.getMessage("letter.art19.do." + n.right(), null, locale)
        };
        return new Letter(
                "request:" + r.id() + ":" + letterKey,
                Letters.reference(r),
                address,
                messages.getMessage(texts + ".subject", args, locale),
                messages.getMessage(texts + ".body", args, locale),
                locale.getLanguage());
    }

    /** A privacy contact may be a web form: only a strict e-mail address is mailed, the rest is told by staff. */
    public static boolean isAddress(String contact) {
        if (contact == null || contact.isBlank() || !contact.contains("@")) {
            return false;
        }
        // RFC 5321's limits: a longer address parses, but no mail server takes it.
        String address = contact.strip();
        if (address.length() > 254 || address.lastIndexOf('@') > 64) {
            return false;
        }
        try {
            new jakarta.mail.internet.InternetAddress(address, true).validate();
            return true;
        } catch (jakarta.mail.internet.AddressException e) {
            return false;
        }
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
                        SELECT id, recipient_key, recipient_name, right_type, categories, told_at, how, mail_id
                          FROM request_recipient_notice WHERE request_id = ?
                         ORDER BY created_at, recipient_name, round
                        """)
                .param(requestId)
                .query((rs, i) -> notice(rs, register))
                .list();
    }

    private Notice notice(java.sql.ResultSet rs, Register register) throws java.sql.SQLException {
        UUID mailId = rs.getObject("mail_id", UUID.class);
        MailMessage mail = mailId == null ? null : outbox.get(mailId).orElse(null);
        return new Notice(
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
                                .orElse(null),
                mailId,
                mail == null ? null : mail.state().name(),
                mail == null ? null : mail.sentAt());
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
