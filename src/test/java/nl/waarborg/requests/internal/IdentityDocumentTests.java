package nl.waarborg.requests.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.sql.DataSource;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.errors.DomainException;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import nl.waarborg.requests.RequestsException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An identity document, only for a recorded doubt: asked with an upload link, checked by content, stamped with a
 * visible watermark, kept sealed, and gone once the verification is decided, with only the fact left.
 */
@WaarborgTest
class IdentityDocumentTests {

    static final Pattern LINK = Pattern.compile("/portal/requests/([A-Za-z0-9_-]{43})/document");

    @Autowired
    IdentityDocuments documents;

    @Autowired
    Portal portal;

    @Autowired
    RequestDesk desk;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    DataSource dataSource;

    @Autowired
    PlatformTransactionManager transactions;

    JdbcTemplate db;

    @BeforeEach
    void setUp() {
        TestRegisters.templateInForce(editor, registers);
        db = new JdbcTemplate(dataSource);
    }

    DataSubjectRequest letter() {
        return new TransactionTemplate(transactions)
                .execute(s -> desk.submit(new RequestDesk.NewRequest(
                        "LETTER",
                        desk.today().minusDays(2),
                        List.of("ERASURE"),
                        "en",
                        "Doubtful",
                        "doc-" + UUID.randomUUID() + "@example.nl",
                        null,
                        null,
                        null,
                        List.of())));
    }

    String askAndReadLink(DataSubjectRequest r) {
        documents.ask(r.reference(), "The signature differs from the one on the contract");
        String body = db.queryForObject(
                "SELECT body FROM mail_message WHERE reference = ? AND subject LIKE '%identity document%'",
                String.class, "request " + r.reference());
        Matcher m = LINK.matcher(body);
        assertThat(m.find()).as(body).isTrue();
        assertThat(body).contains("(BSN)").contains("watermark");
        return m.group(1);
    }

    static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(600, 380, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 600, 380);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void aDocumentIsAskedOnlyForADoubtStampedSealedAndGoneOnceDecided() throws Exception {
        DataSubjectRequest r = letter();
        assertThatThrownBy(() -> documents.ask(r.reference(), " "))
                .isInstanceOfSatisfying(
                        RequestsException.class, e -> assertThat(e.field()).isEqualTo("doubt"));
        String token = askAndReadLink(r);
        assertThat(db.queryForObject("SELECT state FROM request WHERE id = ?", String.class, r.id()))
                .isEqualTo("AWAITING_VERIFICATION");
        assertThat(portal.request(token))
                .as("a document link does not open the code step, where a code would override the doubt")
                .isEmpty();

        assertThatThrownBy(() -> documents.upload(token, new byte[0]))
                .isInstanceOfSatisfying(
                        RequestsException.class, e -> assertThat(e.field()).isEqualTo("file"));
        assertThatThrownBy(() -> documents.upload(token, "MZ\u0000 not a picture".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        RequestsException.class,
                        e -> assertThat(e.kind()).isEqualTo(DomainException.Kind.UNSUPPORTED_MEDIA_TYPE));
        assertThatThrownBy(() -> documents.upload(token, new byte[IdentityDocuments.MAX_BYTES + 1]))
                .isInstanceOfSatisfying(
                        RequestsException.class, e -> assertThat(e.kind()).isEqualTo(DomainException.Kind.TOO_LARGE));
        // A PNG header on a broken body: recognised by its content, refused as unreadable, nothing stored.
        byte[] broken = java.util.Arrays.copyOf(png(), 60);
        assertThatThrownBy(() -> documents.upload(token, broken)).isInstanceOf(RequestsException.class);
        assertThat(documents.held(r)).isFalse();
        // A small PNG that claims 40,000 × 40,000 pixels is refused before it is decoded.
        byte[] bomb = png();
        java.nio.ByteBuffer.wrap(bomb, 16, 8).putInt(40_000).putInt(40_000);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bomb, 12, 17);
        java.nio.ByteBuffer.wrap(bomb, 29, 4).putInt((int) crc.getValue());
        assertThatThrownBy(() -> documents.upload(token, bomb))
                .isInstanceOfSatisfying(
                        RequestsException.class, e -> assertThat(e.field()).isEqualTo("file"));

        documents.upload(token, png());
        byte[] sealed =
                db.queryForObject("SELECT sealed FROM request_document WHERE request_id = ?", byte[].class, r.id());
        assertThat(new String(sealed, 1, 3, StandardCharsets.ISO_8859_1))
                .as("not stored as a PNG")
                .isNotEqualTo("PNG");
        IdentityDocuments.Document shown = documents.view(r.reference()).orElseThrow();
        BufferedImage stamped = ImageIO.read(new ByteArrayInputStream(shown.bytes()));
        long red = 0;
        for (int x = 0; x < stamped.getWidth(); x += 2) {
            for (int y = 0; y < stamped.getHeight(); y += 2) {
                Color c = new Color(stamped.getRGB(x, y));
                if (c.getRed() > 200 && c.getGreen() < 190) {
                    red++;
                }
            }
        }
        assertThat(red).as("a visible red watermark across the white image").isGreaterThan(500);

        desk.verify(r.reference(), "IDENTITY_DOCUMENT", "Photo and name match the contract");
        assertThat(documents.held(r)).as("deleted once decided").isFalse();
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM audit_entry WHERE action = 'DELETE' AND target_type = 'request_document'"
                                + " AND target_id = ?",
                        Long.class,
                        r.id().toString()))
                .isEqualTo(1);
        assertThat(db.queryForList(
                        "SELECT kind FROM request_event WHERE request_id = ? ORDER BY id", String.class, r.id()))
                .containsSubsequence("DOCUMENT_REQUESTED", "DOCUMENT_RECEIVED", "VERIFIED");
        assertThat(db.queryForObject("SELECT verification FROM request WHERE id = ?", String.class, r.id()))
                .isEqualTo("IDENTITY_DOCUMENT");
        assertThat(documents.waiting(token)).as("the link leads nowhere now").isEmpty();
    }

    @Test
    void aPdfIsStampedOnEveryPageAndADocumentIsTakenOnlyWhenAskedFor() throws Exception {
        DataSubjectRequest r = letter();
        String token = askAndReadLink(r);
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage());
            document.addPage(new PDPage());
            document.save(pdf);
        }
        documents.upload(token, pdf.toByteArray());
        try (PDDocument stamped =
                Loader.loadPDF(documents.view(r.reference()).orElseThrow().bytes())) {
            PDFTextStripper text = new PDFTextStripper();
            for (int page = 1; page <= 2; page++) {
                text.setStartPage(page);
                text.setEndPage(page);
                // Rotated text comes out in pieces: joined, the stamp reads whole.
                assertThat(text.getText(stamped).replaceAll("\\R", ""))
                        .contains("Only for verification - request " + r.reference());
            }
        }
        desk.closeUnverified(r.reference(), "The copy does not match the contract");
        assertThat(documents.held(r)).isFalse();

        // A request nobody asked a document for takes none, whatever the link.
        DataSubjectRequest other = letter();
        assertThat(documents.waiting("B".repeat(43))).isEmpty();
        assertThatThrownBy(() -> documents.upload("B".repeat(43), png())).isInstanceOf(RequestsException.class);
        assertThat(documents.held(other)).isFalse();
    }
}
