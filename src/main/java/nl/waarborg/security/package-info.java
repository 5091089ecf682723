/** Owns staff accounts, roles and permissions, sign-in, login throttling and the API tokens of other systems. */
@org.springframework.modulith.ApplicationModule(displayName = "Security")
package nl.waarborg.security;
