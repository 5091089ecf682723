/** Owns the command-line client: every command except {@code serve} calls a running server's REST API. */
@org.springframework.modulith.ApplicationModule(displayName = "Command-line client")
package nl.waarborg.cli;
