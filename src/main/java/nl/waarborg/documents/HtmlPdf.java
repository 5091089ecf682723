package nl.waarborg.documents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An HTML page as a PDF with openhtmltopdf (the page's own {@code @page} rule sets size and margins): letters, the
 * statement, the breach notice. The HTML is parsed leniently (jsoup) and handed over as a DOM, so a stray character in
 * a text cannot break the document.
 */
public final class HtmlPdf {

    private HtmlPdf() {}

    /** @param baseUri where relative links and images are resolved, or null */
    public static byte[] render(String html, String baseUri) {
        org.w3c.dom.Document w3c = new org.jsoup.helper.W3CDom().fromJsoup(org.jsoup.Jsoup.parse(html));
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(65_536)) {
            com.openhtmltopdf.pdfboxout.PdfRendererBuilder builder =
                    new com.openhtmltopdf.pdfboxout.PdfRendererBuilder();
            builder.useFastMode();
            builder.withW3cDocument(w3c, baseUri);
            builder.toStream(out);
            builder.run();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text made safe to put into HTML; control characters other than line breaks and tabs are left out. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\r' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
