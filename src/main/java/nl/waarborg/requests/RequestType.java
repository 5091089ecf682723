package nl.waarborg.requests;

/** The rights a data subject can ask for (Art. 15–21 GDPR and the withdrawal of consent, Art. 7(3)). */
public enum RequestType {
    ACCESS,
    RECTIFICATION,
    ERASURE,
    RESTRICTION,
    OBJECTION,
    PORTABILITY,
    CONSENT_WITHDRAWAL
}
