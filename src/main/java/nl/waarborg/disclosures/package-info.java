/**
 * Disclosures to authorities: every demand of the police, the justice department or an emergency service for a
 * person's data and what was provided on it, with the legal basis, the dates, who handled it and whether the person
 * may be told. The data concerned is held (a legal hold) while the demand runs; an access answer names the disclosures
 * the person may be told about and leaves out the others.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Disclosures")
package nl.waarborg.disclosures;
