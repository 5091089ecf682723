package nl.waarborg.breaches.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How the console and the API's readers see a breach's moments: Amsterdam time, to the minute. */
public final class BreachTimes {

    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(AMSTERDAM);

    private BreachTimes() {}

    public static String local(Instant at) {
        return MINUTE.format(at);
    }
}
