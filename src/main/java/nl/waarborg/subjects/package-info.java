/**
 * Owns the people in the provider's data and where their data lives: subjects, organisations, services delivered and
 * identifiers, the built-in store with encryption at rest, call recordings, and the store seam through which every
 * place personal data lives (also traffic data and connected systems) is asked.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Subjects and data inventory")
package nl.waarborg.subjects;
