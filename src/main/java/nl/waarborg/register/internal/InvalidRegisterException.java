package nl.waarborg.register.internal;

import java.util.List;
import nl.waarborg.web.ApiProblem;
import org.springframework.http.HttpStatus;

/** A register file with errors; nothing of it was applied. */
public class InvalidRegisterException extends ApiProblem {

    private final transient List<RegisterError> errors;

    public InvalidRegisterException(List<RegisterError> errors) {
        super(
                HttpStatus.BAD_REQUEST,
                "invalid-register",
                "The register has " + errors.size() + (errors.size() == 1 ? " error" : " errors")
                        + "; nothing was applied. First: " + errors.get(0),
                errors.get(0).path());
        this.errors = List.copyOf(errors);
    }

    public List<RegisterError> errors() {
        return errors;
    }
}
