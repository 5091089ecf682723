package nl.waarborg.register;

/** A client organisation for which the provider processes data as processor; each gets an Art. 30(2) record. */
public record ClientOrganisation(String key, String name, String contact, Agreement agreement) {}
