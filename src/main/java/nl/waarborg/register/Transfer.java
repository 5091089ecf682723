package nl.waarborg.register;

/**
 * Data of a category going to a country outside the EEA.
 *
 * @param country ISO 3166-1 alpha-2 code
 * @param recipient key of the recipient that receives it, or null
 */
public record Transfer(String country, String recipient, Safeguard safeguard) {}
