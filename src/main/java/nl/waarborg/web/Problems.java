package nl.waarborg.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.waarborg.errors.DomainException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Builds and writes RFC 9457 problem details with Waarborg's stable type URIs. */
public final class Problems {

    public static final String TYPE_PREFIX = "urn:waarborg:problem:";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {}

    public static ProblemDetail of(HttpStatus status, String slug, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + slug));
        problem.setTitle(status.getReasonPhrase());
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }

    /** The HTTP status of a domain failure. */
    public static HttpStatus status(DomainException.Kind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT, REFUSED -> HttpStatus.CONFLICT;
            case GONE -> HttpStatus.GONE;
            case UNSUPPORTED_MEDIA_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case FAILED -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    /** The problem+json body of a domain failure: its status, type, detail and field. */
    public static ProblemDetail of(DomainException e) {
        return of(status(e.kind()), e.slug(), e.detail(), e.field());
    }

    /** For filters that answer before Spring MVC is involved (authentication, authorisation). */
    public static void write(HttpServletResponse response, HttpStatus status, String slug, String detail)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + slug);
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(body));
    }
}
