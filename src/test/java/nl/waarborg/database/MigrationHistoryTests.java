package nl.waarborg.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import nl.waarborg.TestDatabases;
import nl.waarborg.WaarborgApplication;
import nl.waarborg.WaarborgTest;
import nl.waarborg.register.RetentionAnchor;
import nl.waarborg.subjects.internal.Model.StoredRecord;
import nl.waarborg.subjects.internal.RecordStore;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A database made by the release before {@code traffic} and {@code connectors} became modules of their own starts on
 * this code with its data and migration history intact: moving a migration file to another module's folder changes
 * nothing Flyway validates (it records the file name, not the folder), and the records' old anchor names are migrated.
 */
@WaarborgTest
class MigrationHistoryTests {

    /**
     * The first migration this release adds (file names sort by version): the release before had every earlier file,
     * traffic's and connectors' in subjects.
     */
    static final String THIS_RELEASE = "V20261204";

    static final Set<String> MOVED_FROM_SUBJECTS = Set.of("traffic", "connectors");

    @Autowired
    DataSource waarborg;

    @Autowired
    Environment environment;

    @TempDir
    Path previous;

    @Test
    void aDatabaseOfThePreviousReleaseStartsOnThisOneWithItsDataAndHistory() throws Exception {
        String url = TestDatabases.create(waarborg, "previous");
        DriverManagerDataSource database = new DriverManagerDataSource(url, "postgres", null);
        Flyway.configure()
                .dataSource(database)
                .locations(previousLayout())
                .load()
                .migrate();
        JdbcTemplate jdbc = new JdbcTemplate(database);
        List<Map<String, Object>> before = jdbc.queryForList(
                "SELECT version, script, checksum FROM flyway_schema_history ORDER BY installed_rank");
        assertThat(before).extracting(r -> r.get("script")).contains("V20261122_3000__traffic_cdr.sql");

        UUID subject = UUID.randomUUID();
        UUID record = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO subject (id, display_name, created_at, updated_at) VALUES (?, 'Ouder', now(), now())",
                subject);
        jdbc.update("""
                INSERT INTO store_record (id, category, source_system, created_at, updated_at, collected_at,
                       retention_period, retention_anchor, sensitive, payload)
                VALUES (?, 'user.contact.email', 'crm', now(), now(), now(), 'P1Y', 'COLLECTED', false, '{"a":1}')
                """, record);
        jdbc.update("INSERT INTO store_record_subject (record_id, subject_id) VALUES (?, ?)", record, subject);

        // This release on that database, as ./waarborg serve would run it with an external PostgreSQL.
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(WaarborgApplication.class)
                // As arguments, not default properties: those lose to application.properties, and a Waarborg already
                // running on this machine holds its port.
                .run(
                        "--spring.datasource.url=" + url,
                        "--spring.datasource.username=postgres",
                        "--server.port=0",
                        "--waarborg.scheduling.enabled=false",
                        "--waarborg.security.cli-token-file=target/test-data/cli-token-" + UUID.randomUUID(),
                        "--waarborg.subjects.keyring-file=target/test-data/keyring-" + UUID.randomUUID(),
                        "--waarborg.subjects.recordings-dir=target/test-data/recordings-" + UUID.randomUUID())) {
            List<Map<String, Object>> after = jdbc.queryForList(
                    "SELECT version, script, checksum FROM flyway_schema_history ORDER BY installed_rank");
            assertThat(after.subList(0, before.size()))
                    .as("the old history, unchanged")
                    .isEqualTo(before);
            assertThat(after.subList(before.size(), after.size()))
                    .extracting(r -> (String) r.get("script"))
                    .isNotEmpty()
                    .allMatch(script -> script.compareTo(THIS_RELEASE) >= 0);

            StoredRecord migrated =
                    app.getBean(RecordStore.class).metadata(record).orElseThrow();
            assertThat(migrated.retentionAnchor()).isEqualTo(RetentionAnchor.COLLECTION);
            assertThat(migrated.givenCategory()).isEqualTo("user.contact.email");
            assertThat(migrated.subjectIds()).containsExactly(subject);
            assertThat(jdbc.queryForObject("SELECT payload::text FROM store_record WHERE id = ?", String.class, record))
                    .isEqualTo("{\"a\": 1}");
        }
    }

    /**
     * The migration folders as the previous release had them: this release's configured folders with the files it
     * added left out, and the traffic and connectors files back in the subjects folder.
     */
    private String[] previousLayout() throws IOException {
        String[] locations =
                environment.getRequiredProperty("spring.flyway.locations").split(",");
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        for (Resource file : resolver.getResources("classpath*:db/migration/*/*.sql")) {
            String path = file.getURL().getPath();
            String module = path.substring(0, path.lastIndexOf('/'));
            module = module.substring(module.lastIndexOf('/') + 1);
            if (file.getFilename().compareTo(THIS_RELEASE) >= 0) {
                continue;
            }
            Path folder = previous.resolve(MOVED_FROM_SUBJECTS.contains(module) ? "subjects" : module);
            Files.createDirectories(folder);
            try (InputStream in = file.getInputStream()) {
                Files.copy(in, folder.resolve(file.getFilename()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return java.util.Arrays.stream(locations)
                .map(l -> l.strip().substring(l.strip().lastIndexOf('/') + 1))
                .filter(m -> !MOVED_FROM_SUBJECTS.contains(m))
                .map(m -> "filesystem:" + previous.resolve(m))
                .toArray(String[]::new);
    }
}
