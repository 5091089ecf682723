package nl.waarborg.subjects.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Clock;
import java.time.Duration;
import nl.waarborg.subjects.SubjectsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class SubjectsConfiguration {

    static final String ROTATION_JOB = "subjects-key-rotation";
    static final String FILE_SWEEP_JOB = "subjects-recording-file-sweep";

    @Bean
    Keyring keyring(SubjectsProperties properties, Clock clock) {
        return new Keyring(properties.keyringPath(), clock);
    }

    @Bean
    Sealer sealer(Keyring keyring) {
        return new Sealer(keyring);
    }

    /** Picks up re-encryption that a restart or another instance left unfinished. */
    @Bean
    RecurringTask<Void> keyRotationJob(KeyRotation rotation, SubjectsProperties properties) {
        return Tasks.recurring(ROTATION_JOB, Schedules.fixedDelay(properties.rotationInterval()))
                .execute((instance, context) -> rotation.runPending());
    }

    /** Removes the audio files of deleted recordings that an ended process left queued. */
    @Bean
    RecurringTask<Void> recordingFileSweep(Recordings recordings, TransactionTemplate transactions) {
        return Tasks.recurring(FILE_SWEEP_JOB, Schedules.fixedDelay(Duration.ofMinutes(10)))
                .execute((instance, context) -> transactions.execute(tx -> recordings.sweepDeletedFiles()));
    }
}
