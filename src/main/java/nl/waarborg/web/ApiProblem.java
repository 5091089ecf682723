package nl.waarborg.web;

import org.springframework.http.HttpStatus;

/**
 * An error an API caller can act on. Rendered as {@code application/problem+json} with a stable {@code type}
 * ({@code urn:waarborg:problem:<slug>}), a human {@code detail} and, where one field is at fault, its name.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String slug;
    private final String field;

    public ApiProblem(HttpStatus status, String slug, String detail, String field) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.field = field;
    }

    public static ApiProblem invalid(String field, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-input", detail, field);
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", what + " does not exist", null);
    }

    public static ApiProblem conflict(String field, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, "conflict", detail, field);
    }

    public HttpStatus status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String field() {
        return field;
    }
}
