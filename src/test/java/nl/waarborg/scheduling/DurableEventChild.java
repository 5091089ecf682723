package nl.waarborg.scheduling;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import nl.waarborg.WaarborgApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Waarborg in a JVM of its own for {@link DurableEventsTests}, with one more module listener. {@code publish}: publish
 * an event whose listener announces it started and then hangs until the JVM is killed. {@code resume}: start on the
 * same data folder and let the unhandled event reach the listener again, then print what was done.
 */
public final class DurableEventChild {

    /** An event between modules, like {@code RegisterVersionApplied}. */
    public record ProbeEvent(String id) {}

    private DurableEventChild() {}

    public static void main(String[] args) throws Exception {
        String dataDir = args[0];
        boolean publish = args[1].equals("publish");
        SpringApplication app = new SpringApplication(WaarborgApplication.class, Probe.class);
        ConfigurableApplicationContext context = app.run(
                "--waarborg.database.data-dir=" + dataDir,
                "--waarborg.database.name=durable",
                "--waarborg.database.clean-on-start=false",
                "--waarborg.security.cli-token-file=" + dataDir + "/cli-token",
                "--waarborg.subjects.keyring-file=" + dataDir + "/keyring",
                "--waarborg.subjects.recordings-dir=" + dataDir + "/recordings",
                "--server.port=0",
                "--waarborg.scheduling.polling-interval=1s",
                "--waarborg.scheduling.event-retry-after=2s",
                // The first JVM may be killed while it runs the resubmission job; the restarted one takes it up after
                // six missed heartbeats.
                "--waarborg.scheduling.heartbeat-interval=1s",
                "--spring.modulith.events.staleness.check-interval=1s",
                "--durable.hang=" + publish);
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        jdbc.execute("CREATE TABLE IF NOT EXISTS probe_done (id text, done_at timestamptz DEFAULT now())");
        if (publish) {
            String id = UUID.randomUUID().toString();
            context.getBean(TransactionTemplate.class)
                    .executeWithoutResult(tx -> context.publishEvent(new ProbeEvent(id)));
            System.out.println("PUBLISHED " + id);
            new CountDownLatch(1).await();
        }
        Probe probe = context.getBean(Probe.class);
        probe.done.await();
        // The registry marks the publication complete right after the listener returns.
        for (int i = 0; i < 50 && incomplete(jdbc) > 0; i++) {
            Thread.sleep(100);
        }
        Thread.sleep(3000);
        System.out.println("COUNTS done=" + jdbc.queryForObject("SELECT count(*) FROM probe_done", Long.class)
                + " incomplete=" + incomplete(jdbc));
        context.close();
        System.exit(0);
    }

    private static long incomplete(JdbcTemplate jdbc) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM event_publication WHERE completion_date IS NULL AND event_type LIKE ?",
                Long.class,
                "%ProbeEvent");
    }

    @Configuration(proxyBeanMethods = false)
    static class Probe {
        final CountDownLatch done = new CountDownLatch(1);

        @Bean
        Listener probeListener(JdbcTemplate jdbc, org.springframework.core.env.Environment env) {
            return new Listener(jdbc, env.getProperty("durable.hang", Boolean.class, false), done);
        }
    }

    static class Listener {
        private final JdbcTemplate jdbc;
        private final boolean hang;
        private final CountDownLatch done;

        Listener(JdbcTemplate jdbc, boolean hang, CountDownLatch done) {
            this.jdbc = jdbc;
            this.hang = hang;
            this.done = done;
        }

        /** Does its work in the listener's transaction; in the first JVM it hangs before committing. */
        @ApplicationModuleListener
        void on(ProbeEvent event) throws InterruptedException {
            jdbc.update("INSERT INTO probe_done (id) VALUES (?)", event.id());
            if (hang) {
                System.out.println("LISTENER-STARTED " + event.id());
                new CountDownLatch(1).await();
            }
            System.out.println("LISTENER-DONE " + event.id());
            done.countDown();
        }
    }
}
