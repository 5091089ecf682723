/** Owns the append-only, hash-chained audit trail of every access to and change of personal data. */
@org.springframework.modulith.ApplicationModule(displayName = "Audit trail")
package nl.waarborg.audit;
