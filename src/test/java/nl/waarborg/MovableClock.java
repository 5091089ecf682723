package nl.waarborg;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test sets and the whole application reads (registered as the primary {@code Clock} bean by the test's own
 * configuration), for deadlines across month ends, leap days and DST changes.
 */
public final class MovableClock extends Clock {

    private volatile Instant now;

    public MovableClock(String instant) {
        now = Instant.parse(instant);
    }

    public void set(String instant) {
        now = Instant.parse(instant);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now, zone);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
