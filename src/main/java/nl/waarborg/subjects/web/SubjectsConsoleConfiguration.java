package nl.waarborg.subjects.web;

import java.util.List;
import nl.waarborg.subjects.internal.Inventory;
import nl.waarborg.subjects.internal.KeyRotation;
import nl.waarborg.subjects.internal.RecordStore;
import nl.waarborg.subjects.internal.Recordings;
import nl.waarborg.web.ConsoleMenuItem;
import nl.waarborg.web.DashboardTile;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The subjects' console menu entry and dashboard tile: people, records, recordings, re-encryption. */
@Configuration(proxyBeanMethods = false)
class SubjectsConsoleConfiguration {

    @Bean
    ConsoleMenuItem subjectsMenu() {
        return new ConsoleMenuItem("menu.subjects", "/console/subjects", "subjects:read", 30);
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
