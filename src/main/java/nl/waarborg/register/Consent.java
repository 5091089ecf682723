package nl.waarborg.register;

/**
 * How consent is asked and withdrawn; Art. 7(3) wants withdrawal as easy as giving.
 *
 * @param withdrawal how a person withdraws, or null when the register does not say (the check flags that)
 */
public record Consent(Text mechanism, Text withdrawal) {}
