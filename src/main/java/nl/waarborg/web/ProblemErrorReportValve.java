package nl.waarborg.web;

import java.io.PrintWriter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.web.util.HtmlUtils;

/**
 * Answers the errors Tomcat raises before Waarborg sees the request (a request line or header over the size limit, a
 * malformed URI) in Waarborg's own forms: problem+json for the API, a short page in Dutch and English elsewhere,
 * instead of Tomcat's page. Nothing of the request is repeated.
 */
class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // Only when nothing was written and no one reported the error yet, as Tomcat's own valve does.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        HttpStatus answer = known == null ? HttpStatus.BAD_REQUEST : known;
        try {
            // Spring Security never saw this request: the headers it would have set, set here.
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("X-Frame-Options", "DENY");
            response.setHeader("Referrer-Policy", "same-origin");
            response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
            response.setHeader("Cache-Control", "no-store");
            response.setCharacterEncoding("UTF-8");
            String body;
            if (wantsProblem(request)) {
                response.setContentType("application/problem+json");
                body = Problems.json(answer, slug(answer), detail(answer), null);
            } else {
                response.setContentType("text/html");
                body = page(answer);
            }
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (Exception | LinkageError e) {
            // The status already went out; a body is a courtesy.
        }
    }

    /**
     * Problem+json for the API, and whenever Tomcat could not read the request line: then nothing tells a browser from
     * an API client, and a problem document is readable for both.
     */
    private static boolean wantsProblem(Request request) {
        String uri;
        String accept;
        try {
            uri = request.getRequestURI();
            accept = request.getHeader("Accept");
        } catch (RuntimeException unparsed) {
            return true;
        }
        if (uri == null || uri.isEmpty()) {
            return true;
        }
        return uri.startsWith("/api/") || (accept != null && accept.contains("json") && !accept.contains("html"));
    }

    private static String slug(HttpStatus status) {
        return status == HttpStatus.BAD_REQUEST
                ? "invalid-request"
                : status.name().toLowerCase().replace('_', '-');
    }

    private static String detail(HttpStatus status) {
        return status == HttpStatus.BAD_REQUEST
                ? "The request line or its headers are malformed or too long (32 KiB at most): send long values in the"
                        + " request body"
                : status.getReasonPhrase();
    }

    private static String page(HttpStatus status) {
        String code = Integer.toString(status.value());
        String nl = status == HttpStatus.BAD_REQUEST
                ? "Waarborg kan dit verzoek niet lezen: het adres of een kopregel is te lang of heeft niet de juiste vorm."
                : "Waarborg kon dit verzoek niet afhandelen.";
        String en = status == HttpStatus.BAD_REQUEST
                ? "Waarborg cannot read this request: the address or a header is too long or malformed."
                : "Waarborg could not handle this request.";
        return "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>" + code + " — Waarborg</title>"
                + "</head><body><main><h1>" + code + " " + HtmlUtils.htmlEscape(status.getReasonPhrase()) + "</h1>"
                + "<p>" + nl + "</p><p lang=\"en\">" + en + "</p>"
                + "<p><a href=\"/console\">Waarborg</a></p></main></body></html>";
    }
}
