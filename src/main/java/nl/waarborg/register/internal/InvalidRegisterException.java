package nl.waarborg.register.internal;

import java.util.List;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.RegisterException;

/** A register file with errors; nothing of it was applied. */
public class InvalidRegisterException extends RegisterException {

    private final transient List<RegisterError> errors;

    public InvalidRegisterException(List<RegisterError> errors) {
        super(
                Kind.INVALID,
                "invalid-register",
                errors.get(0).path(),
                "The register has " + errors.size() + (errors.size() == 1 ? " error" : " errors")
                        + "; nothing was applied. First: " + errors.get(0));
        this.errors = List.copyOf(errors);
    }

    public List<RegisterError> errors() {
        return errors;
    }
}
