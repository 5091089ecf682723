package nl.waarborg.register.internal;

import java.util.List;
import nl.waarborg.register.RegisterException;

/**
 * A register whose check finds errors, applied without the reason they are accepted. Carries the findings as {@code
 * rule@category}, so that callers can list them without reading the sentence.
 */
public class UnacceptedFindingsException extends RegisterException {

    private final List<String> findings;

    UnacceptedFindingsException(List<String> findings) {
        super(
                Kind.REFUSED,
                "unaccepted-findings",
                "acceptFindings",
                "the check found " + findings.size() + " error(s) (" + String.join(", ", findings)
                        + "): fix the register, or apply it with acceptFindings giving the reason the findings are"
                        + " accepted");
        this.findings = List.copyOf(findings);
    }

    /** {@code rule@category}, or the rule alone for a finding about the register as a whole. */
    public List<String> findings() {
        return findings;
    }
}
