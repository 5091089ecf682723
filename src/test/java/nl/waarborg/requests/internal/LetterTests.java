package nl.waarborg.requests.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.mail.MailMessage;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The letters a request writes: each outcome in the requester's language, a refusal (whole or in part) with its
 * reasons and the rights to complain and to go to court, and every letter as a PDF for post.
 */
@WaarborgTest
class LetterTests {

    @Autowired
    RequestDesk desk;

    @Autowired
    LetterPdf pdf;

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

    DataSubjectRequest byPost(String language) {
        return new TransactionTemplate(transactions)
                .execute(s -> desk.submit(new RequestDesk.NewRequest(
                        "LETTER",
                        desk.today().minusDays(1),
                        List.of("ACCESS", "ERASURE"),
                        language,
                        "M. Jansen",
                        null,
                        null,
                        "Dorpsstraat 1\n1234 AB Ergens",
                        null,
                        List.of())));
    }

    @Test
    void anAnswerThatRefusesInPartGivesTheReasonsAndTheRightsAndPrintsForPost() throws Exception {
        DataSubjectRequest r = byPost("nl");
        desk.verify(r.reference(), "KNOWN_CONTACT", null);
        desk.answer(
                r.reference(),
                "U krijgt een overzicht van uw gegevens bij deze brief.",
                "Uw facturen van 2024 bewaren we: de wet verplicht ons ze zeven jaar te bewaren.");
        List<MailMessage> letters = desk.letters(desk.show(r.reference()));
        assertThat(letters).extracting(MailMessage::state).containsOnly(MailMessage.State.POST);
        MailMessage answer = letters.get(letters.size() - 1);
        assertThat(answer.body())
                .startsWith("Beste M. Jansen,")
                .contains("U krijgt een overzicht")
                .contains("Een deel van uw verzoek voeren we niet uit")
                .contains("zeven jaar")
                .contains("klacht indienen bij de Autoriteit Persoonsgegevens")
                .contains("naar de rechter")
                .contains("kosteloos");
        assertThat(db.queryForObject(
                        "SELECT kind FROM request_event WHERE request_id = ? ORDER BY id DESC LIMIT 1",
                        String.class,
                        r.id()))
                .isEqualTo("ANSWERED_IN_PART");

        byte[] printed = pdf.render(r.reference(), answer.id()).orElseThrow();
        try (PDDocument document = Loader.loadPDF(printed)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("M. Jansen").contains("Dorpsstraat 1").contains("1234 AB Ergens");
            assertThat(text).contains(r.reference()).contains("zeven jaar");
        }
        assertThat(pdf.render(r.reference(), UUID.randomUUID())).isEmpty();
        DataSubjectRequest other = byPost("en");
        assertThat(pdf.render(other.reference(), answer.id()))
                .as("another request's letter")
                .isEmpty();
    }

    @Test
    void aRefusalInEnglishGivesTheReasonsTheAuthorityAndTheCourt() {
        DataSubjectRequest r = byPost("en");
        desk.refuse(r.reference(), "The request repeats one answered last week.");
        MailMessage refusal = desk.letters(desk.show(r.reference())).get(1);
        assertThat(refusal.subject()).isEqualTo("Request " + r.reference() + ": we will not carry out your request");
        assertThat(refusal.body())
                .startsWith("Dear M. Jansen,")
                .contains("The request repeats one answered last week.")
                .contains("complain to the Autoriteit Persoonsgegevens")
                .contains("go to court");
    }
}
