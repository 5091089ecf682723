package nl.waarborg;

/**
 * What the JVM does when it is killed, for crash tests: an {@link Error} nobody catches, thrown from a place's batch
 * hook, so that nothing after that point runs and the work is left as a killed process leaves it.
 */
public final class ProcessKilled extends Error {

    public ProcessKilled() {
        super("the process died between two batches");
    }
}
