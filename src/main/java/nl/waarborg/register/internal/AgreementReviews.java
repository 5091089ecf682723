package nl.waarborg.register.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nl.waarborg.mail.Letter;
import nl.waarborg.mail.Outbox;
import nl.waarborg.register.Agreement;
import nl.waarborg.register.Register;
import nl.waarborg.register.RegisterVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reminds the privacy officer (the register's privacy e-mail address) of processing agreements: {@value #AHEAD_DAYS}
 * days before an agreement's review date or the end of its term, and once when the date has come. Each reminder goes
 * through the outbox under a key of the party, the date and the point, so the daily job sends each one once, also when
 * it runs again after a crash halfway.
 */
@Component
public class AgreementReviews {

    private static final Logger log = LoggerFactory.getLogger(AgreementReviews.class);
    static final int AHEAD_DAYS = 30;

    private final RegisterStore store;
    private final Outbox outbox;
    private final MessageSource messages;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Locale staff;

    AgreementReviews(
            RegisterStore store,
            Outbox outbox,
            MessageSource messages,
            TransactionTemplate transactions,
            Clock clock,
            @Value("${waarborg.breaches.staff-language:nl}") String staffLanguage) {
        this.store = store;
        this.outbox = outbox;
        this.messages = messages;
        this.transactions = transactions;
        this.clock = clock;
        this.staff = Locale.forLanguageTag(staffLanguage);
    }

    /** One reminder: which party, which date, whether it is the review or the end, and whether it has come. */
    public record Reminder(String party, LocalDate date, String kind, boolean due) {
        public String key() {
            return "agreement:" + party + ":" + kind + ":" + date + ":" + (due ? "due" : "ahead");
        }
    }

    /** What is to be reminded of today, for the register in force. */
    public static List<Reminder> due(Register register, LocalDate today) {
        List<Reminder> out = new ArrayList<>();
        register.recipients().forEach(r -> add(out, r.key(), r.agreement(), today));
        register.clients().forEach(c -> add(out, c.key(), c.agreement(), today));
        return out;
    }

    private static void add(List<Reminder> out, String party, Agreement a, LocalDate today) {
        if (!a.present()) {
            return;
        }
        for (var point : List.of(new Object[] {"review", a.reviewOn()}, new Object[] {"end", a.until()})) {
            LocalDate date = (LocalDate) point[1];
            if (date != null && !today.isBefore(date.minusDays(AHEAD_DAYS))) {
                out.add(new Reminder(party, date, (String) point[0], !today.isBefore(date)));
            }
        }
    }

    /** Queues what is due today and was not queued before; answers how many reminders are due today. */
    public int run() {
        RegisterVersion v = store.current().orElse(null);
        if (v == null) {
            return 0;
        }
        String to = v.register().organisation().privacyEmail();
        List<Reminder> reminders = due(v.register(), LocalDate.now(clock));
        if (!reminders.isEmpty() && (to == null || to.isBlank())) {
            log.warn("{} agreement reminders not sent: the register names no privacy e-mail address", reminders.size());
            return 0;
        }
        int queued = 0;
        for (Reminder r : reminders) {
            Object[] args = {r.party(), r.date().toString()};
            String which = "register.agreement." + r.kind() + "." + (r.due() ? "due" : "ahead");
            // The outbox keeps a key once: a reminder queued on an earlier run (or before a crash) is not queued again.
            transactions.executeWithoutResult(status -> outbox.queue(new Letter(
                    r.key(),
                    "agreement:" + r.party(),
                    to,
                    messages.getMessage(which + ".subject", args, staff),
                    messages.getMessage(which + ".body", args, staff),
                    staff.getLanguage())));
            queued++;
        }
        return queued;
    }

    @Configuration(proxyBeanMethods = false)
    static class Job {
        @Bean
        RecurringTask<Void> agreementReviewsJob(AgreementReviews reviews) {
            return Tasks.recurring("agreement-reviews", Schedules.fixedDelay(Duration.ofHours(6)))
                    .execute((instance, context) -> reviews.run());
        }
    }
}
