package nl.waarborg.requests.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.errors.DomainException;
import nl.waarborg.requests.Channel;
import nl.waarborg.requests.RequestState;
import nl.waarborg.requests.RequestStateChanged;
import nl.waarborg.requests.RequestType;
import nl.waarborg.requests.RequestsException;
import nl.waarborg.requests.VerificationMethod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The request aggregate alone: which transitions each state allows, and what pauses and extensions do to the due date. */
class RequestLifecycleTests {

    static Deadlines deadlines;

    @BeforeAll
    static void calendar() throws IOException {
        try (InputStream in = RequestLifecycleTests.class.getResourceAsStream("/holidays/nl.txt")) {
            deadlines = new Deadlines(HolidayCalendar.read("holidays/nl.txt", in));
        }
    }

    static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    static Instant at(String day) {
        return LocalDate.parse(day).atTime(10, 0).atZone(RequestDesk.AMSTERDAM).toInstant();
    }

    static DataSubjectRequest received(String day) {
        return DataSubjectRequest.receive(
                UUID.randomUUID(),
                "2026-0001",
                new DataSubjectRequest.Intake(
                        Channel.LETTER,
                        at(day),
                        d(day),
                        at(day),
                        Set.of(RequestType.ACCESS, RequestType.ERASURE),
                        "nl",
                        null,
                        "a@example.nl",
                        null,
                        null,
                        null,
                        List.of()),
                1,
                Set.of(),
                deadlines,
                "staff:1");
    }

    @Test
    void theClockStandsStillWhileIdentityInformationIsAwaited() {
        DataSubjectRequest r = received("2026-03-05");
        assertThat(r.dueOn()).isEqualTo(d("2026-04-07"));
        r.requestVerification(at("2026-03-06"), d("2026-03-06"), "staff:1", null, 7);
        assertThat(r.state()).isEqualTo(RequestState.AWAITING_VERIFICATION);
        // While paused, the days paused so far already count.
        assertThat(r.deadline(deadlines, d("2026-03-11")).dueOn()).isEqualTo(d("2026-04-10"));
        r.verify(at("2026-03-16"), d("2026-03-16"), VerificationMethod.ONE_TIME_CODE, "portal", null, deadlines);
        assertThat(r.pausedDays()).isEqualTo(10);
        assertThat(r.pausedSince()).isNull();
        assertThat(r.dueOn()).isEqualTo(d("2026-04-15"));
        assertThat(r.events())
                .extracting(e -> ((RequestStateChanged) e).to())
                .containsExactly(RequestState.AWAITING_VERIFICATION, RequestState.VERIFIED);
    }

    @Test
    void identityInformationAskedLateDoesNotStopTheClock() {
        DataSubjectRequest r = received("2026-03-05");
        // Asked on the seventh day after receipt: still without delay.
        DataSubjectRequest prompt = received("2026-03-05");
        prompt.requestVerification(at("2026-03-12"), d("2026-03-12"), "staff:1", null, 7);
        assertThat(prompt.pausedSince()).isEqualTo(d("2026-03-12"));
        // Asked on the 30th of March, three weeks in: the deadline stays 7 April (5 April is Easter Sunday, the 6th
        // Easter Monday).
        r.requestVerification(at("2026-03-30"), d("2026-03-30"), "staff:1", null, 7);
        assertThat(r.state()).isEqualTo(RequestState.AWAITING_VERIFICATION);
        assertThat(r.pausedSince()).isNull();
        assertThat(r.deadline(deadlines, d("2026-04-03")).dueOn()).isEqualTo(d("2026-04-07"));
        r.verify(at("2026-04-02"), d("2026-04-02"), VerificationMethod.ONE_TIME_CODE, "portal", null, deadlines);
        assertThat(r.pausedDays()).isZero();
        assertThat(r.dueOn()).isEqualTo(d("2026-04-07"));
    }

    @Test
    void extendsOnlyWithReasonWithinTheFirstMonthAndByTwoMonthsAtMost() {
        DataSubjectRequest r = received("2026-03-05");
        assertThatThrownBy(() -> r.extend(at("2026-03-20"), d("2026-03-20"), 2, "staff:1", " ", deadlines))
                .isInstanceOf(RequestsException.class)
                .hasMessageContaining("reasons");
        assertThatThrownBy(() -> r.extend(at("2026-03-20"), d("2026-03-20"), 3, "staff:1", "many systems", deadlines))
                .hasMessageContaining("at most two months");
        r.extend(at("2026-03-20"), d("2026-03-20"), 1, "staff:1", "forty connected systems", deadlines);
        assertThat(r.dueOn()).isEqualTo(d("2026-05-05").plusDays(1)); // 5 May is Liberation Day
        assertThatThrownBy(() -> r.extend(at("2026-03-21"), d("2026-03-21"), 2, "staff:1", "more", deadlines))
                .hasMessageContaining("it already has 1");
        r.extend(at("2026-03-21"), d("2026-03-21"), 1, "staff:1", "and an archive", deadlines);
        assertThat(r.dueOn()).isEqualTo(d("2026-06-05"));

        DataSubjectRequest late = received("2026-03-05");
        // The first month ended on 7 April (Easter): the 8th is too late to tell the requester.
        assertThatThrownBy(() -> late.extend(at("2026-04-08"), d("2026-04-08"), 1, "staff:1", "busy", deadlines))
                .isInstanceOfSatisfying(RequestsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DomainException.Kind.REFUSED);
                    assertThat(e.slug()).isEqualTo("extension-too-late");
                })
                .hasMessageContaining("2026-04-07");
        late.extend(at("2026-04-07"), d("2026-04-07"), 1, "staff:1", "busy", deadlines);
    }

    @Test
    void eachStateAllowsOnlyItsOwnSteps() {
        DataSubjectRequest r = received("2026-03-05");
        assertThatThrownBy(() -> r.answer(at("2026-03-06"), "staff:1", "done"))
                .isInstanceOfSatisfying(
                        RequestsException.class, e -> assertThat(e.kind()).isEqualTo(DomainException.Kind.CONFLICT))
                .hasMessage("cannot answer a request that is received");
        assertThatThrownBy(() -> r.start(at("2026-03-06"), "staff:1")).hasMessageContaining("received");
        assertThatThrownBy(() -> r.closeUnverified(at("2026-03-06"), d("2026-03-06"), "staff:1", "x", deadlines))
                .hasMessageContaining("close as unverified");
        assertThatThrownBy(() -> r.refuse(at("2026-03-06"), d("2026-03-06"), "staff:1", "", deadlines))
                .hasMessageContaining("reasons");
        assertThatThrownBy(() -> r.verify(
                        at("2026-03-06"), d("2026-03-06"), VerificationMethod.IDENTITY_DOCUMENT, "s", null, deadlines))
                .hasMessageContaining("reasonable doubt");
        r.verify(at("2026-03-06"), d("2026-03-06"), VerificationMethod.KNOWN_CONTACT, "staff:1", null, deadlines);
        r.start(at("2026-03-07"), "staff:1");
        r.answer(at("2026-03-08"), "staff:1", "access package sent");
        assertThat(r.state()).isEqualTo(RequestState.ANSWERED);
        assertThat(r.closedAt()).isEqualTo(at("2026-03-08"));
        assertThatThrownBy(() -> r.withdraw(at("2026-03-09"), d("2026-03-09"), "staff:1", null, deadlines))
                .hasMessage("cannot withdraw a request that is answered");
        assertThatThrownBy(() -> r.assign(at("2026-03-09"), "staff:1", "x")).hasMessageContaining("answered");
        // A note can still be added to a closed request.
        r.note(at("2026-03-09"), "staff:1", "requester called to say thanks");
        assertThat(r.history())
                .extracting(DataSubjectRequest.Entry::kind)
                .containsExactly("RECEIVED", "VERIFIED", "STARTED", "ANSWERED", "NOTE");
    }

    @Test
    void unansweredVerificationClosesWithItsReasonAndARefusalCanComeAtAnyOpenStep() {
        DataSubjectRequest r = received("2026-03-05");
        r.requestVerification(at("2026-03-05"), d("2026-03-05"), "staff:1", "code sent", 7);
        r.closeUnverified(at("2026-04-20"), d("2026-04-20"), "system:requests", "no answer in 30 days", deadlines);
        assertThat(r.state()).isEqualTo(RequestState.CLOSED_UNVERIFIED);
        assertThat(r.pausedDays()).isEqualTo(46);
        assertThat(r.outcome()).isEqualTo("no answer in 30 days");

        DataSubjectRequest refused = received("2026-03-05");
        refused.refuse(at("2026-03-06"), d("2026-03-06"), "staff:1", "manifestly unfounded: the tenth copy", deadlines);
        assertThat(refused.state()).isEqualTo(RequestState.REFUSED);
    }
}
