package nl.waarborg.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events between modules survive a crash: a listener killed in the middle of its work (the JVM gets SIGKILL) leaves
 * its event unhandled in the publication registry, and after a restart the event reaches the listener again and its
 * work is done exactly once.
 */
class DurableEventsTests {

    @TempDir
    Path data;

    @Test
    void anEventWhoseListenerWasKilledMidwayIsHandledOnceAfterARestart() throws Exception {
        Process first = child("publish");
        try {
            String started = await(first, "LISTENER-STARTED", Duration.ofSeconds(120));
            assertThat(started).startsWith("LISTENER-STARTED ");
        } finally {
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        Process second = child("resume");
        try {
            String counts = await(second, "COUNTS", Duration.ofSeconds(120));
            assertThat(counts).isEqualTo("COUNTS done=1 incomplete=0");
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process child(String mode) throws IOException {
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        DurableEventChild.class.getName(),
                        data.toString(),
                        mode)
                .redirectErrorStream(true)
                .redirectOutput(data.resolve(mode + ".log").toFile())
                .start();
    }

    /** The first line of the child's output that starts with {@code prefix}; fails with the output when none comes. */
    private String await(Process process, String prefix, Duration limit) throws Exception {
        Path log = data.resolve((prefix.equals("COUNTS") ? "resume" : "publish") + ".log");
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no line starting with " + prefix + "; the child wrote:\n"
                + (Files.exists(log) ? Files.readString(log) : "(nothing)"));
    }
}
