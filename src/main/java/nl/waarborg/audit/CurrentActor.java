package nl.waarborg.audit;

/**
 * Tells the audit trail who is acting in the current thread. The security module implements it, so the audit trail
 * needs no knowledge of sign-in mechanics.
 */
public interface CurrentActor {
    Actor current();
}
