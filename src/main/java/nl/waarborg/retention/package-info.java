/** Owns the enforcement of retention periods: due items found, deleted or anonymised, with receipts. */
@org.springframework.modulith.ApplicationModule(displayName = "Retention")
package nl.waarborg.retention;
