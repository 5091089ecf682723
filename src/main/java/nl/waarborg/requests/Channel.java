package nl.waarborg.requests;

/** How a request reached the provider. For a letter or a call the day of receipt is the postmark or the call's day. */
public enum Channel {
    PORTAL,
    EMAIL,
    LETTER,
    PHONE,
    IN_PERSON,
    API;

    /**
     * Whether staff type it in later, so that the day it reached the provider must be given, not taken from now. An
     * e-mail staff forward from their own mailbox may give its day too ({@code receivedOn}); without one it counts from
     * its entry.
     */
    public boolean enteredByStaff() {
        return this == LETTER || this == PHONE || this == IN_PERSON;
    }
}
