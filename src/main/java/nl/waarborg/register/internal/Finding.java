package nl.waarborg.register.internal;

import nl.waarborg.register.Text;

/**
 * A place where the register does not meet the law, or probably does not.
 *
 * @param rule stable id of the check, for example {@code traffic-data-no-retention-duty}
 * @param category the category concerned, or null when the finding is about the register as a whole
 * @param recipient the recipient, client organisation or external system concerned, or null
 */
public record Finding(
        Severity severity, String rule, Text explanation, String legalSource, String category, String recipient) {

    public enum Severity {
        /** Not lawful as written: fix before the statement is published. */
        ERROR,
        /** Probably not lawful or not needed: look at it. */
        WARNING
    }
}
