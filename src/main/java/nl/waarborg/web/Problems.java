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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
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
        write(response, status, slug, detail, null);
    }

    /** As {@link #write(HttpServletResponse, HttpStatus, String, String)}, naming the field at fault. */
    public static void write(HttpServletResponse response, HttpStatus status, String slug, String detail, String field)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json(status, slug, detail, field));
    }

    /** The problem+json text itself, for writers outside the servlet API (Tomcat's error report valve). */
    static String json(HttpStatus status, String slug, String detail, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + slug);
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        if (field != null) {
            body.put("field", field);
        }
        return JSON.writeValueAsString(body);
    }

    /** The JSON path of the offending value in a request body, for example {@code identifiers[0].kind}; null when unknown. */
    public static String jsonField(JacksonException e) {
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

    /** The detail for an unreadable body: which field and why, never the value. */
    public static String unreadableDetail(JacksonException e) {
        String field = jsonField(e);
        if (field == null) {
            return "The request body is not valid JSON for this call";
        }
        // Only JsonTextGuard rejects a text as text: every other mismatch is a wrong type or format.
        boolean nul = e instanceof InvalidFormatException f && f.getTargetType() == String.class;
        return nul
                ? field + " contains a NUL character or half of a surrogate pair, which Waarborg cannot store"
                : field + " has the wrong type or format";
    }
}
