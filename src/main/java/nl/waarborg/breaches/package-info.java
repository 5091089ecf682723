/**
 * Personal-data breaches: the register of every breach (Art. 33(5) GDPR), the clock from awareness to the notice to
 * the Autoriteit Persoonsgegevens (72 hours, 24 for a public electronic communications provider), the risk decision
 * with its reasons, and the notice itself.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Breaches")
package nl.waarborg.breaches;
