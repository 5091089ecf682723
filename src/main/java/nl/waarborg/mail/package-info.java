/** Owns outgoing mail: a transactional outbox from which letters are sent over SMTP, at most once each. */
@org.springframework.modulith.ApplicationModule(displayName = "Outgoing mail")
package nl.waarborg.mail;
