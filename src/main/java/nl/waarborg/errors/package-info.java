/**
 * Owns what every module's errors share: the kind of failure, the field at fault and a detail safe to show, with no
 * knowledge of HTTP (each module's web layer turns them into problem+json).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Domain errors")
package nl.waarborg.errors;
