/** Owns where personal data lives: subjects, their identifiers, the built-in store, connectors and traffic data. */
@org.springframework.modulith.ApplicationModule(displayName = "Subjects and data inventory")
package nl.waarborg.subjects;
