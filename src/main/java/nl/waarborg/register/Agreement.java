package nl.waarborg.register;

import java.time.LocalDate;

/**
 * A processing agreement (Art. 28(3)) with a processor or a client organisation.
 *
 * @param present whether a signed agreement exists
 * @param date when it was signed, if known
 * @param reference where the document is, for example a contract number
 */
public record Agreement(boolean present, LocalDate date, String reference) {

    public static final Agreement NONE = new Agreement(false, null, null);
}
