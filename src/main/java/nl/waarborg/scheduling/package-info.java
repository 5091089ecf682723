/** Owns scheduled work: runs the modules' jobs through the database so that two instances never run the same job. */
@org.springframework.modulith.ApplicationModule(displayName = "Scheduled jobs")
package nl.waarborg.scheduling;
