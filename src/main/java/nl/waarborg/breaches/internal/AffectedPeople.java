package nl.waarborg.breaches.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.breaches.Breach;
import nl.waarborg.breaches.BreachException;
import nl.waarborg.breaches.Breaches;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.mail.Letter;
import nl.waarborg.mail.Outbox;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.Registers;
import nl.waarborg.subjects.Census;
import nl.waarborg.subjects.DataStores;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.Scope;
import nl.waarborg.subjects.SubjectDirectory;
import nl.waarborg.subjects.SubjectSummary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The people a breach concerns and the letters to them. The scope (the breach's register categories and a time window)
 * is counted in every place that holds those categories (the built-in store, the recordings, the traffic data, the
 * connected systems that can count) and the registered people are listed by id; the counts go into the breach's facts. The
 * letter, in plain words written by the privacy officer in Dutch and English, goes to each person with an e-mail
 * address through the outbox, one transaction per person with its mark: a run that dies halfway and runs again sends
 * each letter once. People without an address are counted for letters by post.
 */
@Component
public class AffectedPeople {

    static final int MAX_PEOPLE = 100_000;
    static final int MAX_LETTER = 20_000;

    private final Breaches breaches;
    private final SubjectDirectory directory;
    private final DataStores stores;
    private final Registers registers;
    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;

    AffectedPeople(
            Breaches breaches,
            SubjectDirectory directory,
            DataStores stores,
            Registers registers,
            JdbcClient jdbc,
            Outbox outbox,
            TransactionTemplate transactions,
            Clock clock) {
        this.breaches = breaches;
        this.directory = directory;
        this.stores = stores;
        this.registers = registers;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * What a scope found: in this window, and how many people the breach lists now over every window.
     *
     * @param unregistered people found only by an identifier no registered subject carries (a caller's number): they
     *     count, but cannot be written to
     * @param capped the window held more people than are listed at once ({@value #MAX_PEOPLE}); run narrower windows
     * @param places what each place counted, or why it did not
     */
    public record Found(
            long people, long records, long listed, long unregistered, boolean capped, List<Place> places) {}

    /** One place's count: {@code status} DONE, SKIPPED (with why) or FAILED (with why). */
    public record Place(String store, String status, long people, long records, String detail) {}

    /**
     * Counts the people and records of the breach's categories whose data was collected in the window (and, when
     * given, of one organisation and one service) in every place that holds them, or only in the named places, and
     * lists the registered people found; the counts become the breach's facts. Run again with another window, it adds
     * the people it finds.
     */
    public Found scope(
            String reference, Instant from, Instant to, UUID organisationId, String serviceKey, Set<String> places) {
        Breach b = open(reference);
        if (b.categories().isEmpty()) {
            throw new BreachException(
                    Kind.INVALID, "categories", "name the register categories the breach concerns first");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new BreachException(Kind.INVALID, "to", "to must lie after from: the window would be empty");
        }
        if (serviceKey != null && (serviceKey.length() > 100 || !serviceKey.matches("^[a-z0-9][a-z0-9-]*$"))) {
            throw new BreachException(Kind.INVALID, "serviceKey", "serviceKey is a service key of the register");
        }
        Set<String> named = places == null ? Set.of() : places;
        int i = 0;
        for (String place : named) {
            if (place == null || stores.store(place).isEmpty()) {
                throw new BreachException(
                        Kind.INVALID,
                        "places[" + i + "]",
                        "names no place that holds personal data: built-in, recordings, traffic or a connected system");
            }
            i++;
        }
        Set<DataCategory> rows = new HashSet<>();
        for (String key : b.categories()) {
            rows.add(registers.categories().stream()
                    .filter(c -> c.key().equals(key))
                    .findFirst()
                    .orElseThrow(() -> new BreachException(
                            Kind.CONFLICT,
                            "categories",
                            "the category " + key
                                    + " is no longer in the register in force: correct the breach's categories")));
        }
        Census c = stores.count(
                new Scope(rows, from, to, organisationId, serviceKey, named), "breach " + reference, MAX_PEOPLE);
        return transactions.execute(status -> {
            Instant now = clock.instant();
            for (UUID subject : c.subjects()) {
                jdbc.sql("""
                                INSERT INTO breach_person (breach_id, subject_id, found_at)
                                SELECT id, ?, ? FROM breach WHERE reference = ? ON CONFLICT DO NOTHING
                                """).params(subject, Timestamp.from(now), reference).update();
            }
            long listed = listed(reference);
            // Never below an estimate the officer gave, nor below the people listed from earlier windows.
            long peopleNow = Math.max(Math.max(c.people(), listed), b.peopleApprox() == null ? 0 : b.peopleApprox());
            long recordsNow = Math.max(c.records(), b.recordsApprox() == null ? 0 : b.recordsApprox());
            Breach after = breaches.update(
                    reference,
                    new Breaches.Facts(
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            (int) Math.min(Integer.MAX_VALUE, peopleNow),
                            (int) Math.min(Integer.MAX_VALUE, recordsNow),
                            null,
                            null,
                            null,
                            null,
                            null));
            List<Place> counted = c.places().stream()
                    .map(t -> new Place(t.store(), t.status().name(), t.people(), t.records(), t.detail()))
                    .toList();
            StringBuilder perPlace = new StringBuilder();
            counted.forEach(p -> perPlace.append("; ")
                    .append(p.store())
                    .append(": ")
                    .append(
                            "DONE".equals(p.status())
                                    ? p.people() + " people, " + p.records() + " records"
                                    : p.status()));
            breaches.history(
                    after,
                    "SCOPE",
                    c.people() + " people and " + c.records() + " records in the window " + (from == null ? "…" : from)
                            + " – " + (to == null ? "…" : to) + perPlace + "; " + listed + " listed");
            return new Found(c.people(), c.records(), listed, c.unregistered(), c.capped(), counted);
        });
    }

    private long listed(String reference) {
        return jdbc.sql(
                        "SELECT count(*) FROM breach_person p JOIN breach b ON b.id = p.breach_id WHERE b.reference = ?")
                .param(reference)
                .query(Long.class)
                .single();
    }

    /** The letter's text as the privacy officer wrote it, in both languages: what happened, what it means, what to do. */
    public record Text(String subjectNl, String bodyNl, String subjectEn, String bodyEn) {}

    /** What a round of letters did. */
    public record Sent(int emailed, int byPost, int before) {}

    /**
     * Sends the letter to everyone listed who has not had it: by e-mail where the person has an address, else counted
     * for post. Allowed once the decision says the people are told; records that they were.
     */
    public Sent tell(String reference, Text text) {
        Breach b = open(reference);
        if (!Boolean.TRUE.equals(b.notifyPeople())) {
            throw new BreachException(
                    Kind.CONFLICT, "notifyPeople", "the decision does not say the people are told: assess it first");
        }
        Text t = valid(text);
        List<UUID> waiting = jdbc.sql("""
                        SELECT p.subject_id FROM breach_person p JOIN breach b ON b.id = p.breach_id
                         WHERE b.reference = ? AND p.letter_queued_at IS NULL AND NOT p.by_post ORDER BY 1
                        """).param(reference).query(UUID.class).list();
        if (waiting.isEmpty()
                && jdbc.sql("SELECT count(*) FROM breach_person p JOIN breach b ON b.id = p.breach_id"
                                        + " WHERE b.reference = ?")
                                .param(reference)
                                .query(Long.class)
                                .single()
                        == 0) {
            throw new BreachException(
                    Kind.CONFLICT, "people", "no people are listed for this breach: run the scope first");
        }
        int emailed = 0;
        int byPost = 0;
        for (UUID subject : waiting) {
            Boolean mailed = transactions.execute(status -> letter(reference, subject, t));
            if (Boolean.TRUE.equals(mailed)) {
                emailed++;
            } else {
                byPost++;
            }
        }
        long before = jdbc.sql("""
                        SELECT count(*) FROM breach_person p JOIN breach b ON b.id = p.breach_id
                         WHERE b.reference = ? AND p.letter_queued_at IS NOT NULL
                        """).param(reference).query(Long.class).single() - emailed;
        long post = jdbc.sql("""
                        SELECT count(*) FROM breach_person p JOIN breach b ON b.id = p.breach_id
                         WHERE b.reference = ? AND p.by_post
                        """).param(reference).query(Long.class).single();
        // Decided from what is marked, so a round that died after its last letter still records it when run again;
        // people reached only by post are told outside Waarborg and recorded by hand.
        if (before + emailed > 0 && (emailed > 0 || b.peopleNotifiedAt() == null)) {
            breaches.peopleNotified(
                    reference,
                    null,
                    "e-mail to " + (before + emailed) + " people; " + post + " without an e-mail address, by post");
        }
        return new Sent(emailed, byPost, (int) before);
    }

    /** One person's letter and its mark, in one transaction; false when the person has no e-mail address. */
    private boolean letter(String reference, UUID subject, Text t) {
        Optional<SubjectSummary> person = directory.summary(subject, "breach " + reference + ": letter");
        Optional<String> email = person.map(SubjectSummary::identifiers)
                .flatMap(ids -> ids.stream()
                        .filter(i -> i.kind() == IdentifierKind.EMAIL)
                        .map(Identifier::value)
                        .findFirst());
        String language = person.map(SubjectSummary::language).orElse(null);
        if (email.isEmpty()) {
            jdbc.sql("""
                            UPDATE breach_person SET by_post = true
                             WHERE subject_id = ? AND breach_id = (SELECT id FROM breach WHERE reference = ?)
                            """).params(subject, reference).update();
            return false;
        }
        // In the person's language when it is known; otherwise Dutch first and the English under it, in one message.
        String key = "breach:" + reference + ":person:" + subject;
        outbox.queue(
                "en".equals(language)
                        ? new Letter(key, reference, email.get(), t.subjectEn(), t.bodyEn(), "en")
                        : "nl".equals(language)
                                ? new Letter(key, reference, email.get(), t.subjectNl(), t.bodyNl(), "nl")
                                : new Letter(
                                        key,
                                        reference,
                                        email.get(),
                                        t.subjectNl() + " / " + t.subjectEn(),
                                        t.bodyNl() + "\n\n----------\n\n" + t.bodyEn(),
                                        "nl"));
        jdbc.sql("""
                        UPDATE breach_person SET letter_queued_at = ?
                         WHERE subject_id = ? AND breach_id = (SELECT id FROM breach WHERE reference = ?)
                        """)
                .params(Timestamp.from(clock.instant()), subject, reference)
                .update();
        return true;
    }

    private Breach open(String reference) {
        Breach b = breaches.get(reference)
                .orElseThrow(() -> new BreachException(Kind.NOT_FOUND, "reference", "no breach with this reference"));
        if (b.state() == Breach.State.CLOSED) {
            throw new BreachException(Kind.CONFLICT, "state", "the breach is closed");
        }
        return b;
    }

    private static Text valid(Text t) {
        if (t == null) {
            throw new BreachException(
                    Kind.INVALID, "subjectNl", "the letter needs a subject and a text in both languages");
        }
        String[][] fields = {
            {"subjectNl", t.subjectNl()}, {"bodyNl", t.bodyNl()}, {"subjectEn", t.subjectEn()}, {"bodyEn", t.bodyEn()}
        };
        for (String[] f : fields) {
            if (f[1] == null || f[1].isBlank()) {
                throw new BreachException(
                        Kind.INVALID, f[0], f[0] + " is required: the letter goes in Dutch and English");
            }
            if (f[1].length() > MAX_LETTER
                    || f[1].indexOf('\0') >= 0
                    || (f[0].startsWith("subject") && f[1].length() > 200)) {
                throw new BreachException(Kind.INVALID, f[0], f[0] + " is too long or has a NUL character");
            }
            if (f[0].startsWith("subject") && (f[1].contains("\r") || f[1].contains("\n"))) {
                throw new BreachException(Kind.INVALID, f[0], f[0] + " is one line");
            }
        }
        return new Text(
                t.subjectNl().strip(),
                t.bodyNl().strip(),
                t.subjectEn().strip(),
                t.bodyEn().strip());
    }
}
