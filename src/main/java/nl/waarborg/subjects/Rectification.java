package nl.waarborg.subjects;

/**
 * A correction of a person's data (Art. 16 GDPR): one field of the data of one register category set to its right
 * value, in every place that keeps it.
 *
 * @param category the register row's key, for example {@code customer-contacts}
 * @param field the field as the place names it; nested fields with dots ({@code address.street})
 * @param value the right value; empty clears the field
 * @param operationId makes a repeated call harmless; also the idempotency key sent to other systems
 */
public record Rectification(String category, String field, String value, String operationId) {

    public static final int MAX_VALUE = 10_000;

    public Rectification {
        if (category == null || category.isBlank() || category.length() > 200) {
            throw new SubjectsException(
                    SubjectsException.Kind.INVALID, "category", "name the register category of the data to correct");
        }
        if (field == null || !field.matches("^[A-Za-z0-9_-]{1,100}(\\.[A-Za-z0-9_-]{1,100}){0,9}$")) {
            throw new SubjectsException(
                    SubjectsException.Kind.INVALID,
                    "field",
                    "field is a name of letters, digits, '_' and '-', nested parts separated by dots");
        }
        if (value == null || value.length() > MAX_VALUE || value.indexOf('\0') >= 0) {
            throw new SubjectsException(
                    SubjectsException.Kind.INVALID,
                    "value",
                    "value is required, at most " + MAX_VALUE + " characters, without NUL characters");
        }
        category = category.strip();
        Operations.require(operationId);
    }
}
