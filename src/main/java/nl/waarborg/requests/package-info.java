/** Owns data-subject requests from receipt to answer, within the legal deadline. */
@org.springframework.modulith.ApplicationModule(displayName = "Data-subject requests")
package nl.waarborg.requests;
