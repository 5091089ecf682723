/** Documents Waarborg writes for people and authorities: HTML pages rendered as PDF. No state, no dependencies. */
@org.springframework.modulith.ApplicationModule(displayName = "Documents")
package nl.waarborg.documents;
