package nl.waarborg.subjects;

/** The part a person plays for an organisation or a service delivered to it. */
public enum SubjectRole {
    CONTACT_PERSON,
    BILLING_CONTACT,
    END_USER,
    CALLER,
    /** Keyholder of an alarm object: called by the alarm-receiving centre. */
    KEYHOLDER,
    WEBSITE_VISITOR,
    REQUESTER
}
