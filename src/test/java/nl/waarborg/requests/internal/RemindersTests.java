package nl.waarborg.requests.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nl.waarborg.TestRegisters;
import nl.waarborg.WaarborgTest;
import nl.waarborg.mail.MailMessage;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The privacy desk's daily reminder: overdue and soon-due requests by reference, once a day, no personal data. */
@WaarborgTest
class RemindersTests {

    @Autowired
    Reminders reminders;

    @Autowired
    RequestDesk desk;

    @Autowired
    RegisterEditor editor;

    @Autowired
    Registers registers;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void theDeskHearsOncePerDayWhatIsOverdueAndWhatIsDueSoon() {
        TestRegisters.templateInForce(editor, registers);
        DataSubjectRequest late = new TransactionTemplate(transactions)
                .execute(s -> desk.submit(new RequestDesk.NewRequest(
                        "LETTER",
                        desk.today().minusDays(40),
                        List.of("ACCESS"),
                        "nl",
                        "Iemand Geheim",
                        "geheim@example.nl",
                        null,
                        null,
                        null,
                        List.of())));
        MailMessage reminder = reminders.remind().orElseThrow();
        assertThat(reminder.recipient()).isEqualTo("privacy@voorbeeld.example");
        assertThat(reminder.subject()).startsWith("Verzoeken: ");
        assertThat(reminder.body())
                .contains(late.reference() + " — uiterlijk " + late.dueOn())
                .contains("te laat");
        assertThat(reminder.body()).doesNotContain("Geheim").doesNotContain("geheim@example.nl");
        assertThat(reminders.remind().orElseThrow().id()).as("one a day").isEqualTo(reminder.id());
    }
}
