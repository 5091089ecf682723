package nl.waarborg.traffic.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nl.waarborg.WaarborgTest;
import nl.waarborg.traffic.TrafficData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** {@code serve --demo} gives the demo customers six weeks of calls, once. */
@WaarborgTest
@TestPropertySource(properties = "waarborg.demo.enabled=true")
class TrafficDemoTests {

    @Autowired
    TrafficData traffic;

    @Autowired
    TrafficDemoData demo;

    @Test
    void demoCustomersHaveCallsAndARestartAddsNone() {
        List<TrafficData.CallRecord> jan = traffic.callsOf(List.of("06 12345 001"), null, null, 1000, null, "test");
        assertThat(jan).hasSize(TrafficDemoData.DAYS);
        assertThat(traffic.callsOf(List.of("020 700 0101"), null, null, 1000, null, "test"))
                .hasSize(TrafficDemoData.DAYS);

        // What a second start does (publishing the ready event again would restart the scheduler too).
        demo.load();

        assertThat(traffic.callsOf(List.of("06 12345 001"), null, null, 1000, null, "test"))
                .hasSize(TrafficDemoData.DAYS);
    }
}
