package nl.waarborg.requests;

/**
 * How the requester's identity was established, from the least to the most intrusive. An identity document is only
 * for a reasonable doubt that staff record (EDPB 01/2022 §73–79); the document itself is never kept.
 */
public enum VerificationMethod {
    /** Signed in to the portal with an account already linked to the person. */
    PORTAL_ACCOUNT,
    /** A one-time code sent to an e-mail address or phone number already on file, entered back. */
    ONE_TIME_CODE,
    /** Sent from, or answered through, contact details already on file for the person. */
    KNOWN_CONTACT,
    /** Seen in person at the provider's desk. */
    IN_PERSON,
    /** An identity document, only after a recorded reasonable doubt; the copy is deleted once decided. */
    IDENTITY_DOCUMENT
}
