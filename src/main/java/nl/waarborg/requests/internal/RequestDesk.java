package nl.waarborg.requests.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.audit.CurrentActor;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import nl.waarborg.requests.Channel;
import nl.waarborg.requests.Deadline;
import nl.waarborg.requests.RequestReceived;
import nl.waarborg.requests.RequestState;
import nl.waarborg.requests.RequestType;
import nl.waarborg.requests.RequestsException;
import nl.waarborg.requests.VerificationMethod;
import nl.waarborg.subjects.SubjectDirectory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Receives requests on every channel and moves them on, each step in one transaction with its history, its audit
 * entries and its events. The requester's details are read only here, and every read is audited per matched subject
 * (so that an access answer can tell the person when their request was looked at).
 */
@Service
public class RequestDesk {

    static final String TARGET = "request";
    public static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final int MAX_TEXT = 10_000;
    private static final int MAX_FIELD = 500;
    private static final int MAX_IDENTIFIERS = 20;

    private final RequestRepository repository;
    private final Deadlines deadlines;
    private final SubjectDirectory directory;
    private final Registers registers;
    private final AuditTrail audit;
    private final CurrentActor actor;
    private final ApplicationEventPublisher events;
    private final Letters letters;
    private final Forwards forwards;
    private final PackageStore packages;
    private final PortalLinks links;
    private final RecipientNotices notices;
    private final nl.waarborg.requests.RequestsProperties properties;
    private final Clock clock;
    /** The text a step's letter carries when it is not the step's own words (the upload link). */
    private final ThreadLocal<String> pendingLetterText = new ThreadLocal<>();

    RequestDesk(
            RequestRepository repository,
            Deadlines deadlines,
            SubjectDirectory directory,
            Registers registers,
            AuditTrail audit,
            CurrentActor actor,
            ApplicationEventPublisher events,
            Letters letters,
            Forwards forwards,
            PackageStore packages,
            PortalLinks links,
            RecipientNotices notices,
            nl.waarborg.requests.RequestsProperties properties,
            Clock clock) {
        this.repository = repository;
        this.deadlines = deadlines;
        this.directory = directory;
        this.registers = registers;
        this.audit = audit;
        this.actor = actor;
        this.events = events;
        this.letters = letters;
        this.forwards = forwards;
        this.packages = packages;
        this.links = links;
        this.notices = notices;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * What a requester gave, as staff, the portal or an API client enter it.
     *
     * @param receivedOn for a letter, a call or a visit: the postmark's, call's or visit's day (required); for the
     *     other channels left out, the moment of entry is the moment of receipt
     */
    public record NewRequest(
            String channel,
            LocalDate receivedOn,
            List<String> rights,
            String language,
            String requesterName,
            String email,
            String phone,
            String postalAddress,
            String description,
            List<String> identifiers) {}

    @Transactional
    public DataSubjectRequest submit(NewRequest given) {
        return receive(given, null);
    }

    /**
     * A request that arrived by e-mail: received when it reached the mailbox ({@code arrivedAt}), which may be before
     * Waarborg read it.
     */
    @Transactional
    DataSubjectRequest receiveEmail(NewRequest given, Instant arrivedAt) {
        return receive(given, arrivedAt);
    }

    private DataSubjectRequest receive(NewRequest given, Instant arrivedAt) {
        if (given == null) {
            throw new RequestsException(
                    Kind.INVALID, "body", "a request needs its channel, rights and contact details");
        }
        Channel channel = parse(Channel.class, "channel", given.channel());
        Set<RequestType> rights = rights(given.rights());
        String language = given.language() == null || given.language().isBlank()
                ? "nl"
                : given.language().strip().toLowerCase(Locale.ROOT);
        if (!language.equals("nl") && !language.equals("en")) {
            throw new RequestsException(Kind.INVALID, "language", "language is nl or en");
        }
        String name = field("requesterName", given.requesterName(), MAX_FIELD);
        String email = field("email", given.email(), MAX_FIELD);
        String phone = field("phone", given.phone(), 50);
        String address = field("postalAddress", given.postalAddress(), MAX_FIELD);
        String description = field("description", given.description(), MAX_TEXT);
        if (email == null && phone == null && address == null) {
            throw new RequestsException(
                    Kind.INVALID, "email", "give an e-mail address, a phone number or a postal address to answer to");
        }
        if (email != null && !deliverable(email)) {
            throw new RequestsException(Kind.INVALID, "email", "email is not an e-mail address");
        }
        List<String> identifiers = new ArrayList<>();
        if (given.identifiers() != null) {
            if (given.identifiers().size() > MAX_IDENTIFIERS) {
                throw new RequestsException(Kind.INVALID, "identifiers", "at most 20 identifiers");
            }
            for (int i = 0; i < given.identifiers().size(); i++) {
                String id = field("identifiers[" + i + "]", given.identifiers().get(i), 200);
                if (id != null && !identifiers.contains(id)) {
                    identifiers.add(id);
                }
            }
        }
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, AMSTERDAM);
        Instant receivedAt;
        LocalDate receivedOn;
        if (channel.enteredByStaff() || (channel == Channel.EMAIL && given.receivedOn() != null && arrivedAt == null)) {
            if (given.receivedOn() == null) {
                throw new RequestsException(
                        Kind.INVALID,
                        "receivedOn",
                        "a " + channel.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                                + " needs the day it reached us (the postmark's or the call's day), not the day of typing");
            }
            if (given.receivedOn().isAfter(today)) {
                throw new RequestsException(Kind.INVALID, "receivedOn", "the day of receipt lies in the future");
            }
            if (given.receivedOn().isBefore(today.minusYears(1))) {
                throw new RequestsException(
                        Kind.INVALID, "receivedOn", "the day of receipt lies more than a year back");
            }
            receivedOn = given.receivedOn();
            receivedAt = receivedOn.atStartOfDay(AMSTERDAM).toInstant();
        } else if (arrivedAt != null) {
            receivedAt = arrivedAt.isAfter(now) ? now : arrivedAt;
            receivedOn = LocalDate.ofInstant(receivedAt, AMSTERDAM);
        } else {
            if (given.receivedOn() != null && !given.receivedOn().equals(today)) {
                throw new RequestsException(
                        Kind.INVALID,
                        "receivedOn",
                        "a request on this channel is received when it is entered: leave receivedOn out");
            }
            receivedOn = today;
            receivedAt = now;
        }
        UUID id = UUID.randomUUID();
        String reference = repository.nextReference(receivedOn.getYear());
        Set<UUID> subjects = new LinkedHashSet<>();
        String purpose = "request " + reference;
        for (String raw : candidates(email, phone, identifiers)) {
            subjects.addAll(directory.findAny(raw, purpose));
        }
        DataSubjectRequest request = DataSubjectRequest.receive(
                id,
                reference,
                new DataSubjectRequest.Intake(
                        channel,
                        receivedAt,
                        receivedOn,
                        now,
                        rights,
                        language,
                        name,
                        email,
                        phone,
                        address,
                        description,
                        identifiers),
                registers.current().map(RegisterVersion::number).orElse(null),
                subjects,
                deadlines,
                by());
        List<DataSubjectRequest> earlier = repository.openFor(subjects, email);
        repository.insert(request);
        if (!earlier.isEmpty()) {
            DataSubjectRequest first = earlier.get(0);
            DataSubjectRequest linked = repository.byId(id).orElseThrow();
            linked.duplicateOf(now, first, by());
            first.duplicatedBy(now, linked, by());
            repository.update(linked);
            repository.update(first);
            request = repository.byId(id).orElseThrow();
        }
        letters.send(request, Letters.Kind.ACKNOWLEDGEMENT, null, request.dueOn());
        auditPerSubject(AuditAction.CREATE, request, "receive", channel.name());
        events.publishEvent(new RequestReceived(id, reference, rights, channel, receivedOn, request.dueOn()));
        return request;
    }

    /** A request with its requester's details and history; audited as a read of each matched subject's data. */
    @Transactional
    public DataSubjectRequest show(String reference) {
        DataSubjectRequest request = get(reference);
        auditPerSubject(AuditAction.READ, request, "show", null);
        return request;
    }

    @Transactional(readOnly = true)
    public List<QueueLine> queue(Set<RequestState> states, RequestType type, String assignee, int limit) {
        Set<RequestState> wanted = states == null || states.isEmpty()
                ? EnumSet.of(
                        RequestState.RECEIVED,
                        RequestState.AWAITING_VERIFICATION,
                        RequestState.VERIFIED,
                        RequestState.IN_PROGRESS)
                : states;
        return repository.queue(wanted, type, assignee, Math.max(1, Math.min(limit, 1_000)));
    }

    /** The letters sent, or waiting to be sent, for this request, oldest first. */
    public List<nl.waarborg.mail.MailMessage> letters(DataSubjectRequest request) {
        return letters.of(request);
    }

    /** The reference of the request this one duplicates, if it does. */
    public String duplicateReference(DataSubjectRequest request) {
        return request.duplicateOf() == null
                ? null
                : repository
                        .byId(request.duplicateOf())
                        .map(DataSubjectRequest::reference)
                        .orElse(null);
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), AMSTERDAM);
    }

    public Deadline deadline(DataSubjectRequest request) {
        return request.deadline(deadlines, today());
    }

    public Deadline deadline(LocalDate receivedOn, int extensionMonths, int pausedDays) {
        return deadlines.due(receivedOn, extensionMonths, pausedDays);
    }

    /** Days left until the due date, negative when overdue; paused days so far count. */
    public long daysLeft(QueueLine line) {
        return java.time.temporal.ChronoUnit.DAYS.between(today(), dueOn(line));
    }

    /** The due date of a queue line; while paused, the days paused so far count. */
    public LocalDate dueOn(QueueLine line) {
        return line.pausedSince() == null
                ? line.dueOn()
                : deadlines
                        .due(
                                line.receivedOn(),
                                line.extensionMonths(),
                                line.pausedDays()
                                        + (int) Math.max(
                                                0,
                                                java.time.temporal.ChronoUnit.DAYS.between(
                                                        line.pausedSince(), today())))
                        .dueOn();
    }

    @Transactional
    public DataSubjectRequest requestVerification(String reference, String note) {
        return change(
                reference,
                "verification-requested",
                r -> r.requestVerification(now(), today(), by(), clean(note), properties.verificationAskDays()));
    }

    @Transactional
    public DataSubjectRequest verify(String reference, String method, String note) {
        VerificationMethod m = parse(VerificationMethod.class, "method", method);
        return change(reference, "verified", r -> {
            r.verify(now(), today(), m, by(), clean(note), deadlines);
            // Verified, the request may be told to the client organisations that control part of the data.
            forwards.route(r, by());
        });
    }

    /** The forwards of a request to client organisations, with their instructions. */
    public List<Forwards.Forward> forwards(DataSubjectRequest request) {
        return forwards.of(request);
    }

    /** Records what a client organisation instructed for the part of the request it controls. */
    @Transactional
    public DataSubjectRequest instruction(String reference, String clientKey, String instruction) {
        return change(reference, "client-instruction", r -> {
            if (!forwards.instruct(r, clientKey, clean(instruction), by())) {
                throw new RequestsException(
                        Kind.NOT_FOUND, "clientKey", "the request was not forwarded to this client organisation");
            }
            r.clientInstruction(now(), by(), clientKey + ": " + instruction);
        });
    }

    /** Asks for an identity document for a recorded reasonable doubt; the letter carries the upload link. */
    @Transactional
    DataSubjectRequest requestDocument(String reference, String doubt, String uploadLink) {
        pendingLetterText.set(uploadLink);
        try {
            return change(
                    reference,
                    "document-requested",
                    r -> r.requestDocument(now(), today(), by(), doubt, properties.verificationAskDays()));
        } finally {
            pendingLetterText.remove();
        }
    }

    @Transactional
    DataSubjectRequest documentReceived(String reference) {
        return change(reference, "document-received", r -> r.documentReceived(now(), today(), by(), deadlines));
    }

    @Transactional
    public DataSubjectRequest start(String reference) {
        return change(reference, "started", r -> r.start(now(), by()));
    }

    @Transactional
    public DataSubjectRequest answer(String reference, String summary) {
        return answer(reference, summary, null);
    }

    /**
     * Answers; {@code refusedInPart} (optional) says what was not done and why: the letter is a partial refusal. When an
     * access package was prepared, the letter carries a download link that lives as long as the package.
     */
    @Transactional
    public DataSubjectRequest answer(String reference, String summary, String refusedInPart) {
        DataSubjectRequest request = get(reference);
        if (request.state().isOpen()) {
            packages.latest(request.id()).ifPresent(stored -> {
                String token = links.create(request.id(), PortalLinks.Purpose.PACKAGE, stored.expiresAt());
                pendingLetterText.set(letters.packageParagraph(
                        request, links.url("/portal/package/" + token), AccessPackages.lastDay(stored.expiresAt())));
            });
        }
        try {
            return change(reference, "answered", r -> r.answer(now(), by(), summary, refusedInPart));
        } finally {
            pendingLetterText.remove();
        }
    }

    /**
     * Records a right carried out where the data lives, with what was done per place; the recipients to tell of it
     * (Art. 19) that have an e-mail address are mailed with it, in the same transaction.
     */
    @Transactional
    public DataSubjectRequest carriedOut(String reference, RequestType right, String text) {
        DataSubjectRequest r = change(reference, "carried-out", x -> x.carriedOut(now(), by(), right, text));
        notices.mail(r, right);
        return r;
    }

    @Transactional
    public DataSubjectRequest refuse(String reference, String reasons) {
        return change(reference, "refused", r -> r.refuse(now(), today(), by(), reasons, deadlines));
    }

    @Transactional
    public DataSubjectRequest withdraw(String reference, String note) {
        return change(reference, "withdrawn", r -> r.withdraw(now(), today(), by(), clean(note), deadlines));
    }

    @Transactional
    public DataSubjectRequest closeUnverified(String reference, String reason) {
        return change(reference, "closed-unverified", r -> r.closeUnverified(now(), today(), by(), reason, deadlines));
    }

    @Transactional
    public DataSubjectRequest extend(String reference, Integer months, String reason) {
        if (months == null) {
            throw new RequestsException(Kind.INVALID, "months", "say by how many months: 1 or 2");
        }
        return change(reference, "extended", r -> r.extend(now(), today(), months, by(), reason, deadlines));
    }

    @Transactional
    public DataSubjectRequest assign(String reference, String assignee) {
        String to = field("assignee", assignee, 200);
        return change(reference, "assigned", r -> r.assign(now(), by(), to));
    }

    @Transactional
    public DataSubjectRequest note(String reference, String text) {
        return change(reference, "note", r -> r.note(now(), by(), text));
    }

    /**
     * Closes the requests that waited longer than {@code days} for the identity information asked for, each in its own
     * transaction with the reason in the requester's language; answers how many were closed.
     */
    public int closeStaleVerifications(int days, org.springframework.transaction.support.TransactionTemplate tx) {
        int closed = 0;
        for (String reference : repository.awaitingVerificationSince(today().minusDays(days))) {
            try {
                tx.executeWithoutResult(status -> {
                    DataSubjectRequest r = get(reference);
                    String reason = "en".equals(r.intake().language())
                            ? "No identity information was received within " + days + " days of asking."
                            : "Binnen " + days + " dagen na de vraag zijn geen identiteitsgegevens ontvangen.";
                    change(
                            reference,
                            "closed-unverified",
                            x -> x.closeUnverified(now(), today(), by(), reason, deadlines));
                });
                closed++;
            } catch (RequestsException e) {
                // Moved on by staff meanwhile: nothing left to close.
            }
        }
        return closed;
    }

    private DataSubjectRequest change(String reference, String step, Consumer<DataSubjectRequest> action) {
        DataSubjectRequest request = get(reference);
        action.accept(request);
        repository.update(request);
        Letters.Kind letter = switch (step) {
            case "verification-requested" -> Letters.Kind.VERIFICATION;
            case "extended" -> Letters.Kind.EXTENSION;
            case "answered" -> Letters.Kind.ANSWER;
            case "refused" -> Letters.Kind.REFUSAL;
            case "closed-unverified" -> Letters.Kind.CLOSED_UNVERIFIED;
            case "document-requested" -> Letters.Kind.DOCUMENT;
            default -> null;
        };
        if (letter != null) {
            List<DataSubjectRequest.Entry> history = request.history();
            String text = letter == Letters.Kind.EXTENSION
                    ? request.extensionReason()
                    : letter == Letters.Kind.DOCUMENT
                            ? pendingLetterText.get()
                            : history.get(history.size() - 1).text();
            if (letter == Letters.Kind.ANSWER && request.refusedInPart() != null) {
                letter = Letters.Kind.PARTIAL_REFUSAL;
                text = request.outcome()
                        .substring(
                                0,
                                request.outcome().length()
                                        - request.refusedInPart().length())
                        .strip();
            }
            if (letter == Letters.Kind.ANSWER || letter == Letters.Kind.PARTIAL_REFUSAL) {
                // The package's link goes in the letter only: the history must not hold a way in.
                String appendix = pendingLetterText.get();
                text = appendix == null ? text : text + "\n\n" + appendix;
            }
            letters.send(
                    request,
                    letter,
                    text,
                    request.refusedInPart(),
                    request.deadline(deadlines, today()).dueOn());
        }
        if (request.state() != RequestState.AWAITING_VERIFICATION && repository.deleteDocument(request.id())) {
            // Deleted as soon as the verification is decided (or the request ends): only the fact stays, in the
            // history.
            audit.record(AuditRecord.of(AuditAction.DELETE, "request_document", request.id())
                    .purpose("request " + request.reference()));
        }
        auditPerSubject(AuditAction.UPDATE, request, step, request.state().name());
        request.events().forEach(events::publishEvent);
        return repository.byId(request.id()).orElseThrow();
    }

    private DataSubjectRequest get(String reference) {
        if (reference == null || !reference.matches("^[0-9]{4}-[0-9]{4,9}$")) {
            throw new RequestsException(Kind.NOT_FOUND, "reference", "no request has this reference");
        }
        return repository
                .byReference(reference)
                .orElseThrow(() -> new RequestsException(Kind.NOT_FOUND, "reference", "no request has this reference"));
    }

    private void auditPerSubject(AuditAction action, DataSubjectRequest request, String step, String state) {
        List<UUID> subjects = request.subjects().isEmpty()
                ? java.util.Collections.singletonList(null)
                : request.subjects().stream().sorted().toList();
        for (UUID subject : subjects) {
            AuditRecord entry = AuditRecord.of(action, TARGET, request.id())
                    .purpose("request " + request.reference())
                    .detail("step", step);
            if (state != null) {
                entry = entry.detail("state", state);
            }
            audit.record(subject == null ? entry : entry.subject(subject));
        }
    }

    /**
     * The check the mail server's library makes (RFC 822, strict), so that an address accepted here can be written to:
     * a looser pattern let {@code a..b@example.nl} through to a letter that could never be stored.
     */
    static boolean deliverable(String email) {
        try {
            new jakarta.mail.internet.InternetAddress(email, true).validate();
            return email.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
        } catch (jakarta.mail.internet.AddressException e) {
            return false;
        }
    }

    private static List<String> candidates(String email, String phone, List<String> identifiers) {
        List<String> all = new ArrayList<>();
        if (email != null) {
            all.add(email);
        }
        if (phone != null) {
            all.add(phone);
        }
        all.addAll(identifiers);
        return all;
    }

    private static Set<RequestType> rights(List<String> given) {
        if (given == null || given.isEmpty()) {
            throw new RequestsException(
                    Kind.INVALID, "rights", "say which right is asked for: " + names(RequestType.class));
        }
        Set<RequestType> rights = EnumSet.noneOf(RequestType.class);
        for (int i = 0; i < given.size(); i++) {
            rights.add(parse(RequestType.class, "rights[" + i + "]", given.get(i)));
        }
        return rights;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new RequestsException(Kind.INVALID, field, field + " is missing; one of " + names(type));
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new RequestsException(Kind.INVALID, field, field + " must be one of " + names(type));
        }
    }

    private static String names(Class<? extends Enum<?>> type) {
        return String.join(
                ", ",
                java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
    }

    private static String field(String name, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            throw new RequestsException(Kind.INVALID, name, name + " is longer than " + max + " characters");
        }
        if (v.chars().anyMatch(c -> c == 0)) {
            throw new RequestsException(Kind.INVALID, name, name + " contains a NUL character");
        }
        return v;
    }

    private static String clean(String note) {
        return field("note", note, MAX_TEXT);
    }

    private Instant now() {
        return clock.instant();
    }

    private String by() {
        return actor.current().reference();
    }
}
