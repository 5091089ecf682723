package nl.waarborg.requests.internal;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.apache.pdfbox.util.Matrix;

/**
 * Stamps a visible watermark across every page or the whole image of an identity document: its purpose, the request's
 * reference and the day, so a copy that leaks cannot pass for a clean one (the AP's advice for ID copies).
 */
final class Watermark {

    /** About a 50-megapixel photo: more than any phone camera takes of a card. */
    static final long MAX_PIXELS = 50_000_000L;
    /** A copy of an identity card or passport has a few pages, not hundreds. */
    static final int MAX_PAGES = 20;

    private Watermark() {}

    /** The stamped file, in the same format; {@code mediaType} is {@code image/jpeg}, {@code image/png} or PDF. */
    static byte[] stamp(byte[] file, String mediaType, String text) throws IOException {
        return switch (mediaType) {
            case "application/pdf" -> pdf(file, text);
            case "image/jpeg" -> image(file, text, "jpg");
            case "image/png" -> image(file, text, "png");
            default -> throw new IOException("not an image or PDF");
        };
    }

    private static byte[] image(byte[] file, String text, String format) throws IOException {
        // The size the file declares is read before its pixels: a small file may claim 40,000 × 40,000 pixels and
        // would take gigabytes to decode.
        BufferedImage source;
        try (javax.imageio.stream.ImageInputStream in =
                ImageIO.createImageInputStream(new ByteArrayInputStream(file))) {
            java.util.Iterator<javax.imageio.ImageReader> readers = ImageIO.getImageReaders(in);
            if (in == null || !readers.hasNext()) {
                throw new IOException("not a readable image");
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels < 1 || pixels > MAX_PIXELS) {
                    throw new IOException("image too large");
                }
                source = reader.read(0);
            } finally {
                reader.dispose();
            }
        }
        // Drawn on an RGB copy: an indexed or grey image could not hold the red text.
        BufferedImage image = new BufferedImage(
                source.getWidth(),
                source.getHeight(),
                "png".equals(format) ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.drawImage(source, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int size = Math.max(12, Math.min(source.getWidth(), source.getHeight()) / 18);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.45f));
            g.setColor(new Color(200, 0, 0));
            g.rotate(Math.toRadians(-30), source.getWidth() / 2.0, source.getHeight() / 2.0);
            int step = size * 4;
            int span = source.getWidth() + source.getHeight();
            for (int y = -span; y < span; y += step) {
                g.drawString(text, -span / 2, y);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    private static byte[] pdf(byte[] file, String text) throws IOException {
        try (PDDocument document = Loader.loadPDF(file)) {
            if (document.getNumberOfPages() > MAX_PAGES) {
                throw new IOException("too many pages");
            }
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            PDExtendedGraphicsState translucent = new PDExtendedGraphicsState();
            translucent.setNonStrokingAlphaConstant(0.45f);
            for (PDPage page : document.getPages()) {
                PDRectangle box = page.getMediaBox();
                float size = Math.max(10, Math.min(box.getWidth(), box.getHeight()) / 30);
                try (PDPageContentStream content =
                        new PDPageContentStream(document, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
                    content.setGraphicsStateParameters(translucent);
                    content.setNonStrokingColor(0.8f, 0f, 0f);
                    for (float y = box.getLowerLeftY(); y < box.getUpperRightY(); y += size * 5) {
                        content.beginText();
                        content.setFont(font, size);
                        content.setTextMatrix(Matrix.getRotateInstance(Math.toRadians(30), box.getLowerLeftX(), y));
                        content.showText(text);
                        content.endText();
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }
}
