package nl.waarborg.web;

/**
 * An entry in the console's navigation, contributed by a module as a bean.
 *
 * @param labelKey message key of the label
 * @param path link target under {@code /console}
 * @param authority permission a staff member needs to see the entry, for example {@code audit:read}
 * @param order position, low first
 */
public record ConsoleMenuItem(String labelKey, String path, String authority, int order) {}
