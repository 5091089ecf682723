package nl.waarborg.web;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/** Replies that carry a file: its type and a file name the browser saves it under or shows it as. */
public final class Downloads {

    private Downloads() {}

    /** A file the browser saves (spreadsheets, exports). */
    public static ResponseEntity.BodyBuilder attachment(String contentType, String fileName) {
        return file(
                contentType, ContentDisposition.attachment().filename(fileName).build());
    }

    /** A file the browser may show itself (PDF, text, audio), still with a name for saving. */
    public static ResponseEntity.BodyBuilder inline(String contentType, String fileName) {
        return file(contentType, ContentDisposition.inline().filename(fileName).build());
    }

    private static ResponseEntity.BodyBuilder file(String contentType, ContentDisposition disposition) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_TYPE, contentType)
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString());
    }
}
