package nl.waarborg.subjects.web;

import nl.waarborg.subjects.RegisteredSubjectException;
import nl.waarborg.subjects.internal.SealedDataException;
import nl.waarborg.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The subjects API's own problems: an identifier that belongs to registered subjects, sealed data that cannot be opened. */
@RestControllerAdvice(basePackages = "nl.waarborg.subjects.web")
@Order(Ordered.HIGHEST_PRECEDENCE)
class SubjectsApiErrors {

    private static final Logger log = LoggerFactory.getLogger(SubjectsApiErrors.class);

    /** The identifier belongs to registered subjects: 409 with their ids, so the caller can read them instead. */
    @ExceptionHandler(RegisteredSubjectException.class)
    ResponseEntity<ProblemDetail> registered(RegisteredSubjectException e) {
        ProblemDetail problem = Problems.of(e);
        problem.setProperty("subjects", e.subjects());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
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
}
