package nl.waarborg.requests.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import nl.waarborg.mail.Letter;
import nl.waarborg.mail.MailMessage;
import nl.waarborg.mail.Outbox;
import nl.waarborg.register.OrganisationProfile;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import nl.waarborg.requests.RequestsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The daily reminder to the privacy desk (the register's privacy address): the requests overdue and those due within
 * seven days, by reference, due date and state only. One per day: its key is the day, so a job run twice sends it once.
 */
@Component
class Reminders {

    private static final Logger log = LoggerFactory.getLogger(Reminders.class);
    static final int DAYS_AHEAD = 7;

    private final RequestDesk desk;
    private final Outbox outbox;
    private final Registers registers;
    private final MessageSource messages;
    private final RequestsProperties properties;

    Reminders(
            RequestDesk desk,
            Outbox outbox,
            Registers registers,
            MessageSource messages,
            RequestsProperties properties) {
        this.desk = desk;
        this.outbox = outbox;
        this.registers = registers;
        this.messages = messages;
        this.properties = properties;
    }

    /** Queues today's reminder if anything is overdue or due soon and the register names a privacy address. */
    @Transactional
    Optional<MailMessage> remind() {
        LocalDate today = desk.today();
        List<QueueLine> open = desk.queue(null, null, null, 1_000);
        List<QueueLine> overdue =
                open.stream().filter(l -> desk.daysLeft(l) < 0).toList();
        List<QueueLine> soon = open.stream()
                .filter(l -> desk.daysLeft(l) >= 0 && desk.daysLeft(l) <= DAYS_AHEAD)
                .toList();
        if (overdue.isEmpty() && soon.isEmpty()) {
            return Optional.empty();
        }
        String to = registers
                .current()
                .map(RegisterVersion::register)
                .map(r -> r.organisation())
                .map(OrganisationProfile::privacyEmail)
                .orElse(null);
        if (to == null) {
            log.warn("No reminder sent: the register names no privacy e-mail address ({} overdue)", overdue.size());
            return Optional.empty();
        }
        Locale locale = Locale.forLanguageTag(properties.staffLanguage());
        StringBuilder body = new StringBuilder();
        body.append(messages.getMessage(
                        "letter.reminder.intro",
                        new Object[] {Integer.toString(overdue.size()), Integer.toString(soon.size())},
                        locale))
                .append("\n\n");
        for (QueueLine l : overdue) {
            body.append(line(l, locale)).append('\n');
        }
        for (QueueLine l : soon) {
            body.append(line(l, locale)).append('\n');
        }
        return Optional.of(outbox.queue(new Letter(
                "requests-reminder:" + today,
                "requests reminder " + today,
                to,
                messages.getMessage(
                        "letter.reminder.subject",
                        new Object[] {Integer.toString(overdue.size()), Integer.toString(soon.size())},
                        locale),
                body.toString(),
                locale.getLanguage())));
    }

    private String line(QueueLine l, Locale locale) {
        long left = desk.daysLeft(l);
        return messages.getMessage(
                left < 0 ? "letter.reminder.overdue" : "letter.reminder.soon",
                new Object[] {
                    l.reference(),
                    desk.dueOn(l).toString(),
                    Long.toString(Math.abs(left)),
                    messages.getMessage("requests.state." + l.state(), null, locale)
                },
                locale);
    }
}
