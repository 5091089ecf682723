package nl.waarborg.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.internal.AgreementReviews;
import nl.waarborg.register.internal.RegisterEditor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The reminders of agreements through the real outbox: 30 days ahead and on the day, each once however often the job
 * runs (also after a run that stopped halfway: what it queued is not queued again), to the register's privacy address.
 */
@WaarborgTest
class AgreementReviewsTests {

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    AgreementReviews reviews;

    @Autowired
    javax.sql.DataSource dataSource;

    @Test
    void eachReminderGoesOnceToThePrivacyAddress() {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Amsterdam"));
        String yaml = AgreementTests.withHosting(
                "{present: true, reviewOn: " + today.plusDays(10) + ", until: " + today + "}");
        TestRegisters.apply(editor, registers, yaml, "agreement reminders");
        JdbcTemplate db = new JdbcTemplate(dataSource);
        String review = "agreement:hosting:review:" + today.plusDays(10) + ":ahead";
        String end = "agreement:hosting:end:" + today + ":due";
        db.update("DELETE FROM mail_message WHERE key IN (?, ?)", review, end);

        assertThat(reviews.run()).isEqualTo(2);
        assertThat(reviews.run()).as("a second run finds the same reminders").isEqualTo(2);
        assertThat(db.queryForList(
                        "SELECT key FROM mail_message WHERE key LIKE 'agreement:hosting:%'"
                                + " AND recipient = 'privacy@voorbeeld.example' ORDER BY key",
                        String.class))
                .as("each reminder queued once")
                .containsExactly(end, review);
        assertThat(db.queryForObject("SELECT subject FROM mail_message WHERE key = ?", String.class, end))
                .contains("hosting")
                .contains(today.toString());

        // A run that stops after the first reminder (the crash), run again: the second comes, the first once.
        db.update("DELETE FROM mail_message WHERE key = ?", review);
        assertThat(reviews.run()).isEqualTo(2);
        assertThat(db.queryForObject("SELECT count(*) FROM mail_message WHERE key IN (?, ?)", Long.class, review, end))
                .isEqualTo(2);
    }

    @Test
    void remindersStartThirtyDaysAheadAlsoAcrossMonthEndsAndLeapDays() {
        Agreement a =
                new Agreement(true, null, null, LocalDate.of(2028, 3, 30), LocalDate.of(2028, 2, 29), null, null, null);
        Register register = nl.waarborg.register.internal.RegisterReader.read(
                AgreementTests.withHosting("{present: true, until: 2028-03-30, reviewOn: 2028-02-29}"));
        assertThat(register.recipient("hosting").orElseThrow().agreement()).isEqualTo(a);
        assertThat(AgreementReviews.due(register, LocalDate.of(2028, 1, 29))).isEmpty();
        assertThat(AgreementReviews.due(register, LocalDate.of(2028, 1, 30)))
                .extracting(r -> r.key())
                .containsExactly("agreement:hosting:review:2028-02-29:ahead");
        assertThat(AgreementReviews.due(register, LocalDate.of(2028, 2, 29)))
                .extracting(r -> r.key())
                .containsExactly("agreement:hosting:review:2028-02-29:due", "agreement:hosting:end:2028-03-30:ahead");
    }
}
