/** Owns the register of processing activities (GDPR Art. 30): services, data categories, retention rules, versions. */
@org.springframework.modulith.ApplicationModule(displayName = "Register")
package nl.waarborg.register;
