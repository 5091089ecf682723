/**
 * Owns the systems outside Waarborg that hold personal data (billing, CRM, ticketing, accounting): SQL, HTTP and
 * manual connectors configured in the register or as properties, their connection tests and the manual connectors'
 * staff tasks; each system is a place behind the store seam.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Connected systems")
package nl.waarborg.connectors;
