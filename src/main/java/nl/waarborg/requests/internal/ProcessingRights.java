package nl.waarborg.requests.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.audit.CurrentActor;
import nl.waarborg.consent.ConsentLedger;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.LegalBasis;
import nl.waarborg.register.Register;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import nl.waarborg.requests.RequestType;
import nl.waarborg.requests.RequestsException;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.DataStores;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.StoreResult;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rights that limit what the provider does with data it keeps: restriction (Art. 18) in every place and in the
 * index other systems ask, with the person told before it is lifted; objection (Art. 21), to direct marketing for good
 * and to processing on legitimate interest unless staff record compelling grounds; and withdrawal of consent (Art.
 * 7(3)), effective at once, as an event in the consent ledger.
 */
@Component
public class ProcessingRights {

    private final RequestDesk desk;
    private final Holders holders;
    private final DataStores stores;
    private final ProcessingBlocks blocks;
    private final Registers registers;
    private final Letters letters;
    private final MessageSource messages;
    private final AuditTrail audit;
    private final CurrentActor actor;
    private final TransactionTemplate tx;
    private final RecipientNotices notices;
    private final ConsentLedger consents;
    private final nl.waarborg.mail.Outbox outbox;
    private final java.time.Clock clock;

    ProcessingRights(
            RequestDesk desk,
            Holders holders,
            DataStores stores,
            ProcessingBlocks blocks,
            Registers registers,
            Letters letters,
            MessageSource messages,
            AuditTrail audit,
            CurrentActor actor,
            TransactionTemplate tx,
            RecipientNotices notices,
            ConsentLedger consents,
            nl.waarborg.mail.Outbox outbox,
            java.time.Clock clock) {
        this.notices = notices;
        this.outbox = outbox;
        this.clock = clock;
        this.consents = consents;
        this.desk = desk;
        this.holders = holders;
        this.stores = stores;
        this.blocks = blocks;
        this.registers = registers;
        this.letters = letters;
        this.messages = messages;
        this.audit = audit;
        this.actor = actor;
        this.tx = tx;
    }

    /** What one of these rights did: the places (restriction only) and the text recorded in the history. */
    public record Outcome(List<StoreResult> places, String text) {}

    /** Restricts all of the person's data in every place and in the index; a repeat does nothing twice. */
    public Outcome restrict(String reference) {
        return restrict(reference, List.of());
    }

    /**
     * Restricts the person's data of these register rows (none: all of it) in every place and in the index. A place
     * that cannot tell categories apart says so rather than restricting more. A repeat does nothing twice.
     */
    public Outcome restrict(String reference, List<String> categories) {
        // A rectification request may restrict too, while the accuracy is checked (Art. 18(1)(a)); so may an objection,
        // while it is weighed whether the provider's grounds override the person's (Art. 18(1)(d)).
        DataSubjectRequest r = desk.show(reference)
                .requireOpenFor(RequestType.RESTRICTION, RequestType.RECTIFICATION, RequestType.OBJECTION);
        Register register = register();
        java.util.Set<DataCategory> rows = new java.util.LinkedHashSet<>();
        List<String> asked = categories == null ? List.of() : categories;
        for (int i = 0; i < asked.size(); i++) {
            rows.add(row(register, asked.get(i), "categories[" + i + "]"));
        }
        List<String> keys = rows.stream().map(DataCategory::key).sorted().toList();
        List<DataHolder> hs = holders.of(r);
        String purpose = Letters.reference(r);
        String part = keys.isEmpty() ? "" : ":" + String.join(",", keys).hashCode();
        List<StoreResult> results = new ArrayList<>();
        for (DataHolder h : hs) {
            results.addAll(stores.restrict(
                    h, "request:" + r.reference() + ":restrict" + part + ":" + h.reference(), purpose, rows));
        }
        Locale locale = locale(r);
        StringBuilder text = new StringBuilder(message("restriction.done", locale));
        if (!rows.isEmpty()) {
            text.append("\n")
                    .append(messages.getMessage(
                            "restriction.categories",
                            new Object[] {
                                String.join(
                                        "; ",
                                        rows.stream()
                                                .map(c -> c.description().in(locale))
                                                .toList())
                            },
                            locale));
        }
        for (StoreResult p : results) {
            text.append("\n- ").append(p.store()).append(": ").append(place(p, locale));
        }
        text.append("\n").append(message("restriction.lift", locale));
        RecipientNotices.Held held = notices.held(hs, purpose);
        RecipientNotices.Held told = keys.isEmpty() ? held : held.only(new java.util.LinkedHashSet<>(keys));
        text.append(RecipientNotices.line(notices.plan(r, RequestType.RESTRICTION, told), messages, locale));
        tx.executeWithoutResult(status -> {
            if (!blocks.active(r.id(), ProcessingBlocks.BlockKind.RESTRICTION, keys)) {
                blocks.add(identifiers(hs), ProcessingBlocks.BlockKind.RESTRICTION, keys, r.id());
            }
            RequestType step = r.intake().rights().contains(RequestType.RESTRICTION)
                    ? RequestType.RESTRICTION
                    : r.intake().rights().contains(RequestType.RECTIFICATION)
                            ? RequestType.RECTIFICATION
                            : RequestType.OBJECTION;
            desk.carriedOut(reference, step, text.toString());
            if (step == RequestType.OBJECTION) {
                // The objection's own step tells nobody; this restriction is told like any other.
                notices.mail(r, RequestType.RESTRICTION);
            }
        });
        return new Outcome(results, text.toString());
    }

    /** Tells the person the restriction will be lifted (Art. 18(3)); a letter in their language. */
    public void announceLift(String reference, String reason) {
        DataSubjectRequest r = desk.show(reference);
        String why = required(reason, "reason", "say why the restriction is lifted; the person is told");
        tx.executeWithoutResult(status -> {
            if (blocks.noticeLift(r.id()) == 0) {
                throw new RequestsException(
                        Kind.CONFLICT, "state", "request " + reference + " has no restriction in force to lift");
            }
            nl.waarborg.mail.MailMessage notice = letters.send(
                    r, Letters.Kind.LIFT_NOTICE, why, desk.deadline(r).dueOn());
            blocks.noticeMail(r.id(), notice.id());
            desk.note(reference, "Lift of the restriction announced to the person: " + why);
        });
    }

    /** Lifts the restriction in every place and the index, once the person was told. */
    public Outcome lift(String reference) {
        return lift(reference, null);
    }

    /**
     * Lifts the restriction in every place and the index, once the person was told: the notice sent by e-mail, or —
     * for a letter without an e-mail address — posted on {@code postedOn}, which staff give.
     */
    public Outcome lift(String reference, LocalDate postedOn) {
        DataSubjectRequest r = desk.show(reference);
        // What the request restricted: all of the person's data, or these rows.
        java.util.Set<DataCategory> rows = new java.util.LinkedHashSet<>();
        Register register = register();
        boolean everything = false;
        for (ProcessingBlocks.Block b : blocks.of(r.id())) {
            if (b.kind() == ProcessingBlocks.BlockKind.RESTRICTION && b.liftedAt() == null) {
                everything |= b.categories().isEmpty();
                b.categories().forEach(k -> register.category(k).ifPresent(rows::add));
            }
        }
        java.util.Set<DataCategory> lifted = everything ? java.util.Set.of() : rows;
        tx.executeWithoutResult(status -> {
            noticeWent(r, postedOn);
            if (blocks.lift(r.id(), actor.current().reference()) == 0) {
                throw new RequestsException(
                        Kind.CONFLICT, "state", "request " + reference + " has no restriction in force to lift");
            }
            notices.mailLifted(r);
        });
        List<StoreResult> results = new ArrayList<>();
        for (DataHolder h : holders.of(r)) {
            results.addAll(stores.lift(
                    h, "request:" + r.reference() + ":lift:" + h.reference(), Letters.reference(r), lifted));
        }
        desk.note(reference, "Restriction lifted in every place");
        return new Outcome(results, "");
    }

    /**
     * Art. 18(3) asks that the person is told before the restriction is lifted: a notice still waiting in the outbox,
     * or one that failed, has told nobody yet.
     */
    private void noticeWent(DataSubjectRequest r, LocalDate postedOn) {
        for (java.util.UUID id : blocks.noticeMails(r.id())) {
            nl.waarborg.mail.MailMessage.State state =
                    outbox.get(id).map(nl.waarborg.mail.MailMessage::state).orElse(null);
            if (state == null || state == nl.waarborg.mail.MailMessage.State.SENT) {
                continue;
            }
            if (state == nl.waarborg.mail.MailMessage.State.POST) {
                LocalDate today = LocalDate.now(clock.withZone(java.time.ZoneId.of("Europe/Amsterdam")));
                LocalDate noticed = outbox.get(id)
                        .map(m -> m.createdAt()
                                .atZone(java.time.ZoneId.of("Europe/Amsterdam"))
                                .toLocalDate())
                        .orElse(today);
                if (postedOn == null || postedOn.isAfter(today) || postedOn.isBefore(noticed)) {
                    throw new RequestsException(
                            Kind.CONFLICT,
                            "lift-notice-not-posted",
                            "postedOn",
                            "the notice goes by post: give the day it was posted, not before it was written and not"
                                    + " after today");
                }
                blocks.noticePosted(r.id(), postedOn);
                continue;
            }
            throw new RequestsException(
                    Kind.CONFLICT,
                    "lift-notice-not-sent",
                    "state",
                    "the notice to the person has not gone yet (" + state.name().toLowerCase(java.util.Locale.ROOT)
                            + "): lift the restriction once it is sent");
        }
    }

    /**
     * An objection. {@code marketing}: to direct marketing, which takes effect at once and for good (the suppression
     * list). {@code categories}: register rows resting on legitimate interest; without {@code compellingGrounds} their
     * processing stops, with them it goes on and the answer states them (Art. 21(1)).
     */
    public Outcome object(String reference, boolean marketing, List<String> categories, String compellingGrounds) {
        DataSubjectRequest r = open(reference, RequestType.OBJECTION);
        List<String> rows = categories == null ? List.of() : categories;
        if (!marketing && rows.isEmpty()) {
            throw new RequestsException(
                    Kind.INVALID, "categories", "say what the objection is to: direct marketing, or categories");
        }
        Register register = register();
        for (int i = 0; i < rows.size(); i++) {
            DataCategory row = row(register, rows.get(i), "categories[" + i + "]");
            if (row.legalBasis() != LegalBasis.LEGITIMATE_INTERESTS && row.legalBasis() != LegalBasis.PUBLIC_TASK) {
                throw new RequestsException(
                        Kind.INVALID,
                        "categories[" + i + "]",
                        "an objection under Art. 21(1) is to processing on legitimate interest or a public task; "
                                + row.key() + " rests on " + row.legalBasis().key());
            }
        }
        String grounds = compellingGrounds == null || compellingGrounds.isBlank() ? null : compellingGrounds.strip();
        if (grounds != null && grounds.length() > 10_000) {
            throw new RequestsException(Kind.INVALID, "compellingGrounds", "compellingGrounds is longer than 10000");
        }
        List<DataHolder> hs = holders.of(r);
        Locale locale = locale(r);
        StringBuilder text = new StringBuilder(message("objection.done", locale));
        if (marketing) {
            text.append("\n- ").append(message("objection.marketing", locale));
        }
        for (String key : rows) {
            String title =
                    register.category(key).map(c -> c.description().in(locale)).orElse(key);
            text.append("\n- ").append(title).append(": ");
            text.append(
                    grounds == null
                            ? message("objection.stopped", locale)
                            : messages.getMessage("objection.grounds", new Object[] {grounds}, locale));
        }
        tx.executeWithoutResult(status -> {
            Set<Identifier> ids = identifiers(hs);
            if (marketing && !blocks.active(r.id(), ProcessingBlocks.BlockKind.MARKETING)) {
                blocks.add(ids, ProcessingBlocks.BlockKind.MARKETING, null, r.id());
            }
            if (!rows.isEmpty() && grounds == null && !blocks.active(r.id(), ProcessingBlocks.BlockKind.OBJECTION)) {
                blocks.add(ids, ProcessingBlocks.BlockKind.OBJECTION, rows, r.id());
            }
            desk.carriedOut(reference, RequestType.OBJECTION, text.toString());
        });
        return new Outcome(List.of(), text.toString());
    }

    /** Withdraws the consent the listed rows rest on; effective at once, recorded with time and channel. */
    public Outcome withdrawConsent(String reference, List<String> categories) {
        DataSubjectRequest r = open(reference, RequestType.CONSENT_WITHDRAWAL);
        Register register = register();
        List<String> rows = categories == null || categories.isEmpty()
                ? register.categories()
                        .filter(c -> c.legalBasis() == LegalBasis.CONSENT)
                        .map(DataCategory::key)
                        .distinct()
                        .toList()
                : categories;
        for (int i = 0; i < rows.size(); i++) {
            DataCategory row = row(register, rows.get(i), "categories[" + i + "]");
            if (row.legalBasis() != LegalBasis.CONSENT) {
                throw new RequestsException(
                        Kind.INVALID,
                        "categories[" + i + "]",
                        row.key() + " does not rest on consent but on "
                                + row.legalBasis().key() + ": there is no consent to withdraw");
            }
        }
        if (rows.isEmpty()) {
            throw new RequestsException(
                    Kind.CONFLICT, "categories", "no category of the register rests on consent: nothing to withdraw");
        }
        List<DataHolder> hs = holders.of(r);
        Locale locale = locale(r);
        StringBuilder text = new StringBuilder(message("consent.done", locale));
        for (String key : rows) {
            text.append("\n- ")
                    .append(register.category(key)
                            .map(c -> c.description().in(locale))
                            .orElse(key));
        }
        tx.executeWithoutResult(status -> {
            for (String row : new LinkedHashSet<>(rows)) {
                consents.record(new ConsentLedger.NewEvent(
                        List.copyOf(identifiers(hs)),
                        null,
                        row,
                        ConsentLedger.Event.WITHDRAWN,
                        channel(r),
                        null,
                        null,
                        null,
                        r.id()));
            }
            audit.record(AuditRecord.of(AuditAction.UPDATE, "consent", r.id())
                    .purpose(Letters.reference(r))
                    .detail("step", "withdrawn")
                    .detail("categories", String.join(",", rows)));
            desk.carriedOut(reference, RequestType.CONSENT_WITHDRAWAL, text.toString());
        });
        return new Outcome(List.of(), text.toString());
    }

    private DataSubjectRequest open(String reference, RequestType right) {
        return desk.show(reference).requireOpenFor(right);
    }

    /** How the withdrawal reached the provider, in the ledger's terms. */
    private static ConsentLedger.Channel channel(DataSubjectRequest r) {
        return switch (r.intake().channel()) {
            case PORTAL -> ConsentLedger.Channel.PORTAL;
            case EMAIL -> ConsentLedger.Channel.EMAIL;
            case PHONE -> ConsentLedger.Channel.PHONE;
            case LETTER, IN_PERSON -> ConsentLedger.Channel.PAPER;
            case API -> ConsentLedger.Channel.API;
        };
    }

    private Register register() {
        return registers
                .current()
                .map(RegisterVersion::register)
                .orElseThrow(() -> new RequestsException(Kind.CONFLICT, "register", "no register is in force"));
    }

    private static DataCategory row(Register register, String key, String field) {
        if (key == null || key.isBlank()) {
            throw new RequestsException(Kind.INVALID, field, field + " is empty");
        }
        return register.category(key.strip())
                .orElseThrow(() -> new RequestsException(
                        Kind.INVALID, field, field + " names no category of the register in force"));
    }

    private static Set<Identifier> identifiers(List<DataHolder> hs) {
        Set<Identifier> ids = new LinkedHashSet<>();
        hs.forEach(h -> ids.addAll(h.identifiers()));
        return ids;
    }

    private String place(StoreResult p, Locale locale) {
        return switch (p.status()) {
            case DONE -> messages.getMessage("restriction.place.done", new Object[] {p.affected()}, locale);
            case PENDING -> messages.getMessage("erasure.place.pending", new Object[] {p.reference()}, locale);
            case FAILED -> messages.getMessage("erasure.place.failed", new Object[] {p.detail()}, locale);
            case SKIPPED -> message("restriction.place.skipped", locale);
        };
    }

    private static String required(String value, String field, String why) {
        if (value == null || value.isBlank()) {
            throw new RequestsException(Kind.INVALID, field, why);
        }
        if (value.length() > 10_000 || value.indexOf('\0') >= 0) {
            throw new RequestsException(Kind.INVALID, field, field + " is too long or contains a NUL character");
        }
        return value.strip();
    }

    private static Locale locale(DataSubjectRequest r) {
        return Locale.forLanguageTag(r.intake().language());
    }

    private String message(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }
}
