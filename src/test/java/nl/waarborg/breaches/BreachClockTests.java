package nl.waarborg.breaches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import nl.waarborg.TestApi;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.breaches.internal.Escalations;
import nl.waarborg.mail.MailMessage;
import nl.waarborg.mail.Outbox;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.security.ApiTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

/**
 * The breach clock on a clock the test moves: 72 hours (24 for a telecom provider) of real time from awareness, also
 * across the night the clocks go back; reminders at the set points, each sent once even when the job dies halfway and
 * runs again, and only the most urgent one after the job was down; a late notice only with the reasons for the delay.
 */
@WaarborgTest
@Import(BreachClockTests.ClockConfiguration.class)
@TestPropertySource(properties = "waarborg.scheduling.enabled=false")
class BreachClockTests {

    static final nl.waarborg.MovableClock CLOCK = new nl.waarborg.MovableClock("2026-10-24T08:00:00Z");

    @TestConfiguration
    static class ClockConfiguration {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    Breaches breaches;

    @Autowired
    Escalations escalations;

    @Autowired
    Outbox outbox;

    @Autowired
    javax.sql.DataSource dataSource;

    @AfterEach
    void back() {
        CLOCK.set("2026-10-24T08:00:00Z");
        // Each test's breaches stop here, so no other test's run() meets them.
        new org.springframework.jdbc.core.JdbcTemplate(dataSource).update("UPDATE breach SET state = 'CLOSED'");
    }

    /** The template register, with or without the telecom kind that makes the deadline 24 hours. */
    void provider(boolean telecom) {
        String yaml = TestRegisters.template();
        TestRegisters.apply(
                editor,
                registers,
                telecom ? yaml : yaml.replace("kinds: [telecom, it, alarm]", "kinds: [it, alarm]"),
                "tests: provider kind");
        assertThat(breaches.telecom()).isEqualTo(telecom);
    }

    Breach report(String awareAt) {
        return breaches.report(new Breaches.Facts(
                "Verkeerd geadresseerde mail",
                "Een overzicht met klantgegevens ging naar de verkeerde ontvanger.",
                null,
                Instant.parse(awareAt),
                false,
                List.of(Breach.Nature.CONFIDENTIALITY),
                List.of("customer-contacts"),
                40,
                40,
                false,
                false,
                null,
                null,
                null));
    }

    List<String> subjects(Breach b) {
        return outbox.forReference(b.reference()).stream()
                .map(MailMessage::subject)
                .toList();
    }

    @Test
    void seventyTwoHoursOfRealTimeAcrossTheNightTheClocksGoBack() {
        provider(false);
        // Aware on Saturday 24 October 2026 at 10:00 in Amsterdam (summer time, 08:00 UTC).
        Breach b = report("2026-10-24T08:00:00Z");
        assertThat(b.deadlineHours()).isEqualTo(72);
        // 72 real hours later is Tuesday 27 October at 08:00 UTC: 09:00 in Amsterdam, winter time since Sunday.
        assertThat(b.dueAt()).isEqualTo(Instant.parse("2026-10-27T08:00:00Z"));
        String page = TestApi.withScopes(port, tokens, "breaches:read")
                .get("/api/v1/breaches/" + b.reference())
                .body();
        assertThat(page).contains("\"dueAt\":\"2026-10-27T08:00:00Z\"").contains("\"minutesLeft\":4320");
        assertThat(nl.waarborg.breaches.web.BreachTimes.local(b.dueAt())).isEqualTo("2026-10-27 09:00");
    }

    @Test
    void aTelecomProviderHasTwentyFourHoursEvenInTheShortNight() {
        provider(true);
        // Aware at 02:30 on 29 March 2026, just before the clocks go forward (01:30 UTC becomes 03:30 local at once).
        CLOCK.set("2026-03-29T01:30:00Z");
        Breach b = report("2026-03-29T00:30:00Z");
        assertThat(b.deadlineHours()).isEqualTo(24);
        assertThat(b.dueAt()).isEqualTo(Instant.parse("2026-03-30T00:30:00Z"));
        assertThat(nl.waarborg.breaches.web.BreachTimes.local(b.dueAt())).isEqualTo("2026-03-30 02:30");
    }

    @Test
    void aBreachWithoutRiskIsRecordedNotNotifiedWhenTheProviderIsNotTelecom() {
        provider(false);
        Breach b = report("2026-10-24T07:00:00Z");
        Breach decided = breaches.assess(
                b.reference(),
                new Breaches.Assessment(Breach.Risk.UNLIKELY, null, null, null, "Versleuteld, sleutel veilig."));
        assertThat(decided.state()).isEqualTo(Breach.State.NOT_NOTIFIED);
        assertThat(decided.clockRuns()).isFalse();
        // New facts: the decision is taken again, and the clock runs once more.
        Breach again = breaches.assess(
                b.reference(), new Breaches.Assessment(Breach.Risk.RISK, null, null, null, "De sleutel lag ernaast."));
        assertThat(again.state()).isEqualTo(Breach.State.ASSESSED);
    }

    @Test
    void remindersGoAtTheSetPointsEachOnceAndOnlyTheMostUrgentAfterADowntime() {
        provider(false);
        Breach b = report("2026-10-24T08:00:00Z");
        escalations.run();
        assertThat(subjects(b)).as("nothing is due yet").isEmpty();

        CLOCK.set("2026-10-25T09:00:00Z"); // 47 hours before the deadline
        escalations.run();
        escalations.run();
        assertThat(subjects(b))
                .as("the same point is sent once")
                .containsExactly("Datalek " + b.reference() + ": nog 47 u 0 min om te melden bij de AP");

        // The job was down a day: 24 and 8 hours before passed unsent; only the most urgent point goes now.
        CLOCK.set("2026-10-27T06:30:00Z"); // 1 h 30 before
        escalations.run();
        assertThat(subjects(b)).hasSize(2).last().asString().contains("nog 1 u 30 min");

        // The job dies in the middle of a point, after queueing its mail (its history entry fails): the mail goes
        // with the rest of the transaction, and the next run sends the point once.
        org.springframework.jdbc.core.JdbcTemplate db = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        db.execute("CREATE TABLE IF NOT EXISTS test_failure (what text PRIMARY KEY)");
        db.execute("CREATE OR REPLACE FUNCTION breach_event_fails() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.kind = 'ESCALATION' AND EXISTS (SELECT 1 FROM test_failure WHERE what = 'escalation')"
                + " THEN RAISE EXCEPTION 'the job dies here'; END IF; RETURN NEW; END $$");
        db.execute("DROP TRIGGER IF EXISTS breach_event_fails ON breach_event");
        db.execute("CREATE TRIGGER breach_event_fails BEFORE INSERT ON breach_event FOR EACH ROW"
                + " EXECUTE FUNCTION breach_event_fails()");
        db.update("INSERT INTO test_failure VALUES ('escalation')");
        CLOCK.set("2026-10-27T08:01:00Z");
        try {
            assertThatThrownBy(escalations::run).hasMessageContaining("the job dies here");
            assertThat(subjects(b)).as("no mail without its record").hasSize(2);
        } finally {
            db.update("DELETE FROM test_failure");
        }
        escalations.run();
        escalations.run();
        assertThat(subjects(b))
                .hasSize(3)
                .last()
                .asString()
                .isEqualTo("Datalek " + b.reference() + ": de termijn voor de melding bij de AP is verstreken");
        assertThat(outbox.forReference(b.reference()).get(2).body())
                .as("the mail names the breach by reference, not its facts")
                .contains("uiterlijk 2026-10-27 09:00")
                .doesNotContain("klantgegevens");

        // Late: the notice needs the reasons for the delay.
        breaches.assess(
                b.reference(),
                new Breaches.Assessment(Breach.Risk.RISK, null, null, null, "Klantgegevens bij een derde."));
        assertThatThrownBy(() ->
                        breaches.notifyAuthority(b.reference(), new Breaches.AuthorityNotice("AP-1", null, null, null)))
                .isInstanceOfSatisfying(
                        BreachException.class, e -> assertThat(e.field()).isEqualTo("delayReasons"));
        Breach notified = breaches.notifyAuthority(
                b.reference(),
                new Breaches.AuthorityNotice("AP-1", null, "De ontvanger bevestigde pas na twee dagen.", null));
        assertThat(notified.state()).isEqualTo(Breach.State.NOTIFIED);
        CLOCK.set("2026-10-28T08:00:00Z");
        escalations.run();
        assertThat(subjects(b)).as("a notified breach's clock has stopped").hasSize(3);
    }
}
