package nl.waarborg.traffic.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Calls of the demo customers for {@code serve --demo}, so that their subject pages show traffic data: the last six
 * weeks, numbers from the regulator's ranges for fiction. Each call has a fixed id, so a second start on the same day
 * adds nothing (the import skips what it already holds).
 */
@Component
@ConditionalOnProperty(name = "waarborg.demo.enabled", havingValue = "true")
class TrafficDemoData {

    private static final Logger log = LoggerFactory.getLogger(TrafficDemoData.class);
    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    // The bakery's line, two private customers' mobiles, and numbers outside the demo.
    private static final String[] OWN = {"+31207000101", "+31612345001", "+31612345002"};
    private static final String[] OTHERS = {"+31107000150", "+31307000160", "+31612345099"};
    static final int DAYS = 42;

    private final CdrIngest ingest;
    private final Clock clock;

    TrafficDemoData(CdrIngest ingest, Clock clock) {
        this.ingest = ingest;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void load() {
        // Ids name the call's day: a restart adds only the days since the last start.
        ZonedDateTime today = ZonedDateTime.now(clock.withZone(AMSTERDAM)).truncatedTo(ChronoUnit.DAYS);
        StringBuilder lines = new StringBuilder();
        for (int day = 1; day <= DAYS; day++) {
            ZonedDateTime date = today.minusDays(day);
            for (int n = 0; n < OWN.length; n++) {
                ZonedDateTime start = date.plusHours(9 + 3 * n).plusMinutes(7L * day % 50);
                int seconds = 20 + (day * 37 + n * 11) % 400;
                boolean outgoing = (day + n) % 2 == 0;
                String own = OWN[n];
                String other = OTHERS[(day + n) % OTHERS.length];
                lines.append("{\"id\":\"demo-")
                        .append(date.toLocalDate())
                        .append('-')
                        .append(n)
                        .append("\",\"start\":\"")
                        .append(start.toOffsetDateTime())
                        .append("\",\"end\":\"")
                        .append(start.plusSeconds(seconds).toOffsetDateTime())
                        .append("\",\"calling\":\"")
                        .append(outgoing ? own : other)
                        .append("\",\"called\":\"")
                        .append(outgoing ? other : own)
                        .append("\",\"disposition\":\"ANSWERED\"}\n");
            }
        }
        IngestResult result = ingest.ingest(
                CdrFormat.JSONL, new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)));
        log.info("Demo traffic data: {} calls read, {} added", result.read(), result.added());
    }
}
