package nl.waarborg.requests.internal;

import java.sql.Timestamp;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.waarborg.mail.InboundMail;
import nl.waarborg.mail.Outbox;
import nl.waarborg.requests.RequestType;
import nl.waarborg.requests.RequestsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Requests by e-mail. A message that answers one of Waarborg's letters (its In-Reply-To or References name the
 * letter's Message-ID), or whose subject names the reference of a request from the same address, is attached to that
 * request; any other message becomes a new request, received when it reached the mailbox. The message is kept as
 * evidence. The rights asked for are read from the words used; when none is recognised the request asks for access
 * and the history says staff must check.
 */
@Component
class EmailIntake implements InboundMail.Handler {

    private static final Logger log = LoggerFactory.getLogger(EmailIntake.class);
    private static final Pattern OUR_LETTER = Pattern.compile("^<([0-9a-f-]{36})@waarborg>$");
    private static final Pattern REFERENCE = Pattern.compile("\\b(20[0-9]{2}-[0-9]{4,9})\\b");
    private static final int MAX_DESCRIPTION = 10_000;

    /** Words that name a right, in Dutch and English, lower case. */
    private static final Map<RequestType, List<String>> WORDS = Map.of(
            RequestType.ACCESS,
                    List.of("inzage", "inzien", "welke gegevens", "access", "copy of my data", "subject access"),
            RequestType.RECTIFICATION, List.of("correctie", "corrigeren", "verbeter", "rectif", "correct my"),
            RequestType.ERASURE, List.of("verwijder", "wissen", "vergeten", "erase", "erasure", "delete", "forgotten"),
            RequestType.RESTRICTION, List.of("beperk", "restrict"),
            RequestType.OBJECTION, List.of("bezwaar", "object to", "objection"),
            RequestType.PORTABILITY, List.of("overdraagbaar", "overdracht", "meenemen", "portab"),
            RequestType.CONSENT_WITHDRAWAL,
                    List.of("toestemming intrek", "trek mijn toestemming", "withdraw my consent", "withdraw consent"));

    private final RequestDesk desk;
    private final RequestRepository repository;
    private final Outbox outbox;
    private final JdbcClient jdbc;

    EmailIntake(RequestDesk desk, RequestRepository repository, Outbox outbox, JdbcClient jdbc) {
        this.desk = desk;
        this.repository = repository;
        this.outbox = outbox;
        this.jdbc = jdbc;
    }

    @Override
    public void handle(InboundMail mail) {
        if (jdbc.sql("SELECT count(*) FROM request_mail WHERE message_id = ?")
                        .param(mail.messageId())
                        .query(Long.class)
                        .single()
                > 0) {
            return;
        }
        Optional<DataSubjectRequest> answered = answered(mail);
        DataSubjectRequest request;
        if (answered.isPresent()) {
            request = answered.get();
            desk.note(request.reference(), "E-mail received from the requester: \"" + clip(mail.subject(), 200) + "\"");
        } else if (mail.from() == null || mail.automatic() || !RequestDesk.deliverable(mail.from())) {
            // No address to answer, or a program's message (an out-of-office reply): no request, no letter back.
            // Checked before anything is stored: a refusal inside the reader's transaction would undo its place.
            log.info(
                    "Mail {} not taken in: {}",
                    mail.messageId().hashCode(),
                    mail.from() == null ? "no sender" : mail.automatic() ? "automatic" : "no address to answer");
            return;
        } else {
            Set<RequestType> rights = rights(mail.subject() + "\n" + mail.text());
            boolean guessed = rights.isEmpty();
            if (guessed) {
                rights = EnumSet.of(RequestType.ACCESS);
            }
            try {
                request = desk.receiveEmail(
                        new RequestDesk.NewRequest(
                                "EMAIL",
                                null,
                                rights.stream().map(Enum::name).toList(),
                                english(mail.subject() + " " + mail.text()) ? "en" : "nl",
                                null,
                                mail.from(),
                                null,
                                null,
                                clip(mail.subject() + "\n\n" + mail.text(), MAX_DESCRIPTION),
                                List.of()),
                        mail.receivedAt());
            } catch (RequestsException e) {
                // An address Waarborg cannot answer to (the mail server let it through): staff see it in the mailbox.
                log.warn("Mail {} not taken in: {}", mail.messageId().hashCode(), e.field());
                return;
            }
            if (guessed) {
                desk.note(
                        request.reference(),
                        "No right was recognised in the e-mail: recorded as a request for access. Check the message"
                                + " and correct the request if needed.");
            }
        }
        jdbc.sql("INSERT INTO request_mail (message_id, request_id, received_at, raw) VALUES (?, ?, ?, ?)")
                .params(mail.messageId(), request.id(), Timestamp.from(mail.receivedAt()), mail.raw())
                .update();
    }

    /** The request this message answers: one of its letters named in the headers, or its reference in the subject. */
    private Optional<DataSubjectRequest> answered(InboundMail mail) {
        for (String id : mail.inReplyTo()) {
            Matcher m = OUR_LETTER.matcher(id);
            if (m.matches()) {
                Optional<DataSubjectRequest> r = outbox.get(UUID.fromString(m.group(1)))
                        .map(letter -> letter.reference())
                        .filter(ref -> ref.startsWith("request "))
                        .flatMap(ref -> repository.byReference(ref.substring("request ".length())));
                if (r.isPresent()) {
                    return r;
                }
            }
        }
        Matcher m = REFERENCE.matcher(mail.subject());
        while (m.find()) {
            Optional<DataSubjectRequest> r = repository
                    .byReference(m.group(1))
                    .filter(x -> mail.from() != null
                            && mail.from().equalsIgnoreCase(x.intake().contactEmail()));
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    static Set<RequestType> rights(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        Set<RequestType> found = EnumSet.noneOf(RequestType.class);
        WORDS.forEach((type, words) -> {
            if (words.stream().anyMatch(lower::contains)) {
                found.add(type);
            }
        });
        return found;
    }

    private static boolean english(String text) {
        String lower = " " + text.toLowerCase(Locale.ROOT) + " ";
        List<String> en = List.of(" the ", " my ", " please ", " dear ", " request ");
        List<String> nl = List.of(" de ", " mijn ", " graag ", " beste ", " verzoek ", " het ");
        long e = en.stream().filter(lower::contains).count();
        long n = nl.stream().filter(lower::contains).count();
        return e > n;
    }

    private static String clip(String text, int max) {
        String t = text == null ? "" : text.replace("\u0000", "");
        return t.length() > max ? t.substring(0, max) : t;
    }
}
