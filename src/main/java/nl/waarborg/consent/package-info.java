/** Keeps the proof of every consent and makes its withdrawal take effect at once (Art. 7 GDPR). */
@org.springframework.modulith.ApplicationModule(displayName = "Consent")
package nl.waarborg.consent;
