package nl.waarborg.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.github.kagkarlsson.scheduler.task.Task;
import java.util.List;
import java.util.Locale;
import nl.waarborg.WaarborgTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;

/** The dashboard names every scheduled job in both languages, including jobs modules add later. */
@WaarborgTest
class JobLabelTests {

    @Autowired
    List<Task<?>> tasks;

    @Autowired
    MessageSource messages;

    @Test
    void everyScheduledJobHasADutchAndAnEnglishLabel() {
        assertThat(tasks).extracting(Task::getName).contains("audit-chain-verification", "traffic-partitions-ahead");
        for (Task<?> task : tasks) {
            for (Locale locale : List.of(Locale.forLanguageTag("nl"), Locale.ENGLISH)) {
                assertThatCode(() -> messages.getMessage("job." + task.getName(), null, locale))
                        .as("label of job %s in %s", task.getName(), locale)
                        .doesNotThrowAnyException();
            }
        }
    }
}
