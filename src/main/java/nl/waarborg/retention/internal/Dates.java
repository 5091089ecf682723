package nl.waarborg.retention.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import nl.waarborg.audit.Actor;

/** Retention counts days in Amsterdam, whatever zone the clock or the server is in. */
final class Dates {

    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    private Dates() {}

    static LocalDate today(Clock clock) {
        return clock.instant().atZone(AMSTERDAM).toLocalDate();
    }

    static Instant instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static String reference(Actor actor) {
        return actor.reference();
    }
}
