package nl.waarborg.web;

import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Map;
import nl.waarborg.errors.DomainException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Turns every error of a REST controller into problem+json. Rejected values are never echoed or logged: they may be
 * personal data.
 */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 100)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    /** Every module's own exceptions, and {@link ApiProblem}: status from the kind, type from the slug. */
    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> domain(DomainException e) {
        // Status and type only: the detail and the request path may name a person.
        log.debug("API answered {} {}", Problems.status(e.kind()).value(), e.slug());
        return ResponseEntity.status(Problems.status(e.kind())).body(Problems.of(e));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraint(ConstraintViolationException e) {
        var violation = e.getConstraintViolations().iterator().next();
        String field = violation.getPropertyPath().toString();
        field = field.contains(".") ? field.substring(field.lastIndexOf('.') + 1) : field;
        return ResponseEntity.badRequest()
                .body(Problems.of(
                        HttpStatus.BAD_REQUEST, "invalid-input", field + " " + violation.getMessage(), field));
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    ResponseEntity<ProblemDetail> denied(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(Problems.of(
                        HttpStatus.FORBIDDEN,
                        "forbidden",
                        "Your account or token lacks the permission for this operation",
                        null));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest()
                .body(Problems.of(
                        HttpStatus.BAD_REQUEST, "invalid-input", e.getName() + " has the wrong format", e.getName()));
    }

    /**
     * The last line against text PostgreSQL cannot store (a NUL character) that reached the database through a path
     * without its own check: the caller's input, so a 400 and not a failure of ours.
     */
    @ExceptionHandler(org.springframework.dao.DataAccessException.class)
    ResponseEntity<ProblemDetail> dataAccess(org.springframework.dao.DataAccessException e) {
        if (unstorableText(e)) {
            log.debug("API refused text PostgreSQL cannot store");
            return ResponseEntity.badRequest()
                    .body(Problems.of(
                            HttpStatus.BAD_REQUEST,
                            "invalid-input",
                            "A text in the request contains a NUL character, which Waarborg cannot store",
                            null));
        }
        return unexpected(e);
    }

    /** SQLSTATE 22021 (character not in repertoire) and 22P05 (untranslatable character, jsonb's \u0000). */
    static boolean unstorableText(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql
                    && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        // The class name only: messages of unexpected errors may carry data from the request.
        log.error("Unexpected error in an API call: {}", e.getClass().getName(), e);
        return ResponseEntity.internalServerError()
                .body(Problems.of(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal-error",
                        "Something went wrong on our side; the error has been logged",
                        null));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "reason", String.valueOf(f.getDefaultMessage())))
                .toList();
        var first = ex.getBindingResult().getFieldErrors().isEmpty()
                ? null
                : ex.getBindingResult().getFieldErrors().get(0);
        String detail = first == null ? "The request is invalid" : first.getField() + " " + first.getDefaultMessage();
        ProblemDetail problem =
                Problems.of(HttpStatus.BAD_REQUEST, "invalid-input", detail, first == null ? null : first.getField());
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return ResponseEntity.badRequest()
                .body(Problems.of(
                        HttpStatus.BAD_REQUEST,
                        "invalid-input",
                        ex.getParameterName() + " is required",
                        ex.getParameterName()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        JacksonException cause = ex.getCause() instanceof JacksonException j ? j : null;
        return ResponseEntity.badRequest()
                .body(Problems.of(
                        HttpStatus.BAD_REQUEST,
                        "unreadable-body",
                        cause == null
                                ? "The request body is not valid JSON for this call"
                                : Problems.unreadableDetail(cause),
                        cause == null ? null : Problems.jsonField(cause)));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            HttpStatus status = HttpStatus.resolve(statusCode.value());
            String slug = status == null ? "error" : status.name().toLowerCase().replace('_', '-');
            problem.setType(java.net.URI.create(Problems.TYPE_PREFIX + slug));
        }
        return response;
    }
}
