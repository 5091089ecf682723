package nl.waarborg.requests;

/**
 * Where a request stands. Only the request's own transitions move it; the last four are final.
 */
public enum RequestState {
    RECEIVED,
    /** Identity information was asked for; the deadline's clock stands still until it arrives. */
    AWAITING_VERIFICATION,
    VERIFIED,
    IN_PROGRESS,
    ANSWERED,
    REFUSED,
    WITHDRAWN,
    /** The identity information asked for never came; closed with the reason recorded. */
    CLOSED_UNVERIFIED;

    public boolean isOpen() {
        return this == RECEIVED || this == AWAITING_VERIFICATION || this == VERIFIED || this == IN_PROGRESS;
    }
}
