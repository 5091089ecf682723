package nl.waarborg.requests.internal;

import java.time.LocalDate;
import java.util.Locale;
import java.util.stream.Collectors;
import nl.waarborg.mail.Letter;
import nl.waarborg.mail.MailMessage;
import nl.waarborg.mail.Outbox;
import nl.waarborg.register.OrganisationProfile;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The letters a request's steps send, in the requester's language, queued in the outbox in the step's own
 * transaction: a step that is undone sends nothing, a step that commits cannot lose its letter. Texts are in {@code
 * i18n/requests-letters[_en].properties}; the provider's name and the authority come from the register in force.
 */
@Component
class Letters {

    /** The steps that write to the requester. */
    enum Kind {
        ACKNOWLEDGEMENT,
        VERIFICATION,
        EXTENSION,
        ANSWER,
        REFUSAL,
        CLOSED_UNVERIFIED,
        /** An identity document asked for a recorded doubt; the text is the upload link. */
        DOCUMENT,
        /** An answer that did part of what was asked: what was done, and what was not and why. */
        PARTIAL_REFUSAL,
        /** Part of the data is a client organisation's: who the controller is, and that the request went to it. */
        CONTROLLER_NOTICE,
        /** A restriction will be lifted (Art. 18(3)): the person is told first, with the reason. */
        LIFT_NOTICE
    }

    private final Outbox outbox;
    private final MessageSource messages;
    private final Registers registers;

    Letters(Outbox outbox, MessageSource messages, Registers registers) {
        this.outbox = outbox;
        this.messages = messages;
        this.registers = registers;
    }

    static String reference(DataSubjectRequest r) {
        return reference(r.reference());
    }

    /** What the outbox files a request's messages under, by the request's reference. */
    static String reference(String requestReference) {
        return "request " + requestReference;
    }

    java.util.List<MailMessage> of(DataSubjectRequest r) {
        return outbox.forReference(reference(r));
    }

    /** The answer's paragraph with the download link of an access package, in the requester's language. */
    String packageParagraph(DataSubjectRequest r, String url, LocalDate until) {
        return messages.getMessage(
                "letter.package",
                new Object[] {url, until.toString()},
                Locale.forLanguageTag(r.intake().language()));
    }

    /** Queues the letter of this step; {@code text} is the step's own words (reasons, summary, what is asked). */
    MailMessage send(DataSubjectRequest r, Kind kind, String text, LocalDate dueOn) {
        return send(r, kind, text, null, dueOn);
    }

    /** As {@link #send(DataSubjectRequest, Kind, String, LocalDate)}; {@code second} is {8}, the refused part. */
    MailMessage send(DataSubjectRequest r, Kind kind, String text, String second, LocalDate dueOn) {
        Locale locale = Locale.forLanguageTag(r.intake().language());
        OrganisationProfile org = registers
                .current()
                .map(RegisterVersion::register)
                .map(reg -> reg.organisation())
                .orElse(null);
        String provider = org == null ? "Waarborg" : org.shortName() != null ? org.shortName() : org.legalName();
        String authority = org == null || org.supervisoryAuthority() == null
                ? OrganisationProfile.DUTCH_AUTHORITY.name()
                : org.supervisoryAuthority().name();
        String rights = r.intake().rights().stream()
                .map(t ->
                        messages.getMessage("requests.right." + t, null, locale).toLowerCase(locale))
                .collect(Collectors.joining(", "));
        String key = "letter." + kind.name().toLowerCase(Locale.ROOT);
        Object[] args = {
            r.reference(),
            rights,
            r.intake().receivedOn().toString(),
            dueOn.toString(),
            text == null ? "" : text,
            provider,
            authority,
            r.intake().requesterName() == null
                    ? messages.getMessage("letter.greeting.unnamed", null, locale)
                    : messages.getMessage(
                            "letter.greeting.named", new Object[] {r.intake().requesterName()}, locale),
            second == null ? "" : second,
            ""
        };
        // {9}: whether the clock stands still while the person is asked for identity information (Art. 12(3)).
        if (kind == Kind.VERIFICATION || kind == Kind.DOCUMENT) {
            args[9] = r.pausedSince() != null
                    ? messages.getMessage("letter.clock.paused." + kind.name(), null, locale)
                    : messages.getMessage("letter.clock.running", args, locale);
        }
        String subject = messages.getMessage(key + ".subject", args, locale);
        String body = messages.getMessage(key + ".body", args, locale) + "\n\n"
                + messages.getMessage("letter.closing", args, locale);
        return outbox.queue(new Letter(
                // One letter per step: the history's length at the step makes the key unique and a repeat harmless.
                "request:" + r.id() + ":" + kind + ":" + r.history().size(),
                reference(r),
                r.intake().contactEmail(),
                subject,
                body,
                r.intake().language()));
    }
}
