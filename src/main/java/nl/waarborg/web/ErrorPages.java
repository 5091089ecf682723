package nl.waarborg.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Answers what reaches the servlet container's error page (a request Tomcat could not decode, a {@code sendError}
 * from a filter, a path no controller has): problem+json for the API and for callers that want JSON, the console's
 * error page otherwise. Replaces Spring Boot's default, whose JSON is not a problem document.
 */
@Controller
class ErrorPages implements ErrorController {

    @RequestMapping(value = "/error", produces = MediaType.TEXT_HTML_VALUE)
    Object page(HttpServletRequest request, Model model) {
        if (wantsProblem(request)) {
            // A browser asking an API address still gets the API's answer.
            return problem(request);
        }
        model.addAttribute("status", status(request).value());
        return "error";
    }

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> problem(HttpServletRequest request) {
        HttpStatus status = status(request);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(status, slug(status), detail(status), null));
    }

    private static boolean wantsProblem(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return uri instanceof String path && path.startsWith("/api/");
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c ? HttpStatus.resolve(c) : null;
        return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    private static String slug(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "invalid-request";
            case NOT_FOUND -> "not-found";
            case INTERNAL_SERVER_ERROR -> "internal-error";
            default -> status.name().toLowerCase().replace('_', '-');
        };
    }

    private static String detail(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST ->
                "The request could not be read: a parameter is not valid UTF-8, is malformed or holds a character"
                        + " that is not allowed";
            case NOT_FOUND -> "There is nothing at this address";
            case INTERNAL_SERVER_ERROR -> "Something went wrong on our side; the error has been logged";
            default -> status.getReasonPhrase();
        };
    }
}
