/** Owns what every page and API shares: the console layout and menu, languages, the dashboard frame and error replies. */
@org.springframework.modulith.ApplicationModule(displayName = "Web shell")
package nl.waarborg.web;
