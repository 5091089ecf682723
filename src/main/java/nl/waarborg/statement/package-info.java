/** Owns the privacy statement generated from a register version, in Dutch and English, and its versions. */
@org.springframework.modulith.ApplicationModule(displayName = "Privacy statement")
package nl.waarborg.statement;
