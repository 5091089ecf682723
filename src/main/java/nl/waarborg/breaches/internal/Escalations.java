package nl.waarborg.breaches.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nl.waarborg.breaches.Breach;
import nl.waarborg.breaches.Breaches;
import nl.waarborg.mail.Letter;
import nl.waarborg.mail.Outbox;
import nl.waarborg.register.OrganisationProfile;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The clock's reminders: while a breach's notice to the authority is due, the privacy desk (the register's privacy
 * address) gets a mail at set points before the deadline and when it has passed. A point is recorded with its mail in
 * one transaction (the mail through the outbox, keyed by breach and point): a run that dies halfway and runs again
 * sends each point once; a job that was down sends only the most urgent point it missed.
 */
@Component
public class Escalations {

    private static final Logger log = LoggerFactory.getLogger(Escalations.class);
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Europe/Amsterdam"));

    /** Hours before the deadline a reminder goes, per deadline; 0 is the deadline itself. */
    static List<Integer> points(int deadlineHours) {
        return deadlineHours == 24 ? List.of(12, 4, 1, 0) : List.of(48, 24, 8, 2, 0);
    }

    private final Breaches breaches;
    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Registers registers;
    private final MessageSource messages;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Locale staff;

    Escalations(
            Breaches breaches,
            JdbcClient jdbc,
            Outbox outbox,
            Registers registers,
            MessageSource messages,
            TransactionTemplate transactions,
            Clock clock,
            @Value("${waarborg.breaches.staff-language:nl}") String staffLanguage) {
        this.breaches = breaches;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.registers = registers;
        this.messages = messages;
        this.transactions = transactions;
        this.clock = clock;
        this.staff = Locale.forLanguageTag(staffLanguage);
    }

    /** Sends what is due now for every breach whose clock runs; answers how many mails were queued. */
    public int run() {
        String to = registers
                .current()
                .map(RegisterVersion::register)
                .map(r -> r.organisation())
                .map(OrganisationProfile::privacyEmail)
                .orElse(null);
        int sent = 0;
        for (Breach b : breaches.running()) {
            Integer point = transactions.execute(status -> escalate(b, to));
            sent += point == null ? 0 : 1;
        }
        return sent;
    }

    /** The most urgent point passed and not yet sent for one breach, recorded and mailed; null when none. */
    private Integer escalate(Breach b, String to) {
        // Read again under a lock: the breach may have been notified since the list was read.
        String state = jdbc.sql("SELECT state FROM breach WHERE reference = ? FOR UPDATE")
                .param(b.reference())
                .query(String.class)
                .single();
        if (!"REPORTED".equals(state) && !"ASSESSED".equals(state)) {
            return null;
        }
        Instant now = clock.instant();
        List<Integer> passed = new ArrayList<>();
        for (int hours : points(b.deadlineHours())) {
            if (!b.dueAt().minus(Duration.ofHours(hours)).isAfter(now)) {
                passed.add(hours);
            }
        }
        Integer newest = null;
        for (int hours : passed) {
            int inserted = jdbc.sql("""
                            INSERT INTO breach_escalation (breach_id, point, at)
                            SELECT id, ?, ? FROM breach WHERE reference = ? ON CONFLICT DO NOTHING
                            """)
                    .params(point(hours), Timestamp.from(now), b.reference())
                    .update();
            if (inserted == 1) {
                newest = hours;
            }
        }
        if (newest == null) {
            return null;
        }
        if (to == null) {
            log.warn("Breach {}: no reminder sent, the register names no privacy e-mail address", b.reference());
            breaches.history(b, "ESCALATION", point(newest) + ": no privacy address in the register");
            return null;
        }
        long left = Duration.between(now, b.dueAt()).toMinutes();
        Object[] args = {
            b.reference(),
            Long.toString(Math.max(0, left) / 60),
            Long.toString(Math.max(0, left) % 60),
            MINUTE.format(b.awareAt()),
            MINUTE.format(b.dueAt()),
            Integer.toString(b.deadlineHours()),
            messages.getMessage("breaches.state." + b.state(), null, staff)
        };
        String kind = newest == 0 ? "overdue" : "due";
        outbox.queue(new Letter(
                "breach:" + b.reference() + ":escalation:" + point(newest),
                b.reference(),
                to,
                messages.getMessage("breaches.mail." + kind + ".subject", args, staff),
                messages.getMessage("breaches.mail." + kind + ".body", args, staff),
                staff.getLanguage()));
        breaches.history(b, "ESCALATION", point(newest));
        return newest;
    }

    static String point(int hours) {
        return hours == 0 ? "DEADLINE" : "T-" + hours + "H";
    }
}
