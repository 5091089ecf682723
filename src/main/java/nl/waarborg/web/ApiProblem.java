package nl.waarborg.web;

import nl.waarborg.errors.DomainException;

/**
 * An error raised by web code itself (a page or API call that names something that does not exist). Domain code
 * throws its own module's {@link DomainException}; both are rendered alike, as {@code application/problem+json} for
 * the API (see {@link Problems}).
 */
public class ApiProblem extends DomainException {

    public ApiProblem(Kind kind, String field, String detail) {
        super(kind, field, detail);
    }

    public static ApiProblem invalid(String field, String detail) {
        return new ApiProblem(Kind.INVALID, field, detail);
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(Kind.NOT_FOUND, null, what + " does not exist");
    }

    public static ApiProblem conflict(String field, String detail) {
        return new ApiProblem(Kind.CONFLICT, field, detail);
    }
}
