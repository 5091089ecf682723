package nl.waarborg.subjects.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Clock;
import java.util.List;
import nl.waarborg.subjects.SubjectsProperties;
import nl.waarborg.web.ConsoleMenuItem;
import nl.waarborg.web.DashboardTile;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SubjectsConfiguration {

    static final String ROTATION_JOB = "subjects-key-rotation";

    @Bean
    Keyring keyring(SubjectsProperties properties, Clock clock) {
        return new Keyring(properties.keyringPath(), clock);
    }

    @Bean
    Sealer sealer(Keyring keyring) {
        return new Sealer(keyring);
    }

    @Bean
    ConsoleMenuItem subjectsMenu() {
        return new ConsoleMenuItem("menu.subjects", "/console/subjects", "subjects:read", 30);
    }

    /** Picks up re-encryption that a restart or another instance left unfinished. */
    @Bean
    RecurringTask<Void> keyRotationJob(KeyRotation rotation, SubjectsProperties properties) {
        return Tasks.recurring(ROTATION_JOB, Schedules.fixedDelay(properties.rotationInterval()))
                .execute((instance, context) -> rotation.runPending());
    }

    @Bean
    DashboardTile subjectsTile(Inventory inventory, RecordStore store, Recordings recordings, KeyRotation rotation) {
        return new DashboardTile() {
            @Override
            public String titleKey() {
                return "dashboard.subjects";
            }

            @Override
            public String authority() {
                return "subjects:read";
            }

            @Override
            public int order() {
                return 40;
            }

            @Override
            public List<Figure> figures() {
                var status = rotation.status();
                long pending = status.pending();
                return List.of(
                        Figure.of("dashboard.subjects.subjects", inventory.countSubjects()),
                        Figure.of("dashboard.subjects.records", store.count(false)),
                        Figure.of("dashboard.subjects.sensitive", store.count(true)),
                        Figure.of("dashboard.subjects.recordings", recordings.count()),
                        new Figure("dashboard.subjects.reencryption", String.valueOf(pending), pending == 0),
                        new Figure(
                                "dashboard.subjects.unreadable",
                                String.valueOf(status.unreadable()),
                                status.unreadable() == 0));
            }
        };
    }
}
