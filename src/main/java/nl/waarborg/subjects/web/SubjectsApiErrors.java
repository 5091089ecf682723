package nl.waarborg.subjects.web;

import nl.waarborg.subjects.internal.SealedDataException;
import nl.waarborg.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JacksonException;

/**
 * Names the field of an unreadable request body (a wrong enum value, a malformed date) without echoing the value, so
 * that a caller of the subjects API can see which field to fix.
 */
@RestControllerAdvice(basePackages = "nl.waarborg.subjects.web")
@Order(Ordered.HIGHEST_PRECEDENCE)
class SubjectsApiErrors {

    private static final Logger log = LoggerFactory.getLogger(SubjectsApiErrors.class);

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        String field = e.getCause() instanceof JacksonException j ? fieldOf(j) : null;
        String detail = field == null
                ? "The request body is not valid JSON for this call"
                : field + " has the wrong type or format";
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "unreadable-body", detail, field));
    }

    @ExceptionHandler(SealedDataException.class)
    ResponseEntity<ProblemDetail> sealed(SealedDataException e) {
        // The message holds a record or recording id, a key id or a chunk number only.
        log.error("Sealed data could not be opened: {}", e.getMessage());
        return ResponseEntity.internalServerError()
                .body(Problems.of(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "sealed-record",
                        "This cannot be decrypted: its key is not in this server's keyring, or the stored data was altered",
                        null));
    }

    /** The JSON path of the offending value, for example {@code identifiers[0].kind}; null when unknown. */
    static String fieldOf(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }
}
