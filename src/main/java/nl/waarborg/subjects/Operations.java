package nl.waarborg.subjects;

/** Checks of operation ids, the keys that make a repeated deletion harmless. */
public final class Operations {

    public static final int MAX_LENGTH = 200;

    private Operations() {}

    /** An operation id is required, printable and at most {@value #MAX_LENGTH} characters. */
    public static String require(String operationId) {
        if (operationId == null || operationId.isBlank()) {
            throw new SubjectsException(
                    SubjectsException.Kind.INVALID,
                    "operationId",
                    "operationId is needed so that a repeated call does nothing twice");
        }
        if (operationId.length() > MAX_LENGTH || !operationId.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            throw new SubjectsException(
                    SubjectsException.Kind.INVALID,
                    "operationId",
                    "operationId must be printable and at most " + MAX_LENGTH + " characters");
        }
        return operationId;
    }
}
