/** Owns the database runtime: the embedded PostgreSQL server by default, or the check of an external one. */
@org.springframework.modulith.ApplicationModule(displayName = "Database runtime")
package nl.waarborg.database;
